/// A UK postcode, normalised to upper case with one space before the inward code (`SW1A 1AA`).
///
/// Only the format is checked, never existence: a new-build estate or a typo in a real address must
/// not stop a practitioner recording where a child lives. Formats: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA,
/// AA99 9AA, AA9A 9AA, plus the non-geographic GIR 0AA.
public struct Postcode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let normalised: String

    public init?(_ text: String) {
        let compact = String(text.uppercased().filter { $0.isLetter || $0.isNumber })
        guard (5...7).contains(compact.count), compact.allSatisfy(\.isASCII) else { return nil }
        let inward = compact.suffix(3)
        let outward = compact.dropLast(3)
        guard Postcode.isInward(Array(inward)), compact == "GIR0AA" || Postcode.isOutward(Array(outward)) else {
            return nil
        }
        normalised = "\(outward) \(inward)"
    }

    static func isInward(_ chars: [Character]) -> Bool {
        chars.count == 3 && chars[0].isNumber && chars[1].isLetter && chars[2].isLetter
    }

    static func isOutward(_ chars: [Character]) -> Bool {
        // A9, A99, A9A, AA9, AA99, AA9A
        let shape = String(chars.map { $0.isLetter ? "A" : "9" })
        return ["A9", "A99", "A9A", "AA9", "AA99", "AA9A"].contains(shape)
    }

    /// The outward code, e.g. `SW1A` of `SW1A 1AA`.
    public var outward: String { String(normalised.split(separator: " ")[0]) }

    /// The sector, e.g. `SW1A 1` of `SW1A 1AA`: a few hundred households.
    public var sector: String { String(normalised.dropLast(2)) }

    public var description: String { normalised }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let postcode = Postcode(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a UK postcode like SW1A 1AA"))
        }
        self = postcode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(normalised)
    }
}

/// Whether a child's date of birth (or expected date of delivery) is believable on a given day.
public enum DateOfBirthCheck {
    public enum Problem: Error, Equatable, Sendable {
        case inFuture
        case tooOld
        case deliveryTooFar

        public var message: String {
            switch self {
            case .inFuture:
                "The date of birth must be today or in the past. For an unborn child, give the expected date of delivery."
            case .tooOld:
                "The date of birth makes the person over 25. Signpost is for children and care leavers up to 25."
            case .deliveryTooFar: "The expected date of delivery must be within the next 10 months."
            }
        }
    }

    /// Children's services work with young people up to 25 (care leavers, SEND).
    public static let maximumAgeYears = 25

    public static func check(dateOfBirth: CalendarDate, today: CalendarDate) -> Problem? {
        if dateOfBirth > today { return .inFuture }
        if dateOfBirth < today.adding(years: -maximumAgeYears) { return .tooOld }
        return nil
    }

    public static func check(expectedDelivery: CalendarDate, today: CalendarDate) -> Problem? {
        if expectedDelivery < today { return .inFuture }
        // 10 months, rounded up to a year boundary check: no pregnancy runs past 44 weeks.
        if expectedDelivery > today.adding(days: 305) { return .deliveryTooFar }
        return nil
    }
}
