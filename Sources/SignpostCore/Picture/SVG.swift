/// The few pieces every picture of the shared record is drawn with: escaping, fixed-precision
/// numbers (so the same input gives byte-identical SVG on every machine), and the accessible frame
/// (`role="img"`, `<title>`, `<desc>`). Pictures are strings built in Core: data in, SVG out.
public enum SVG {
    /// Text and attribute values, escaped for XML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with one decimal place, without Foundation's locale-dependent formatting.
    public static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// The outer element: scales to its container, announced with its title and summary (`id` names
    /// both so `aria-labelledby` reads them). A picture without links is one image (`role="img"`); one
    /// with links is a named group, because an image's children are presentational and a link inside
    /// it could not be reached or announced (WCAG 4.1.2, axe `nested-interactive`).
    public static func frame(id: String, width: Int, height: Int, title: String, desc: String, body: String) -> String {
        let id = escape(id)
        let role = body.contains("<a ") ? "group" : "img"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="app-picture" id="\(id)" viewBox="0 0 \(width) \(height)" \
            role="\(role)" aria-labelledby="\(id)-title \(id)-desc" focusable="false">\
            <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(desc))</desc>\
            \(body)</svg>
            """
    }

    /// A link inside the picture, reachable by keyboard (`<a>` in SVG takes focus) and named for screen
    /// readers; the page's stylesheet draws the focus ring on `.app-picture a:focus`.
    public static func link(href: String, label: String, body: String) -> String {
        "<a href=\"\(escape(href))\" aria-label=\"\(escape(label))\">\(body)</a>"
    }
}
