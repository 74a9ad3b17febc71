/// A Unique Pupil Number: 13 characters, a check letter then 12 characters (LA number, DfE
/// establishment number, year and serial). A temporary UPN ends in a letter.
///
/// Check letter = (Σ position × value over positions 2–13) mod 23, mapped onto
/// `ABCDEFGHJKLMNPQRTUVWXYZ`; in a temporary UPN the final letter counts as its index in that
/// sequence (DfE UPN guidance; python-stdnum `gb.upn`). Example: `B801200005001`.
public struct UniquePupilNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    static let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case badCharacters
        case checkLetterMismatch

        public var message: String {
            switch self {
            case .wrongLength:
                "A UPN has 13 characters: a letter, 11 digits, then a digit or a letter, like B801200005001."
            case .badCharacters: "A UPN starts with a letter, then has 11 digits, then a digit or a letter."
            case .checkLetterMismatch: "This is not a valid UPN: check it has been copied correctly."
            }
        }
    }

    public var isTemporary: Bool { value.last.map { $0.isLetter } ?? false }

    public static func parse(_ text: String) -> Result<UniquePupilNumber, Problem> {
        let cleaned = Array(text.filter { $0 != " " }.uppercased())
        guard cleaned.count == 13 else { return .failure(.wrongLength) }
        guard cleaned[0].isASCII, cleaned[0].isLetter,
            cleaned[1..<12].allSatisfy({ $0.isASCII && $0.isNumber }),
            cleaned[12].isASCII, cleaned[12].isNumber || letters.contains(cleaned[12])
        else { return .failure(.badCharacters) }
        guard let expected = checkLetter(for: Array(cleaned[1...])), expected == cleaned[0] else {
            return .failure(.checkLetterMismatch)
        }
        return .success(UniquePupilNumber(value: String(cleaned)))
    }

    /// The check letter for the 12 characters after it.
    public static func checkLetter(for body: [Character]) -> Character? {
        guard body.count == 12 else { return nil }
        var sum = 0
        for (offset, character) in body.enumerated() {
            let position = offset + 2
            let value: Int
            if let digit = character.wholeNumberValue, character.isASCII {
                value = digit
            } else if offset == 11, let index = letters.firstIndex(of: character) {
                value = index
            } else {
                return nil
            }
            sum += position * value
        }
        return letters[sum % 23]
    }

    public init?(_ text: String) {
        guard case .success(let upn) = UniquePupilNumber.parse(text) else { return nil }
        self = upn
    }

    private init(value: String) {
        self.value = value
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch UniquePupilNumber.parse(text) {
        case .success(let upn): self = upn
        case .failure(let problem):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
