import Foundation

/// GOV.UK's wording for a date that could not be read. A page's three date boxes reach services as
/// `day/month/year` when they do not make a real date (see `DateInput.join`), so the message can say
/// which box is missing, as the GOV.UK date input pattern asks.
enum DateEntry {
    /// For example "Date of birth must include a month" or "Date of birth must be a real date".
    static func problem(in typed: String, label: String) -> String {
        let parts = typed.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 3 {
            let missing = zip(["day", "month", "year"], parts).filter { $0.1.isEmpty }.map(\.0)
            if !missing.isEmpty { return "\(label) must include a \(missing.joined(separator: " and a "))" }
            if parts[2].count != 4 { return "\(label) must include a year of 4 numbers, for example 2026" }
        }
        return "\(label) must be a real date"
    }
}
