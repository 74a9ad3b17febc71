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
