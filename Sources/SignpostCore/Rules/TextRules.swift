/// What any text a person types may hold, wherever it arrives (API, page or import).
///
/// Control characters (a NUL, an escape) can break the systems the record is copied into, and the
/// Unicode bidirectional controls can make a name read differently on screen from how it is stored
/// ("Trojan Source", CVE-2021-42574), which matters when a name is what practitioners match on. Every field
/// also has a maximum, so nobody can store 15,000 characters in an address line.
public enum TextRules {
    /// Names of a child, a carer, a consent giver or another name: given or family.
    public static let nameLimit = 100
    /// A role, a relationship, a phone number or another short label.
    public static let labelLimit = 100
    /// An address line, a school or a GP practice.
    public static let lineLimit = 200
    /// Free text: a note, a reason, a judgement, an assessment answer.
    public static let freeTextLimit = 10_000

    public enum Problem: Equatable, Sendable {
        case controlCharacter
        case bidiControl
        case tooLong(limit: Int)

        public func message(label: String) -> String {
            switch self {
            case .controlCharacter:
                "\(label) must not contain control characters such as tabs or line breaks."
            case .bidiControl:
                "\(label) must not contain characters that change the direction of text."
            case .tooLong(let limit):
                "\(label) must be \(limit) characters or fewer."
            }
        }
    }

    /// The first problem with a one-line field (a name, a role, an address line), or nil.
    public static func singleLineProblem(_ text: String, limit: Int) -> Problem? {
        problem(text, limit: limit, allowing: [])
    }

    /// The first problem with free text (a note, a reason), which may have line breaks and tabs, or nil.
    public static func multiLineProblem(_ text: String, limit: Int) -> Problem? {
        problem(text, limit: limit, allowing: ["\n", "\r", "\t"])
    }

    private static func problem(_ text: String, limit: Int, allowing allowed: Set<Unicode.Scalar>) -> Problem? {
        for scalar in text.unicodeScalars where !allowed.contains(scalar) {
            if isBidiControl(scalar) { return .bidiControl }
            if scalar.properties.generalCategory == .control { return .controlCharacter }
        }
        return text.count > limit ? .tooLong(limit: limit) : nil
    }

    /// The explicit directional formatting characters of Unicode UAX #9: embeddings, overrides, isolates,
    /// and the implicit marks (LRM, RLM, ALM).
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
