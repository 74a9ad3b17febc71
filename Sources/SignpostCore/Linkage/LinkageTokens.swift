import Foundation

/// What each field of a record contributes to its encoding, normalised as the matcher normalises (so every
/// node's encoder turns the same child into the same tokens).
extension LinkageEncoder {
    /// The tokens of each field, in `fields` order; a missing value has none.
    static func tokens(_ record: PreparedRecord) -> [[String]] {
        var given = bigrams(record.givenFirst)
        given += record.givenRoots.sorted().map { "root<\($0)>" }
        let family = record.familyParts.flatMap(bigrams)
        var date: [String] = []
        if let dob = record.dateOfBirth {
            let digits = String(format: "%04d%02d%02d", dob.year, dob.month, dob.day)
            date = digits.enumerated().map { "\($0.offset + 1) \($0.element)" }
            date.append("year<\(dob.year)>")
            date.append("dm<\(min(dob.day, dob.month)),\(max(dob.day, dob.month))>")
        }
        let sex: [String] =
            switch record.record.sex {
            case .male: ["sex<m>"]
            case .female: ["sex<f>"]
            case .unknown: []
            }
        return [given, family, date, sex, sector(record).enumerated().map { "\($0.offset + 1) \($0.element)" }]
    }

    /// Bigrams padded with a space at each end: "amy" → " a", "am", "my", "y ".
    static func bigrams(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        let padded = Array(" \(text) ")
        return (0..<(padded.count - 1)).map { String(padded[$0...$0 + 1]) }
    }

    /// The postcode sector (outward code and the inward digit, "LS62"): coarse, so the hub learns no address.
    static func sector(_ record: PreparedRecord) -> String {
        guard let postcode = record.postcode else { return "" }
        let parts = postcode.normalised.split(separator: " ")
        guard parts.count == 2, let digit = parts[1].first else { return "" }
        return String(parts[0]) + String(digit)
    }
}
