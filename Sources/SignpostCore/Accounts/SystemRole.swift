import Foundation

/// What a practitioner account may do in the system, separate from their job.
public enum SystemRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Works with children: searches, views signposts, joins teams.
    case practitioner
    /// A practitioner qualifier: works in child protection, so may use break-glass.
    case childProtection = "child-protection"
    /// A practitioner qualifier: opening a Tier-1 child does not notify its team (for settings such as
    /// an emergency department, where notifications would be noise). The access is still audited.
    case silentRead = "silent-read"
    /// An authority's information-governance officer: brokers shielded and sensitive contact.
    case dataManager = "data-manager"
    /// Reads the audit log and acknowledges alerts.
    case auditor
    /// Creates, suspends and reactivates accounts.
    case admin

    public var displayName: String {
        switch self {
        case .practitioner: "Practitioner"
        case .childProtection: "Child protection (may use break-glass)"
        case .silentRead: "Silent read (opening Tier-1 children does not notify)"
        case .dataManager: "Data manager"
        case .auditor: "Auditor"
        case .admin: "Administrator"
        }
    }

    /// Qualifiers that mean something only on a practitioner account.
    public var isPractitionerQualifier: Bool { self == .childProtection || self == .silentRead }

    public static func < (lhs: SystemRole, rhs: SystemRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Roles are stored as one comma-separated column, e.g. `practitioner,auditor`.
    public static func parseList(_ text: String) -> Set<SystemRole>? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var roles = Set<SystemRole>()
        for part in parts where !part.isEmpty {
            guard let role = SystemRole(rawValue: part) else { return nil }
            roles.insert(role)
        }
        return roles
    }

    public static func storageText(_ roles: Set<SystemRole>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }
}

public enum AccountStatus: String, Sendable, Codable, CaseIterable {
    case active
    case suspended
}
