import Foundation
import SignpostCore

/// How times read to people, everywhere on the pages and in messages: "1 December 2026 at 6:33pm", in
/// London time (GMT or BST, as the clock on the wall). Dates alone read "1 December 2026". The audit
/// log's own page keeps the exact UTC instant, because auditors compare it across systems.
enum DisplayTime {
    /// "1 December 2026 at 6:33pm", London time.
    static func minute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        formatter.amSymbol = "am"
        formatter.pmSymbol = "pm"
        formatter.dateFormat = "d MMMM yyyy 'at' h:mma"
        return formatter.string(from: date)
    }

    /// The same words, for messages (notifications say when something happened).
    static func inWords(_ date: Date) -> String {
        minute(date)
    }

    /// "1 December 2026", for a stored `YYYY-MM-DD` (returned as it is if it is not a date).
    static func day(_ iso: String) -> String {
        guard let date = CalendarDate(iso: iso) else { return iso }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMMM yyyy"
        var components = DateComponents()
        (components.year, components.month, components.day) = (date.year, date.month, date.day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components).map(formatter.string) ?? iso
    }
}
