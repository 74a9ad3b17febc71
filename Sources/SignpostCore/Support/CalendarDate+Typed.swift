import Foundation

/// Dates as people type them into one box: `31/12/2026` (the order England writes), `31-12-2026`,
/// `31.12.2026` or `31 12 2026`, with or without leading zeros, as well as `2026-12-31`. The year is
/// four digits: `31/12/26` is refused rather than guessed. Day and month are never swapped: an
/// American `12/31/2026` is not a date.
extension CalendarDate {
    public init?(typed text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let iso = CalendarDate(iso: trimmed) {
            self = iso
            return
        }
        let parts = trimmed.split(omittingEmptySubsequences: false, whereSeparator: { "/-. ".contains($0) })
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }
}
