/// Drawing the agency-contact graph. Each line has its own dash pattern and marker shape as well as
/// its colour class, so colour is never the only signal; gaps are drawn as labelled marks, and the
/// longest time unseen as a hatched band.
extension ContactGraph {
    static let width = 720.0
    static let height = 360.0
    static let plot = (left: 48.0, right: 700.0, top: 24.0, bottom: 250.0)
    static let dashes = ["", "8 4", "2 3", "8 3 2 3", "12 4", "4 2"]

    /// `link(organisation, month)` gives the chronology filtered to that organisation and month.
    public func svg(id: String, link: (GraphOrganisation, YearMonth) -> String) -> String {
        var body =
            "<defs><pattern id=\"\(SVG.escape(id))-hatch\" width=\"8\" height=\"8\" "
            + "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" class=\"app-graph__hatch\" stroke=\"#505a5f\" "
            + "stroke-width=\"2\"/></pattern></defs>"
        guard !months.isEmpty else {
            return SVG.frame(
                id: id, width: Int(Self.width), height: Int(Self.height), title: "Agency contact over time",
                desc: summary, body: body)
        }
        let top = max(series.flatMap(\.counts).max() ?? 0, 1)
        body += unseenBand(id: id) + axes(top: top)
        for (index, line) in series.enumerated() {
            body += self.line(line, index: index, top: top, link: link)
        }
        body += gapMarks(top: top) + legend()
        return SVG.frame(
            id: id, width: Int(Self.width), height: Int(Self.height), title: "Agency contact over time",
            desc: summary, body: body)
    }

    func x(_ offset: Int) -> Double {
        let step = months.count > 1 ? (Self.plot.right - Self.plot.left) / Double(months.count - 1) : 0
        return months.count > 1 ? Self.plot.left + step * Double(offset) : (Self.plot.left + Self.plot.right) / 2
    }

    func x(of day: CalendarDate) -> Double {
        guard let first = months.first else { return Self.plot.left }
        let offset = Double(YearMonth(day).index - first.index)
        let within = Double(day.day - 1) / Double(CalendarDate.daysIn(month: day.month, year: day.year))
        return min(max(x(0) + (offset + within) * (x(1) - x(0)), Self.plot.left), Self.plot.right)
    }

    func y(_ count: Int, top: Int) -> Double {
        Self.plot.bottom - (Self.plot.bottom - Self.plot.top) * Double(count) / Double(top)
    }

    private func axes(top: Int) -> String {
        var out = "<g class=\"app-graph__axes\" font-size=\"11\">"
        let step = max(1, Int((Double(top) / 4).rounded(.up)))
        for value in stride(from: 0, through: top, by: step) {
            let yy = SVG.number(y(value, top: top))
            out +=
                "<line x1=\"\(SVG.number(Self.plot.left))\" y1=\"\(yy)\" x2=\"\(SVG.number(Self.plot.right))\" "
                + "y2=\"\(yy)\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>"
                + "<text x=\"\(SVG.number(Self.plot.left - 6))\" y=\"\(yy)\" text-anchor=\"end\" "
                + "dominant-baseline=\"middle\">\(value)</text>"
        }
        let every = max(1, Int((Double(months.count) / 12).rounded(.up)))
        for (offset, month) in months.enumerated() where offset % every == 0 {
            out +=
                "<text x=\"\(SVG.number(x(offset)))\" y=\"\(SVG.number(Self.plot.bottom + 16))\" "
                + "text-anchor=\"middle\">\(SVG.escape(month.label))</text>"
        }
        return out + "</g>"
    }

    private func line(
        _ line: GraphSeries, index: Int, top: Int, link: (GraphOrganisation, YearMonth) -> String
    ) -> String {
        let style = index % 6 + 1
        let points = line.counts.enumerated().map {
            "\(SVG.number(x($0.offset))),\(SVG.number(y($0.element, top: top)))"
        }
        let dash = Self.dashes[index % 6].isEmpty ? "" : " stroke-dasharray=\"\(Self.dashes[index % 6])\""
        var out =
            "<g class=\"app-graph__series app-graph__series--\(style)\">"
            + "<polyline class=\"app-graph__line app-graph__line--\(style)\" fill=\"none\" stroke=\"currentColor\" "
            + "stroke-width=\"2\"\(dash) points=\"\(points.joined(separator: " "))\"/>"
        for (offset, count) in line.counts.enumerated() where count > 0 || line.active[offset] {
            let shape = Self.marker(index, x: x(offset), y: y(count, top: top))
            if line.organisation.linkable {
                let label =
                    "\(line.organisation.name), \(months[offset].longLabel): "
                    + (count == 1 ? "1 contact" : "\(count) contacts")
                out += SVG.link(href: link(line.organisation, months[offset]), label: label, body: shape)
            } else {
                out += shape
            }
        }
        return out + "</g>"
    }

    /// Circle, square, triangle, diamond, cross, plus: one per line.
    static func marker(_ index: Int, x: Double, y: Double, size: Double = 4.5) -> String {
        let cx = SVG.number(x)
        let cy = SVG.number(y)
        func at(_ dx: Double, _ dy: Double) -> String { "\(SVG.number(x + dx)),\(SVG.number(y + dy))" }
        switch index % 6 {
        case 0: return "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(SVG.number(size))\" fill=\"currentColor\"/>"
        case 1:
            return
                "<rect x=\"\(SVG.number(x - size))\" y=\"\(SVG.number(y - size))\" width=\"\(SVG.number(size * 2))\" "
                + "height=\"\(SVG.number(size * 2))\" fill=\"currentColor\"/>"
        case 2:
            return "<polygon points=\"\(at(0, -size)) \(at(size, size)) \(at(-size, size))\" fill=\"currentColor\"/>"
        case 3:
            return
                "<polygon points=\"\(at(0, -size)) \(at(size, 0)) \(at(0, size)) \(at(-size, 0))\" fill=\"currentColor\"/>"
        case 4:
            return "<path d=\"M\(at(-size, -size))L\(at(size, size))M\(at(size, -size))L\(at(-size, size))\" "
                + "stroke=\"currentColor\" stroke-width=\"2.5\" fill=\"white\"/>"
        default:
            return "<path d=\"M\(at(-size, 0))L\(at(size, 0))M\(at(0, -size))L\(at(0, size))\" "
                + "stroke=\"currentColor\" stroke-width=\"2.5\" fill=\"white\"/>"
        }
    }

    private func unseenBand(id: String) -> String {
        guard
            case .longestUnseen(let from, let to, let days)? = gaps.first(where: {
                if case .longestUnseen = $0 { return true }
                return false
            })
        else { return "" }
        let left = x(of: from)
        let right = max(x(of: to), left + 2)
        return "<g class=\"app-graph__gap app-graph__unseen\"><rect x=\"\(SVG.number(left))\" "
            + "y=\"\(SVG.number(Self.plot.top))\" width=\"\(SVG.number(right - left))\" "
            + "height=\"\(SVG.number(Self.plot.bottom - Self.plot.top))\" fill=\"url(#\(SVG.escape(id))-hatch)\" "
            + "fill-opacity=\"0.35\"/><text x=\"\(SVG.number((left + right) / 2))\" y=\"\(SVG.number(Self.plot.top - 8))\" "
            + "text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">Not seen for \(days) days</text></g>"
    }

    private func gapMarks(top: Int) -> String {
        var out = "<g class=\"app-graph__gaps\" font-size=\"11\">"
        for gap in gaps {
            switch gap {
            case .noContact(let code, _, let month):
                guard let offset = months.firstIndex(of: month),
                    let line = series.firstIndex(where: {
                        $0.organisation.code == code
                    })
                else { continue }
                out +=
                    "<text class=\"app-graph__gap\" x=\"\(SVG.number(x(offset)))\" "
                    + "y=\"\(SVG.number(y(0, top: top) + 4 - Double(line % 3) * 9))\" text-anchor=\"middle\" "
                    + "font-weight=\"bold\">×</text>"
            case .reviewMissed(let name, let by), .reviewDue(let name, let by):
                let xx = SVG.number(x(of: by))
                let word = if case .reviewMissed = gap { "Missed" } else { "Due" }
                out +=
                    "<line class=\"app-graph__gap\" x1=\"\(xx)\" y1=\"\(SVG.number(Self.plot.top))\" x2=\"\(xx)\" "
                    + "y2=\"\(SVG.number(Self.plot.bottom))\" stroke=\"#d4351c\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
                    + "<text x=\"\(xx)\" y=\"\(SVG.number(Self.plot.top + 12))\" font-weight=\"bold\" "
                    + "text-anchor=\"middle\">\(SVG.escape("\(word): \(name)"))</text>"
            case .lowAttendance(let month, let percent):
                guard let offset = months.firstIndex(of: month) else { continue }
                out +=
                    "<text class=\"app-graph__gap\" x=\"\(SVG.number(x(offset)))\" "
                    + "y=\"\(SVG.number(Self.plot.bottom - 6))\" text-anchor=\"middle\">"
                    + "\(SVG.number(percent))%</text>"
            case .longestUnseen: continue
            }
        }
        return out + "</g>"
    }

    private func legend() -> String {
        var out = "<g class=\"app-graph__legend\" font-size=\"12\">"
        for (index, line) in series.enumerated() {
            let column = Double(index % 3)
            let row = Double(index / 3)
            let left = Self.plot.left + column * 220
            let top = Self.plot.bottom + 40 + row * 18
            let style = index % 6 + 1
            let dash = Self.dashes[index % 6].isEmpty ? "" : " stroke-dasharray=\"\(Self.dashes[index % 6])\""
            out +=
                "<g class=\"app-graph__series--\(style)\"><line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(top))\" "
                + "x2=\"\(SVG.number(left + 28))\" y2=\"\(SVG.number(top))\" stroke=\"currentColor\" stroke-width=\"2\"\(dash)/>"
                + Self.marker(index, x: left + 14, y: top)
                + "<text x=\"\(SVG.number(left + 34))\" y=\"\(SVG.number(top))\" dominant-baseline=\"middle\">"
                + "\(SVG.escape(String(line.organisation.name.prefix(28))))</text></g>"
        }
        return out + "</g>"
    }
}
