/// Who is asking: everything the policy needs to know about the signed-in practitioner.
public struct Actor: Sendable, Equatable {
    public var practitionerID: String
    public var roles: Set<SystemRole>
    public var organisationCode: String
    public var authorityCode: String
    /// The actor's organisation provides a sensitive service: its interest in a child is itself sensitive.
    public var organisationSensitive: Bool

    public init(
        practitionerID: String, roles: Set<SystemRole>, organisationCode: String, authorityCode: String,
        organisationSensitive: Bool = false
    ) {
        self.practitionerID = practitionerID
        self.roles = roles
        self.organisationCode = organisationCode
        self.authorityCode = authorityCode
        self.organisationSensitive = organisationSensitive
    }
}

/// Actions on the system itself (not on a child). Child-level actions are in `ChildAccess.swift`;
/// no controller decides access on its own.
public enum SystemAction: String, Sendable, CaseIterable {
    case viewDashboard
    case searchChildren
    case viewAuditLog
    case manageAccounts
    /// Read the anomaly alerts and acknowledge them.
    case viewAlerts
    /// Read one's own flag-and-notify notifications.
    case viewNotifications
    /// Also read the notifications addressed to one's authority (its data managers).
    case receiveAuthorityNotifications
    /// The data manager's work: shield reviews and brokered-contact requests for their authority.
    case manageInformationGovernance
    /// Read join requests for children whose team the actor leads, or whose authority they manage.
    case viewJoinRequests
    /// Put a new child on the index (the creator becomes the first team member).
    case addChild
}

public enum Decision: Sendable, Equatable {
    case allow
    case deny(reason: String)

    public var isAllowed: Bool { self == .allow }

    /// Refused as if the object did not exist: the caller may not even know it is there.
    public static let notFound = Decision.deny(reason: "not found")

    /// The caller gets the same answer as for a missing object (404), not a reason (403).
    public var isHidden: Bool { self == .notFound }
}

/// The single access policy. Pure: no I/O, so it can be tested exhaustively.
public enum Policy {
    public static func decide(_ actor: Actor, _ action: SystemAction) -> Decision {
        switch action {
        case .viewDashboard:
            return actor.roles.isEmpty ? .deny(reason: "Your account has no role.") : .allow
        case .searchChildren:
            // Data managers search too (to shield, merge and broker), but find only their authority's children.
            return actor.roles.contains(.practitioner) || actor.roles.contains(.dataManager)
                ? .allow : .deny(reason: "Only practitioners and data managers can search for children.")
        case .viewAuditLog:
            return actor.roles.contains(.auditor)
                ? .allow : .deny(reason: "Only auditors can read the audit log.")
        case .manageAccounts:
            return actor.roles.contains(.admin)
                ? .allow : .deny(reason: "Only administrators can manage accounts.")
        case .viewAlerts:
            return actor.roles.contains(.auditor)
                ? .allow : .deny(reason: "Only auditors can read anomaly alerts.")
        case .viewNotifications:
            return actor.roles.contains(.practitioner) || actor.roles.contains(.dataManager)
                ? .allow : .deny(reason: "Only practitioners and data managers receive notifications.")
        case .receiveAuthorityNotifications:
            return actor.roles.contains(.dataManager)
                ? .allow : .deny(reason: "Only data managers receive their authority's notifications.")
        case .manageInformationGovernance:
            return actor.roles.contains(.dataManager)
                ? .allow : .deny(reason: "Only data managers can do this.")
        case .addChild:
            return actor.roles.contains(.practitioner)
                ? .allow : .deny(reason: "Only practitioners can add children to the index.")
        case .viewJoinRequests:
            return actor.roles.contains(.practitioner) || actor.roles.contains(.dataManager)
                ? .allow : .deny(reason: "Only practitioners and data managers decide join requests.")
        }
    }
}
