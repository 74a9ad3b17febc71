import Testing

@testable import SignpostCore

/// Every role against every system action, checked against a table written out by hand.
@Suite("Policy.decide for system actions")
struct SystemPolicyTests {
    /// The expected table: which single role may do which action.
    static let expected: [SystemRole: Set<SystemAction>] = [
        .practitioner: [.viewDashboard, .searchChildren, .viewNotifications, .viewJoinRequests, .addChild],
        .childProtection: [.viewDashboard],
        .silentRead: [.viewDashboard],
        .dataManager: [
            .viewDashboard, .searchChildren, .viewNotifications, .receiveAuthorityNotifications,
            .manageInformationGovernance,
            .viewJoinRequests,
        ],
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
                let actor = Actor(
                    practitionerID: "p", roles: [first, second], organisationCode: "O", authorityCode: "E")
                for action in SystemAction.allCases {
                    let allowed = Self.expected[first]!.contains(action) || Self.expected[second]!.contains(action)
                    #expect(Policy.decide(actor, action).isAllowed == allowed)
                }
            }
        }
    }

    @Test("every role set (all 64) gets exactly the union of its roles' permissions")
    func everyRoleSet() {
        var mismatches = 0
        for mask in 0..<(1 << SystemRole.allCases.count) {
            let roles = Set(SystemRole.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
            let actor = Actor(practitionerID: "p", roles: roles, organisationCode: "O", authorityCode: "E")
            for action in SystemAction.allCases {
                let allowed = roles.contains { Self.expected[$0]!.contains(action) }
                let decision = Policy.decide(actor, action)
                if decision.isAllowed != allowed {
                    mismatches += 1
                    if mismatches <= 50 {
                        Issue.record("\(SystemRole.storageText(roles)) \(action): expected \(allowed), got \(decision)")
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("join requests are for practitioners (as lead professionals) and data managers")
    func joinRequests() {
        for role in SystemRole.allCases {
            let actor = Actor(practitionerID: "p", roles: [role], organisationCode: "O", authorityCode: "E06000001")
            #expect(
                Policy.decide(actor, .viewJoinRequests).isAllowed == (role == .practitioner || role == .dataManager),
                "\(role)")
        }
    }

    @Test func anAccountWithoutRolesMayDoNothing() {
        let actor = Actor(practitionerID: "p", roles: [], organisationCode: "O", authorityCode: "E")
        for action in SystemAction.allCases {
            #expect(!Policy.decide(actor, action).isAllowed)
        }
    }
}
