import Foundation

/// Words for people, not systems: lists joined as a person would write them, and counts with the
/// right plural.
enum PlainEnglish {
    /// "a", "a or b", "a, b or c".
    static func list(_ items: [String], conjunction: String = "or") -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }

    /// "1 child", "2 children".
    static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }

    /// The text ending in one full stop: "Seen in clinic." stays as it is, "Seen in clinic" gains one, so
    /// a typed answer placed before a sentence's end never reads "..".
    static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return trimmed }
        return ".?!".contains(last) ? trimmed : trimmed + "."
    }

    /// A stored code no list labels, as words rather than as stored: "left-england" reads "Left england".
    static func words(fromCode code: String) -> String {
        let spaced = code.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            .trimmingCharacters(in: .whitespaces)
        guard let first = spaced.first else { return "Not recorded" }
        return first.uppercased() + String(spaced.dropFirst())
    }
}
