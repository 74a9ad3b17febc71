import Foundation
import SignpostCore

/// How times read to people, everywhere on the pages and in messages: "1 December 2026 at 6:33pm", in
/// London time (GMT or BST, as the clock on the wall). Dates alone read "1 December 2026". The audit
/// log's own page keeps the exact UTC instant, because auditors compare it across systems.
enum DisplayTime {
    /// "1 December 2026 at 6:33pm", London time.
    static func minute(_ date: Date) -> String {
        let parts = london.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (hour, minute) = (parts.hour ?? 0, parts.minute ?? 0)
        let clock = "\((hour + 11) % 12 + 1):\(minute < 10 ? "0" : "")\(minute)\(hour < 12 ? "am" : "pm")"
        return "\(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) at \(clock)"
    }

    /// The same words, for messages (notifications say when something happened).
    static func inWords(_ date: Date) -> String {
        minute(date)
    }

    /// The day and the `HH:mm` time of an instant on a London clock: when a system entry happened.
    static func londonDayAndTime(_ date: Date) -> (CalendarDate, String) {
        let parts = london.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)!
        let (hour, minute) = (parts.hour ?? 0, parts.minute ?? 0)
        return (day, "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)")
    }

    /// "1 December 2026", for a stored `YYYY-MM-DD` (returned as it is if it is not a date).
    static func day(_ iso: String) -> String {
        guard let date = CalendarDate(iso: iso) else { return iso }
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    // Built once: a formatter per call cost more than the page it was formatting a date for.
    private static let london: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        return calendar
    }()

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}
