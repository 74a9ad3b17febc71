/// Dates and endings of an early-help episode.
public enum EpisodeRules {
    /// Reviews every 4 to 12 weeks (DOMAIN.md).
    public static let reviewInterval = 28...84

    public static func isValidNextReview(_ next: CalendarDate, after held: CalendarDate) -> Bool {
        reviewInterval.contains(next.dayNumber - held.dayNumber)
    }

    /// The one deadline rule (`Deadlines.isOverdue`), under the name the early-help code first used.
    public static func isOverdue(due: CalendarDate, today: CalendarDate) -> Bool {
        Deadlines.isOverdue(dueOn: due, today: today)
    }
}

/// Where an early-help episode is: waiting for the family's consent statement, being written, done
/// (the team works to its plan), or closed with a reason.
public enum EpisodeStatus: String, Sendable, Codable, CaseIterable {
    case consent
    case draft
    case completed
    case closed

    /// The assessment text may still change.
    public var isEditable: Bool { self == .draft }
    /// Not yet completed: the assessment is being prepared.
    public var isBeforeCompletion: Bool { self == .consent || self == .draft }

    /// The status as practitioners read it.
    public var displayName: String {
        switch self {
        case .consent: "Waiting for the consent statement"
        case .draft: "Assessment in progress"
        case .completed: "Assessment completed: the team is working to its plan"
        case .closed: "Closed"
        }
    }
}

public enum ActionStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
    case dropped

    public var isOpen: Bool { self == .notStarted || self == .inProgress }

    /// The status as practitioners read it.
    public var displayName: String {
        switch self {
        case .notStarted: "Not started"
        case .inProgress: "In progress"
        case .done: "Done"
        case .dropped: "Dropped"
        }
    }
}

public enum ClosureReason: String, Sendable, Codable, CaseIterable {
    case needsMet = "needs-met"
    case disengaged
    case consentWithdrawn = "consent-withdrawn"
    case movedAuthority = "moved-authority"
    case steppedUp = "stepped-up"

    public var displayName: String {
        switch self {
        case .needsMet: "Needs met: universal services are enough"
        case .disengaged: "The family disengaged"
        case .consentWithdrawn: "Consent was withdrawn"
        case .movedAuthority: "Moved to another authority"
        case .steppedUp: "Stepped up to children's social care"
        }
    }
}
