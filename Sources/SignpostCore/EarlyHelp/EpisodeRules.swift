/// Dates and endings of an early-help episode.
public enum EpisodeRules {
    /// Reviews every 4 to 12 weeks (DOMAIN.md).
    public static let reviewInterval = 28...84

    public static func isValidNextReview(_ next: CalendarDate, after held: CalendarDate) -> Bool {
        reviewInterval.contains(next.dayNumber - held.dayNumber)
    }

    /// Overdue means the day has passed: due today is not overdue.
    public static func isOverdue(due: CalendarDate, today: CalendarDate) -> Bool { due < today }
}

public enum ActionStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
    case dropped

    public var isOpen: Bool { self == .notStarted || self == .inProgress }
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
