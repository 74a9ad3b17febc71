import Foundation

/// The status sets stored on records, as the server writes and reads them. Each raw value is the
/// text stored in the database and shown in the API, so a rename here is a migration.

/// A practitioner's involvement with a child: current, or ended (kept for the history).
public enum InvolvementStatus: String, Sendable, Codable, CaseIterable {
    case active
    case ended
}

/// A request to join a child's team.
public enum JoinRequestStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case admitted
    case declined
}

/// An invitation to join a child's team, sent by the lead professional or a data manager of the child's
/// authority and answered by the practitioner invited: the mirror of a join request.
public enum TeamInvitationStatus: String, Sendable, Codable, CaseIterable {
    case invited
    case accepted
    case declined

    /// The status after the invited practitioner answers, or nil when it was answered already: an
    /// invitation is answered once, and a declined one is not reopened (the lead invites again).
    public func answered(accept: Bool) -> TeamInvitationStatus? {
        guard self == .invited else { return nil }
        return accept ? .accepted : .declined
    }

    /// An unanswered invitation lapses after four weeks: the inviter's standing is from that day, so an
    /// old one is not a standing grant. The invitee asks again, or the lead invites again.
    public static let openForDays = 28

    public static func isOpen(invitedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(invitedAt) <= Double(openForDays) * 24 * 60 * 60
    }

    /// The status as practitioners read it.
    public var displayName: String {
        switch self {
        case .invited: "Invited"
        case .accepted: "Accepted"
        case .declined: "Declined"
        }
    }
}

/// A request for privileged roles, decided by a second administrator.
public enum RoleGrantStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case approved
    case declined
}

/// A brokered-contact request, handled by the authority's data manager.
public enum BrokeredContactStatus: String, Sendable, Codable, CaseIterable {
    case open
    case passedOn = "passed-on"
    case declined
}

/// A consent as it stands on a given day.
public enum ConsentState: String, Sendable, Codable, CaseIterable {
    case inForce = "in-force"
    case expired
    case withdrawn
}
