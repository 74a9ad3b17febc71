/// When something due on a day is overdue. One rule for shield reviews, early-help reviews and
/// actions, on every page, dashboard and API answer.
///
/// The due day itself is not overdue: a review due today can still be held today, so it shows as due
/// and turns overdue at the start of the next day. Days are calendar days in the service's time zone
/// (`CalendarDate`), not 24-hour periods.
public enum Deadlines {
    public static func isOverdue(dueOn due: CalendarDate, today: CalendarDate) -> Bool { due < today }

    /// A stored ISO date; a missing or unreadable date is never overdue.
    public static func isOverdue(dueOn iso: String?, today: CalendarDate) -> Bool {
        guard let iso, let due = CalendarDate(iso: iso) else { return false }
        return isOverdue(dueOn: due, today: today)
    }
}
