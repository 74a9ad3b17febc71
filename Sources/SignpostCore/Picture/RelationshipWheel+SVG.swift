import Foundation

/// The wheel drawn as SVG. Ring differs from ring by dash pattern and node shape (circle, square,
/// diamond) as well as colour, so colour is never the only signal; a flagged node carries a visible "!"
/// and a thick dashed outline; a gap is an empty dashed place on its ring. Every text is escaped and
/// every number written by `SVG.number`, so the same wheel gives byte-identical SVG.
extension RelationshipWheel {
    /// The picture, with `link(node)` as each node's address (nil: not a link). A hidden service is drawn
    /// only as "Another service": its name, kind and role are never written.
    public func svg(id: String, link: (WheelNode) -> String?) -> String {
        var parts = WheelRing.allCases.map(Self.ringCircle)
        parts += Self.legend
        parts.append(Self.child(childName))
        parts += places.map(Self.place)
        for node in nodes {
            let body = Self.nodeBody(node)
            if let href = link(node) {
                parts.append(SVG.link(href: href, label: Self.linkLabel(node), body: body))
            } else {
                parts.append(body)
            }
        }
        return SVG.frame(
            id: id, width: Int(Self.size), height: Int(Self.size), title: "Relationships wheel for \(childName)",
            desc: summary, body: "\n" + parts.joined(separator: "\n") + "\n")
    }

    /// What a screen reader announces for a linked node: its name, its ring and what it is flagged for.
    static func linkLabel(_ node: WheelNode) -> String {
        let flags = node.flags.map(\.text) + node.gapFlags.map(\.text)
        let named = "\(node.label), \(node.ring.label)"
        return flags.isEmpty ? named : "\(named), \(flags.joined(separator: "; "))"
    }

    // MARK: Pieces

    struct Paint {
        var fill: String
        var stroke: String
        var dash: String
    }

    /// Each ring's colours and dash pattern (GOV.UK palette: blue, green, purple).
    static func paint(_ ring: WheelRing) -> Paint {
        switch ring {
        case .family: Paint(fill: "#d2e2f1", stroke: "#1d70b8", dash: "2 4")
        case .universal: Paint(fill: "#cce2d8", stroke: "#00703c", dash: "8 4")
        case .targeted: Paint(fill: "#dbd5e9", stroke: "#4c2c92", dash: "16 6")
        }
    }

    static func ringCircle(_ ring: WheelRing) -> String {
        let middle = SVG.number(Self.centre)
        return """
            <circle class="app-wheel__ring app-wheel__ring--\(ring.rawValue)" cx="\(middle)" cy="\(middle)" \
            r="\(SVG.number(radius(ring)))" fill="none" stroke="\(paint(ring).stroke)" stroke-width="2" \
            stroke-dasharray="\(paint(ring).dash)"/>
            """
    }

    /// The key, in the corners the rings leave free: each ring's number, shape and name, then the marks.
    static var legend: [String] {
        var parts: [String] = []
        for (index, ring) in WheelRing.allCases.enumerated() {
            let y = 22 + 18 * Double(index)
            let colours = #"fill="\#(paint(ring).fill)" stroke="\#(paint(ring).stroke)" stroke-width="1.5""#
            parts.append(
                "<g class=\"app-wheel__legend\">" + shape(ring, x: 16, y: y - 4, size: 6, attributes: colours)
                    + text("\(ring.rawValue) \(ring.label)", x: 28, y: y, size: 11, anchor: "start") + "</g>")
        }
        parts.append(text("! An unexplained role", x: 712, y: 22, size: 11, anchor: "end"))
        parts.append(text("Dashed empty shape: a gap", x: 712, y: 40, size: 11, anchor: "end"))
        return parts
    }

    /// The child at the centre: the page is only for the team, so the name is shown.
    static func child(_ name: String) -> String {
        let written = SVG.number(Self.centre)
        var parts = [
            "<g class=\"app-wheel__child\">",
            ##"<circle cx="\##(written)" cy="\##(written)" r="44" fill="#f3f2f1" stroke="#0b0c0c" stroke-width="2"/>"##,
        ]
        let words = name.split(separator: " ", maxSplits: 1).map(String.init)
        let middle = Self.centre
        if words.count == 2 {
            parts.append(text(clipped(words[0], to: 14), x: middle, y: middle - 4, size: 13, bold: true))
            parts.append(text(clipped(words[1], to: 14), x: middle, y: middle + 12, size: 13, bold: true))
        } else {
            parts.append(text(clipped(name, to: 14), x: middle, y: middle + 4, size: 13, bold: true))
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// A gap: the ring's shape, empty and dashed, named for what is missing.
    static func place(_ place: WheelPlace) -> String {
        let outline = ##"fill="none" stroke="#505a5f" stroke-width="2" stroke-dasharray="4 4""##
        let lines = lineYs(count: 1, y: place.y)
        return "<g class=\"app-wheel__gap app-wheel__gap--ring-\(place.ring.rawValue)\">"
            + shape(place.ring, x: place.x, y: place.y, size: 16, attributes: outline)
            + text(place.gap.placeLabel, x: textX(place.x), y: lines[0], size: 12, bold: true) + "</g>"
    }

    /// A person or service: its shape, its name and detail, a note of a lapse in contact, and the "!" mark.
    static func nodeBody(_ node: WheelNode) -> String {
        let flagged = !node.flags.isEmpty
        let lapsed = !node.gapFlags.isEmpty
        var classes = "app-wheel__node app-wheel__node--ring-\(node.ring.rawValue)"
        if flagged { classes += " app-wheel__node--flagged" }
        if lapsed { classes += " app-wheel__node--no-recent-contact" }
        let colours = paint(node.ring)
        let outline =
            flagged
            ? ##"fill="\##(colours.fill)" stroke="#d4351c" stroke-width="4" stroke-dasharray="6 3""##
            : #"fill="\#(colours.fill)" stroke="\#(colours.stroke)" stroke-width="2""#
        var lines = [(clipped(node.label, to: 26), 12, true)]
        if !node.detail.isEmpty { lines.append((clipped(node.detail, to: 30), 11, false)) }
        if lapsed { lines.append(("No contact in 3 months", 11, true)) }
        let ys = lineYs(count: lines.count, y: node.y)
        var parts = ["<g class=\"\(classes)\">", shape(node.ring, x: node.x, y: node.y, size: 16, attributes: outline)]
        for (line, y) in zip(lines, ys) {
            parts.append(text(line.0, x: textX(node.x), y: y, size: line.1, bold: line.2))
        }
        if flagged {
            parts.append(
                text("!", x: node.x, y: node.y + 6, size: 18, bold: true, className: "app-wheel__marker"))
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// The ring's shape centred on (x, y): circle for family, square for universal, diamond for targeted.
    static func shape(_ ring: WheelRing, x: Double, y: Double, size: Double, attributes: String) -> String {
        switch ring {
        case .family:
            return "<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"\(SVG.number(size))\" \(attributes)/>"
        case .universal:
            let side = size * 1.9
            return """
                <rect x="\(SVG.number(x - side / 2))" y="\(SVG.number(y - side / 2))" width="\(SVG.number(side))" \
                height="\(SVG.number(side))" \(attributes)/>
                """
        case .targeted:
            let reach = size * 1.15
            let points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
                .map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
            return "<polygon points=\"\(points)\" \(attributes)/>"
        }
    }

    static func text(
        _ content: String, x: Double, y: Double, size: Int, bold: Bool = false, anchor: String = "middle",
        className: String? = nil
    ) -> String {
        let classAttribute = className.map { " class=\"\($0)\"" } ?? ""
        let weight = bold ? " font-weight=\"700\"" : ""
        return """
            <text\(classAttribute) x="\(SVG.number(x))" y="\(SVG.number(y))" text-anchor="\(anchor)" \
            font-size="\(size)"\(weight)>\(SVG.escape(content))</text>
            """
    }

    /// The baselines of a node's lines: below the node, or above it near the foot of the canvas so the
    /// text stays inside.
    static func lineYs(count: Int, y: Double) -> [Double] {
        let below = y < size - 90
        return (0..<count).map { line in
            below ? y + 32 + 14 * Double(line) : y - 26 - 14 * Double(count - 1 - line)
        }
    }

    /// A label's centre, kept far enough from the sides that a clipped label stays on the canvas.
    static func textX(_ x: Double) -> Double { min(max(x, 90), size - 90) }

    /// Long names are clipped on the picture; the table beside it gives them in full.
    static func clipped(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
