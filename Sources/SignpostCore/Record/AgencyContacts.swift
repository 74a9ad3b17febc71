/// How an agency was in contact with a child.
public enum ContactKind: String, Sendable, Codable, CaseIterable {
    case homeVisit = "home-visit"
    case appointment
    case schoolAttendance = "school-attendance"
    case phoneCall = "phone-call"
    case meeting
    case other

    public var label: String {
        switch self {
        case .homeVisit: "Home visit"
        case .appointment: "Appointment"
        case .schoolAttendance: "School attendance"
        case .phoneCall: "Phone call"
        case .meeting: "Meeting"
        case .other: "Other"
        }
    }
}

/// What came of a contact.
public enum ContactOutcome: String, Sendable, Codable, CaseIterable {
    case seen
    case notSeen = "not-seen"
    case missed
    case cancelled
    case noAccess = "no-access"

    public var label: String {
        switch self {
        case .seen: "Seen"
        case .notSeen: "Not seen"
        case .missed: "Missed"
        case .cancelled: "Cancelled"
        case .noAccess: "No access"
        }
    }

    /// The contact did not happen as planned: the child was not reached.
    public var isMissed: Bool { self == .missed || self == .noAccess || self == .cancelled }
}

/// One contact as the schedule sees it.
public struct ContactFact: Sendable, Equatable {
    public var on: CalendarDate
    public var kind: ContactKind
    public var outcome: ContactOutcome
    public var childSeen: Bool
    /// The contact was made by a health visiting service (it can meet a Healthy Child Programme review).
    public var byHealthVisiting: Bool
    /// School attendance for one week: sessions possible and attended.
    public var sessionsPossible: Int?
    public var sessionsAttended: Int?

    public init(
        on: CalendarDate, kind: ContactKind, outcome: ContactOutcome, childSeen: Bool, byHealthVisiting: Bool = false,
        sessionsPossible: Int? = nil, sessionsAttended: Int? = nil
    ) {
        self.on = on
        self.kind = kind
        self.outcome = outcome
        self.childSeen = childSeen
        self.byHealthVisiting = byHealthVisiting
        self.sessionsPossible = sessionsPossible
        self.sessionsAttended = sessionsAttended
    }
}

/// One contact the child is expected to have, and whether it happened.
public struct ExpectedContact: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Not yet due.
        case upcoming
        /// Due now: the window is open and no contact has met it.
        case due
        case met
        /// The window has closed with no contact meeting it.
        case missed
    }

    public var name: String
    public var from: CalendarDate
    public var by: CalendarDate
    public var state: State
}

/// The picture of contact with a child: when the child was last seen, the expected contacts and
/// whether they happened, and school attendance. Computed from the contacts the viewer may see.
public struct ContactPicture: Sendable, Equatable {
    public var lastSeen: CalendarDate?
    public var daysSinceSeen: Int?
    /// Not seen for longer than the agreed frequency (or `ContactSchedule.notSeenDays` without one).
    public var notSeenTooLong: Bool
    public var expected: [ExpectedContact]
    public var missedContacts: Int
    /// Sessions attended over sessions possible this school year, as a percentage, where recorded.
    public var attendancePercent: Double?
    /// Below 90 %: persistent absence, as the Department for Education counts it.
    public var persistentAbsence: Bool
}

public enum ContactSchedule {
    /// Without an agreed frequency, a child not seen for longer than this is flagged.
    public static let notSeenDays = 28
    /// Below this attendance a child is persistently absent.
    public static let persistentAbsenceBelow = 90.0

    /// The Healthy Child Programme's mandated health visiting reviews, from the date of birth (or, for
    /// the antenatal contact, from the expected date of delivery: 28 weeks of pregnancy is 12 weeks before it).
    public static func healthVisitingReviews(dateOfBirth: CalendarDate?, expectedDelivery: CalendarDate?)
        -> [(name: String, from: CalendarDate, by: CalendarDate)]
    {
        if let dateOfBirth {
            return [
                ("New birth visit", dateOfBirth.adding(days: 10), dateOfBirth.adding(days: 14)),
                ("6 to 8 week review", dateOfBirth.adding(days: 42), dateOfBirth.adding(days: 56)),
                ("9 to 12 month review", dateOfBirth.adding(months: 9), dateOfBirth.adding(months: 12)),
                ("2 to 2½ year review", dateOfBirth.adding(months: 24), dateOfBirth.adding(months: 30)),
            ]
        }
        if let expectedDelivery {
            return [("Antenatal contact", expectedDelivery.adding(days: -84), expectedDelivery)]
        }
        return []
    }

    public static func picture(
        contacts: [ContactFact], dateOfBirth: CalendarDate?, expectedDelivery: CalendarDate?,
        reviewDue: CalendarDate?, frequencyDays: Int?, today: CalendarDate
    ) -> ContactPicture {
        let seen = contacts.filter { $0.childSeen && $0.on <= today }.map(\.on).max()
        let days = seen.map { today.dayNumber - $0.dayNumber }
        // The programme's health visiting runs to the age of 5: an older child has no reviews to expect.
        let underFive = dateOfBirth.map { today < $0.adding(years: 5) } ?? true
        let reviews =
            underFive ? healthVisitingReviews(dateOfBirth: dateOfBirth, expectedDelivery: expectedDelivery) : []
        var expected = reviews.map {
            review in
            let met = contacts.contains {
                $0.byHealthVisiting && $0.childSeen && $0.on >= review.from.adding(days: -7) && $0.on <= review.by
            }
            return ExpectedContact(
                name: review.name, from: review.from, by: review.by,
                state: met ? .met : today < review.from ? .upcoming : today <= review.by ? .due : .missed)
        }
        if let reviewDue {
            expected.append(
                ExpectedContact(
                    name: "Early-help review", from: reviewDue.adding(days: -14), by: reviewDue,
                    state: today > reviewDue ? .missed : today >= reviewDue.adding(days: -14) ? .due : .upcoming))
        }
        let thisYear = schoolYearStart(today)
        let weeks = contacts.filter { $0.kind == .schoolAttendance && $0.on >= thisYear && $0.on <= today }
        let possible = weeks.compactMap(\.sessionsPossible).reduce(0, +)
        let attended = weeks.compactMap(\.sessionsAttended).reduce(0, +)
        let attendance = possible > 0 ? 100 * Double(attended) / Double(possible) : nil
        return ContactPicture(
            lastSeen: seen, daysSinceSeen: days,
            notSeenTooLong: days.map { $0 > (frequencyDays ?? notSeenDays) } ?? !contacts.isEmpty,
            expected: expected, missedContacts: contacts.filter { $0.outcome.isMissed }.count,
            attendancePercent: attendance,
            persistentAbsence: attendance.map { $0 < persistentAbsenceBelow } ?? false)
    }

    /// 1 September of the school year that `day` falls in.
    public static func schoolYearStart(_ day: CalendarDate) -> CalendarDate {
        CalendarDate(year: day.month >= 9 ? day.year : day.year - 1, month: 9, day: 1)!
    }
}

extension CalendarDate {
    /// Adds whole months; a day past the new month's end becomes its last day.
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        return CalendarDate(
            year: newYear, month: newMonth, day: min(day, CalendarDate.daysIn(month: newMonth, year: newYear)))!
    }
}
