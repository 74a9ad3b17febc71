/// An NHS number: 10 digits whose last is a Modulus 11 check digit.
///
/// Check digit = 11 − (Σ digit₁…₉ × weights 10…2 mod 11); 11 becomes 0 and 10 means the number is
/// invalid (NHS Data Dictionary, "NHS Number"). 999 000 0000 – 999 999 9999 pass the check but are
/// never issued: they are for testing and demo data.
public struct NHSNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public let digits: String

    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case notDigits
        case checkDigitIsTen
        case checkDigitMismatch

        public var message: String {
            switch self {
            case .wrongLength: "An NHS number has 10 digits, like 943 476 5919."
            case .notDigits: "An NHS number contains only digits and spaces."
            case .checkDigitIsTen, .checkDigitMismatch:
                "This is not a valid NHS number: check it has been copied correctly."
            }
        }
    }

    /// Accepts spaces and hyphens as people write them (`943 476 5919`, `943-476-5919`).
    public static func parse(_ text: String) -> Result<NHSNumber, Problem> {
        let cleaned = text.filter { $0 != " " && $0 != "-" }
        guard cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.notDigits) }
        guard cleaned.count == 10 else { return .failure(.wrongLength) }
        let values = cleaned.compactMap { $0.wholeNumberValue }
        var sum = 0
        for index in 0..<9 { sum += values[index] * (10 - index) }
        var check = 11 - (sum % 11)
        if check == 11 { check = 0 }
        if check == 10 { return .failure(.checkDigitIsTen) }
        guard check == values[9] else { return .failure(.checkDigitMismatch) }
        return .success(NHSNumber(digits: cleaned))
    }

    public init?(_ text: String) {
        guard case .success(let number) = NHSNumber.parse(text) else { return nil }
        self = number
    }

    private init(digits: String) {
        self.digits = digits
    }

    /// In the range reserved for testing, never issued to a person.
    public var isTestNumber: Bool { digits.hasPrefix("999") }

    /// Displayed 3-3-4, as on NHS documents.
    public var formatted: String {
        let chars = Array(digits)
        return String(chars[0..<3]) + " " + String(chars[3..<6]) + " " + String(chars[6..<10])
    }

    public var description: String { formatted }

    /// Completes nine digits with their check digit, or nil when no check digit exists (result 10).
    public static func completing(_ nineDigits: String) -> NHSNumber? {
        guard nineDigits.count == 9 else { return nil }
        let values = nineDigits.compactMap { $0.wholeNumberValue }
        guard values.count == 9 else { return nil }
        var sum = 0
        for index in 0..<9 { sum += values[index] * (10 - index) }
        var check = 11 - (sum % 11)
        if check == 11 { check = 0 }
        guard check != 10 else { return nil }
        return NHSNumber(digits: nineDigits + String(check))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch NHSNumber.parse(text) {
        case .success(let number): self = number
        case .failure(let problem):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
