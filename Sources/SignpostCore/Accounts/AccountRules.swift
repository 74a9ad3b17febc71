/// Separation of duties for accounts (DOMAIN.md): no one both administers accounts and reads the audit
/// log or brokers shielded contact, and no one grants a privileged role alone.
public enum AccountRules {
    /// Roles that open the audit log, governance work, break-glass or silent reads, or account
    /// administration: granting one needs a second administrator's approval and alerts the auditors.
    public static let privilegedRoles: Set<SystemRole> = [
        .admin, .auditor, .dataManager, .childProtection, .silentRead,
    ]

    /// Role pairs no account may hold together.
    public static let incompatible: [(SystemRole, SystemRole)] = [(.admin, .auditor), (.admin, .dataManager)]

    /// Why this set of roles breaks separation of duties, or nil when it does not.
    public static func conflict(in roles: Set<SystemRole>) -> String? {
        for (first, second) in incompatible where roles.contains(first) && roles.contains(second) {
            return
                "An account cannot be both \(first.displayName.lowercased()) and \(second.displayName.lowercased()): "
                + "separation of duties."
        }
        return nil
    }

    /// The roles of a request that wait for a second administrator, and those that take effect at once.
    public static func split(_ roles: Set<SystemRole>) -> (immediate: Set<SystemRole>, needsApproval: Set<SystemRole>) {
        (roles.subtracting(privilegedRoles), roles.intersection(privilegedRoles))
    }
}

/// A request to grant privileged roles to an account, as the policy sees it.
public struct RoleGrantFacts: Sendable, Equatable {
    /// The administrator who asked for the grant.
    public var requestedBy: String
    /// The account that would receive the roles.
    public var subject: String
    /// The roles the account holds now, and the roles requested.
    public var currentRoles: Set<SystemRole>
    public var requestedRoles: Set<SystemRole>

    public init(requestedBy: String, subject: String, currentRoles: Set<SystemRole>, requestedRoles: Set<SystemRole>) {
        self.requestedBy = requestedBy
        self.subject = subject
        self.currentRoles = currentRoles
        self.requestedRoles = requestedRoles
    }
}

public enum RoleGrantAction: String, Sendable, CaseIterable {
    /// Ask for privileged roles for an account.
    case request
    /// Approve someone else's request: the second administrator.
    case approve
    /// Decline a request (any administrator but the subject; the requester may withdraw their own).
    case decline
}

extension Policy {
    public static func decide(_ actor: Actor, _ action: RoleGrantAction, grant: RoleGrantFacts) -> Decision {
        guard actor.roles.contains(.admin) else { return .deny(reason: "Only administrators can manage accounts.") }
        if actor.practitionerID == grant.subject {
            return .deny(reason: "No one can grant, approve or decline roles for their own account.")
        }
        switch action {
        case .request, .approve:
            if let conflict = AccountRules.conflict(in: grant.currentRoles.union(grant.requestedRoles)) {
                return .deny(reason: conflict)
            }
            if action == .approve && actor.practitionerID == grant.requestedBy {
                return .deny(reason: "A second administrator must approve a grant you asked for.")
            }
            return .allow
        case .decline:
            return .allow
        }
    }
}
