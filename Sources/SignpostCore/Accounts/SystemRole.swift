import Foundation
/// What a practitioner account may do in the system, separate from their job.
public enum SystemRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Works with children: searches, views signposts, joins teams.
    case practitioner
    /// An authority's information-governance officer: brokers shielded and sensitive contact.
    case dataManager = "data-manager"
    /// Reads the audit log and acknowledges alerts.
    case auditor
    /// Creates, suspends and reactivates accounts.
    case admin

    public var displayName: String {
        switch self {
        case .practitioner: "Practitioner"
        case .dataManager: "Data manager"
        case .auditor: "Auditor"
        case .admin: "Administrator"
        }
    }

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
