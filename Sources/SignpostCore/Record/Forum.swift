/// What a forum post is: the team's running conversation about a child.
public enum ForumPostKind: String, Sendable, Codable, CaseIterable {
    case observation
    case progress
    case concern

    public var label: String {
        switch self {
        case .observation: "Observation"
        case .progress: "Progress"
        case .concern: "Concern"
        }
    }
}

/// Working days for the escalation of a concern raised for attention: Monday to Friday, less
/// England's bank holidays.
public enum WorkingDays {
    /// A concern not acknowledged within this many working days goes to the authority's data manager.
    public static let acknowledgementDays = 2

    /// England and Wales bank holidays, 2025 to 2028 (gov.uk/bank-holidays).
    public static let bankHolidays: Set<String> = [
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
        "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
        "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
        "2027-08-30", "2027-12-27", "2027-12-28", "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01",
        "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26",
    ]

    public static func isWorkingDay(_ day: CalendarDate) -> Bool {
        // 1970-01-01 was a Thursday: day number 0.
        let weekday = ((day.dayNumber % 7) + 7 + 3) % 7  // 0 = Monday ... 6 = Sunday
        return weekday < 5 && !bankHolidays.contains(day.iso)
    }

    /// The day `count` working days after `day` (a concern raised at the weekend counts from Monday).
    public static func adding(_ count: Int, to day: CalendarDate) -> CalendarDate {
        var current = day
        var left = count
        while left > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { left -= 1 }
        }
        return current
    }

    /// A concern raised on `raisedOn` and not acknowledged is overdue once `today` is past the
    /// acknowledgement period's last working day.
    public static func isOverdue(raisedOn: CalendarDate, today: CalendarDate) -> Bool {
        today > adding(acknowledgementDays, to: raisedOn)
    }
}

extension Policy {
    /// Whether a forum post's author and service are shown to this actor. A practitioner of a
    /// sensitive service posts as "another service" unless they chose to name their service; their
    /// own service and the child's authority's data managers always see who posted.
    public static func showsPostAuthor(
        postOrganisation: String, postedAnonymously: Bool, to actor: Actor, child: ChildFacts
    ) -> Bool {
        !postedAnonymously || isDataManager(actor, of: child)
            || (actor.roles.contains(.practitioner) && actor.organisationCode == postOrganisation)
    }
}

extension Policy {
    /// Who is shown an unacknowledged concern raised for attention, to acknowledge it: the lead
    /// professional at once; the child's authority's data managers once it is 2 working days old.
    public static func seesOpenConcern(
        _ actor: Actor, child: ChildFacts, raisedOn: CalendarDate, today: CalendarDate
    ) -> Bool {
        if isLeadProfessional(actor, child) { return true }
        return isDataManager(actor, of: child) && WorkingDays.isOverdue(raisedOn: raisedOn, today: today)
    }
}
