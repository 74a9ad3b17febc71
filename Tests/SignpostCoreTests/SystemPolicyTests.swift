import Testing

@testable import SignpostCore

/// Every role against every system action, checked against a table written out by hand.
@Suite("Policy.decide for system actions")
struct SystemPolicyTests {
    /// The expected table: which single role may do which action.
    static let expected: [SystemRole: Set<SystemAction>] = [
        .practitioner: [.viewDashboard, .searchChildren, .viewNotifications],
        .childProtection: [.viewDashboard],
        .silentRead: [.viewDashboard],
        .dataManager: [.viewDashboard, .searchChildren, .viewNotifications, .manageInformationGovernance],
        .auditor: [.viewDashboard, .viewAuditLog, .viewAlerts],
        .admin: [.viewDashboard, .manageAccounts],
    ]

    static let cases: [(SystemRole, SystemAction)] = SystemRole.allCases.flatMap { role in
        SystemAction.allCases.map { (role, $0) }
    }

    @Test("single-role matrix", arguments: cases)
    func singleRole(role: SystemRole, action: SystemAction) {
        let actor = Actor(practitionerID: "p", roles: [role], organisationCode: "O", authorityCode: "E06000001")
        let allowed = Self.expected[role]!.contains(action)
        #expect(Policy.decide(actor, action).isAllowed == allowed, "\(role) \(action)")
    }

    @Test("combined roles get the union of their permissions")
    func combinedRoles() {
        for first in SystemRole.allCases {
            for second in SystemRole.allCases {
                let actor = Actor(practitionerID: "p", roles: [first, second], organisationCode: "O", authorityCode: "E")
                for action in SystemAction.allCases {
                    let allowed = Self.expected[first]!.contains(action) || Self.expected[second]!.contains(action)
                    #expect(Policy.decide(actor, action).isAllowed == allowed)
                }
            }
        }
    }

    @Test func anAccountWithoutRolesMayDoNothing() {
        let actor = Actor(practitionerID: "p", roles: [], organisationCode: "O", authorityCode: "E")
        for action in SystemAction.allCases {
            #expect(!Policy.decide(actor, action).isAllowed)
        }
    }
}
