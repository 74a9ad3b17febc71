import Testing

@testable import SignpostCore

/// Granting roles, `Policy.decide(_:_:grant:)`, and the separation-of-duties rules of `AccountRules`,
/// checked against rules written out here in `Expected`, straight from the English rules (DOMAIN.md,
/// "Separation of duties"). The expectation never calls `AccountRules` (`conflict`, `incompatible`,
/// `privilegedRoles`, `split`): the privileged roles and the incompatible pairs are written out below.
///
/// The matrix is every actor role set of `actorRoleSets` × the actor's relationship to the grant × every
/// current role set (64) × every requested role set (64) × action: about 700,000 decisions, so it loops,
/// counts every disagreement and reports the first 50.
@Suite("Policy.decide for role grants, and separation of duties")
struct RoleGrantPolicyTests {
    enum Fixture {
        static let requester = "admin-requester"
        static let subject = "subject"
        static let thirdAdministrator = "admin-third"
        static let maxReported = 50
    }

    /// Written out from DOMAIN.md: granting one of these needs a second administrator's approval.
    static let privileged: Set<SystemRole> = [.admin, .auditor, .dataManager, .childProtection, .silentRead]

    /// Every subset of the six roles, the empty set first.
    static let allRoleSets: [Set<SystemRole>] = (0..<(1 << SystemRole.allCases.count)).map { mask in
        Set(SystemRole.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
    }

    /// The actor's role sets: none; each role alone; admin with each other role (even an incompatible one:
    /// the policy judges the grant, not the actor's own account); every role but admin; every role.
    static let actorRoleSets: [Set<SystemRole>] = {
        var sets: [Set<SystemRole>] = [[]]
        sets += SystemRole.allCases.map { [$0] }
        sets += SystemRole.allCases.filter { $0 != .admin }.map { [.admin, $0] }
        sets.append(Set(SystemRole.allCases).subtracting([.admin]))
        sets.append(Set(SystemRole.allCases))
        return sets
    }()

    static func text(_ roles: Set<SystemRole>) -> String { roles.isEmpty ? "{}" : "{\(SystemRole.storageText(roles))}" }

    /// Who the actor is to the grant.
    enum Relationship: String, CaseIterable, Sendable {
        /// The actor asked for the grant, for someone else's account.
        case requester = "the administrator who asked for it"
        /// The actor's own account would receive the roles; another administrator asked.
        case subject = "the account receiving the roles"
        /// The actor asked for roles for their own account.
        case selfRequester = "the account receiving the roles, who asked for them"
        /// Neither asked nor receives: a second administrator.
        case thirdAdministrator = "another administrator"

        var actorID: String {
            switch self {
            case .requester: Fixture.requester
            case .subject, .selfRequester: Fixture.subject
            case .thirdAdministrator: Fixture.thirdAdministrator
            }
        }

        var requestedBy: String {
            switch self {
            case .requester, .subject, .thirdAdministrator: Fixture.requester
            case .selfRequester: Fixture.subject
            }
        }

        var actorIsSubject: Bool {
            switch self {
            case .subject, .selfRequester: true
            case .requester, .thirdAdministrator: false
            }
        }

        var actorRequested: Bool {
            switch self {
            case .requester, .selfRequester: true
            case .subject, .thirdAdministrator: false
            }
        }
    }

    // MARK: - The rules

    struct Expected {
        let actorRoles: Set<SystemRole>
        let relationship: Relationship
        let current: Set<SystemRole>
        let requested: Set<SystemRole>

        /// The account would hold admin together with auditor, or admin together with data manager.
        var breaksSeparationOfDuties: Bool {
            let after = current.union(requested)
            return after.contains(.admin) && (after.contains(.auditor) || after.contains(.dataManager))
        }

        func allows(_ action: RoleGrantAction) -> Bool {
            // Only administrators manage grants.
            guard actorRoles.contains(.admin) else { return false }
            // No one requests, approves or declines for their own account.
            if relationship.actorIsSubject { return false }
            switch action {
            case .request: return !breaksSeparationOfDuties
            // A second administrator approves: never the one who asked.
            case .approve: return !breaksSeparationOfDuties && !relationship.actorRequested
            // Any other administrator may decline; the requester may withdraw their own request.
            case .decline: return true
            }
        }
    }

    // MARK: - The matrix

    @Test("matrix: actor role sets × relationship × every current and requested role set × action against the rules")
    func matrix() {
        var checked = 0
        var mismatches = 0
        var allowedSomewhere: Set<RoleGrantAction> = []
        var deniedSomewhere: Set<RoleGrantAction> = []
        for actorRoles in Self.actorRoleSets {
            for relationship in Relationship.allCases {
                let actor = Actor(
                    practitionerID: relationship.actorID, roles: actorRoles, organisationCode: "LA",
                    authorityCode: "E06000001")
                for current in Self.allRoleSets {
                    for requested in Self.allRoleSets {
                        let grant = RoleGrantFacts(
                            requestedBy: relationship.requestedBy, subject: Fixture.subject,
                            currentRoles: current, requestedRoles: requested)
                        let expected = Expected(
                            actorRoles: actorRoles, relationship: relationship, current: current, requested: requested)
                        for action in RoleGrantAction.allCases {
                            let decision = Policy.decide(actor, action, grant: grant)
                            let want = expected.allows(action)
                            checked += 1
                            if decision.isAllowed {
                                allowedSomewhere.insert(action)
                            } else {
                                deniedSomewhere.insert(action)
                            }
                            if decision.isAllowed != want {
                                mismatches += 1
                                if mismatches <= Fixture.maxReported {
                                    Issue.record(
                                        """
                                        \(action) by \(Self.text(actorRoles)) \(relationship.rawValue), current \(Self.text(current)), \
                                        requested \(Self.text(requested)): expected \(want ? "allow" : "deny"), got \(decision)
                                        """)
                                }
                            } else if case .deny(let reason) = decision, reason.isEmpty {
                                mismatches += 1
                                Issue.record(
                                    "\(action) by \(Self.text(actorRoles)) \(relationship.rawValue): a refusal without a reason"
                                )
                            }
                        }
                    }
                }
            }
        }
        #expect(Self.actorRoleSets.count == 14)
        #expect(
            checked == Self.actorRoleSets.count * Relationship.allCases.count * 64 * 64
                * RoleGrantAction.allCases.count, "every combination was decided")
        #expect(
            mismatches == 0,
            "\(mismatches) of \(checked) decisions differ from the rules (the first \(Fixture.maxReported) are reported)"
        )
        for action in RoleGrantAction.allCases {
            #expect(allowedSomewhere.contains(action), "\(action) is never allowed")
            #expect(deniedSomewhere.contains(action), "\(action) is never denied")
        }
    }

    @Test("the privileged roles are admin, auditor, data manager, child protection and silent read")
    func privilegedRoles() {
        #expect(AccountRules.privilegedRoles == Self.privileged)
        #expect(!AccountRules.privilegedRoles.contains(.practitioner))
    }

    @Test("split: every role set (all 64) parts into what takes effect at once and what waits for approval")
    func split() {
        for roles in Self.allRoleSets {
            let (immediate, needsApproval) = AccountRules.split(roles)
            // Only the practitioner role is not privileged.
            let wantImmediate: Set<SystemRole> = roles.contains(.practitioner) ? [.practitioner] : []
            #expect(immediate == wantImmediate, "\(Self.text(roles))")
            #expect(needsApproval == roles.subtracting([.practitioner]), "\(Self.text(roles))")
            #expect(
                immediate.isDisjoint(with: needsApproval) && immediate.union(needsApproval) == roles,
                "\(Self.text(roles))")
        }
    }

    @Test("conflict: every role set (all 64) holding admin with auditor or data manager, and no other")
    func conflict() {
        var conflicting = 0
        for roles in Self.allRoleSets {
            let want = roles.contains(.admin) && (roles.contains(.auditor) || roles.contains(.dataManager))
            let reason = AccountRules.conflict(in: roles)
            #expect((reason != nil) == want, "\(Self.text(roles))")
            if let reason {
                conflicting += 1
                #expect(reason.contains("separation of duties"), "\(reason)")
            }
        }
        // admin with auditor (16 sets of the other four roles), with data manager (16), less both (8): 24.
        #expect(conflicting == 24)
    }

    // MARK: - Named examples

    static func admin(_ id: String, also roles: Set<SystemRole> = []) -> Actor {
        Actor(practitionerID: id, roles: roles.union([.admin]), organisationCode: "LA", authorityCode: "E06000001")
    }

    static let requester = admin(Fixture.requester)
    static let second = admin(Fixture.thirdAdministrator)

    static func grant(
        _ requested: Set<SystemRole>, current: Set<SystemRole> = [.practitioner],
        by requester: String = Fixture.requester,
        to subject: String = Fixture.subject
    ) -> RoleGrantFacts {
        RoleGrantFacts(requestedBy: requester, subject: subject, currentRoles: current, requestedRoles: requested)
    }

    @Test("a privileged role needs a second administrator: the requester cannot approve it, but may withdraw it")
    func secondAdministrator() {
        let childProtection = Self.grant([.childProtection])
        #expect(Policy.decide(Self.requester, .request, grant: childProtection).isAllowed)
        #expect(!Policy.decide(Self.requester, .approve, grant: childProtection).isAllowed)
        #expect(Policy.decide(Self.requester, .decline, grant: childProtection).isAllowed)
        #expect(Policy.decide(Self.second, .approve, grant: childProtection).isAllowed)
        #expect(Policy.decide(Self.second, .decline, grant: childProtection).isAllowed)
    }

    @Test("no one requests, approves or declines roles for their own account")
    func ownAccount() {
        let own = Self.grant(
            [.auditor], current: [.practitioner], by: Fixture.requester, to: Fixture.thirdAdministrator)
        for action in RoleGrantAction.allCases {
            #expect(!Policy.decide(Self.second, action, grant: own).isAllowed, "\(action)")
        }
        let selfRequested = Self.grant([.silentRead], current: [.admin], by: Fixture.subject, to: Fixture.subject)
        for action in RoleGrantAction.allCases {
            #expect(!Policy.decide(Self.admin(Fixture.subject), action, grant: selfRequested).isAllowed, "\(action)")
        }
    }

    @Test("no account is both administrator and auditor or data manager, however the roles arrive")
    func separationOfDuties() {
        #expect(!Policy.decide(Self.requester, .request, grant: Self.grant([.auditor], current: [.admin])).isAllowed)
        #expect(
            !Policy.decide(Self.requester, .request, grant: Self.grant([.admin], current: [.dataManager])).isAllowed)
        #expect(!Policy.decide(Self.requester, .request, grant: Self.grant([.admin, .auditor], current: [])).isAllowed)
        // A request that was fine when made, approved after the account gained a conflicting role.
        #expect(
            !Policy.decide(Self.second, .approve, grant: Self.grant([.auditor], current: [.practitioner, .admin]))
                .isAllowed)
        // Declining it is still possible.
        #expect(
            Policy.decide(Self.second, .decline, grant: Self.grant([.auditor], current: [.practitioner, .admin]))
                .isAllowed)
        // Auditor and data manager together are allowed.
        #expect(Policy.decide(Self.second, .approve, grant: Self.grant([.auditor], current: [.dataManager])).isAllowed)
    }

    @Test("only administrators manage grants, whatever else they hold")
    func onlyAdministrators() {
        let grant = Self.grant([.childProtection])
        for role in SystemRole.allCases where role != .admin {
            let actor = Actor(
                practitionerID: Fixture.thirdAdministrator, roles: [role], organisationCode: "LA",
                authorityCode: "E06000001")
            for action in RoleGrantAction.allCases {
                #expect(!Policy.decide(actor, action, grant: grant).isAllowed, "\(role) \(action)")
            }
        }
    }
}
