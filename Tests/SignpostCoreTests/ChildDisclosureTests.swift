import Testing

@testable import SignpostCore

/// What one actor is shown of one child, `Policy.disclose(_:to:context:)`, checked field by field against
/// the rules written out here (on top of `ChildPolicyTests.Expected`), straight from the English rules.
/// The expectation never calls the policy (`visibility`, `route`, `maySee`, `isTeamMember`,
/// `isDataManager`...): it reads only the case descriptions of `ChildPolicyTests`.
@Suite("Policy.disclose for children")
struct ChildDisclosureTests {
    typealias Cases = ChildPolicyTests
    typealias Fixture = ChildPolicyTests.Fixture

    // MARK: - The matrix

    /// Consent matters to a disclosure only through the index's sharing basis (a Tier-2 child indexed on
    /// consent) and `viewAssessment` in `permitted`, which `ChildPolicyTests` covers in full: one of each
    /// kind is enough here.
    static func consents(tier: Int, indexBasis: LawfulBasis) -> [Cases.ConsentCase?] {
        if tier == 2 && indexBasis == .consent {
            return [
                nil, Cases.ConsentCase(state: .givenUntilToday, scope: .index),
                Cases.ConsentCase(state: .withdrawn, scope: .index),
                Cases.ConsentCase(state: .givenWithoutExpiry, scope: .shareWithNamedOrganisation),
            ]
        }
        return [nil, Cases.ConsentCase(state: .givenUntilLater, scope: .shareAssessment)]
    }

    struct Tally {
        var checked = 0
        var mismatches = 0
        var fieldsTrueSomewhere: Set<String> = []
        var fieldsFalseSomewhere: Set<String> = []

        mutating func report(_ message: @autoclosure () -> String) {
            mismatches += 1
            if mismatches <= Fixture.maxReported {
                Issue.record("\(message())")
            }
        }

        mutating func see(_ field: String, _ value: Bool) {
            if value { fieldsTrueSomewhere.insert(field) } else { fieldsFalseSomewhere.insert(field) }
        }
    }

    @discardableResult
    static func verify(_ children: [Cases.ChildCase]) -> Tally {
        var tally = Tally()
        // A search on a hidden field matters only to `searchHit`, which `ChildPolicyTests` covers in full.
        let contexts = Cases.ContextCase.all.filter { !$0.searchUsedHiddenField }.map { ($0, $0.accessContext) }
        for child in children {
            let facts = child.facts
            for actorCase in Cases.ActorCase.all {
                let actor = actorCase.actor
                for (context, accessContext) in contexts {
                    let expected = Cases.Expected(actorCase, child, context)
                    let got = Policy.disclose(facts, to: actor, context: accessContext)
                    func situation() -> String { "for \(actorCase) on \(child) \(context)" }
                    tally.checked += 1
                    var wrong: [String] = []
                    func compare<Value: Equatable>(_ field: String, _ value: Value, _ want: Value) {
                        if value != want { wrong.append("\(field): expected \(want), got \(value)") }
                    }
                    compare("visibility", got.visibility, expected.visibility)
                    compare("route", got.route, expected.route)
                    compare("shownInvolvements", got.shownInvolvements, expected.shownInvolvements)
                    compare(
                        "showsBrokeredContactNotice", got.showsBrokeredContactNotice,
                        expected.showsBrokeredContactNotice)
                    compare("showsShield", got.showsShield, expected.showsShield)
                    compare("showsRecord", got.showsRecord, expected.showsRecord)
                    compare("showsGovernance", got.showsGovernance, expected.showsGovernance)
                    compare("governanceAsDataManager", got.governanceAsDataManager, expected.governanceAsDataManager)
                    compare(
                        "showsEveryServicesAccesses", got.showsEveryServicesAccesses,
                        expected.showsEveryServicesAccesses)
                    compare("breakGlassActive", got.breakGlassActive, expected.breakGlassActive)
                    compare("isTeamMember", got.isTeamMember, expected.inTeam)
                    let permitted = expected.permitted
                    if got.permitted != permitted {
                        wrong.append(
                            "permitted: expected \(permitted.map(\.rawValue).sorted()), got \(got.permitted.map(\.rawValue).sorted())"
                                + " (missing \(permitted.subtracting(got.permitted).map(\.rawValue).sorted()),"
                                + " extra \(got.permitted.subtracting(permitted).map(\.rawValue).sorted()))")
                    }
                    if !wrong.isEmpty {
                        tally.report("disclosure \(situation()): \(wrong.joined(separator: "; "))")
                    }
                    tally.see("showsBrokeredContactNotice", got.showsBrokeredContactNotice)
                    tally.see("showsShield", got.showsShield)
                    tally.see("breakGlassActive", got.breakGlassActive)
                    tally.see("isTeamMember", got.isTeamMember)
                    tally.see("shownInvolvements", !got.shownInvolvements.isEmpty)
                    tally.see(
                        "shielded but shield not shown",
                        got.visibility != .nothing && child.shield.shielded && !got.showsShield)
                }
            }
        }
        #expect(
            tally.checked == children.count * Cases.ActorCase.all.count * contexts.count,
            "every combination was disclosed")
        #expect(
            tally.mismatches == 0,
            "\(tally.mismatches) of \(tally.checked) disclosures differ from the rules (the first \(Fixture.maxReported) are reported)"
        )
        return tally
    }

    @Test("matrix: every actor, child and context, field by field", arguments: Cases.InvolvementShape.allCases)
    func matrix(involvements: Cases.InvolvementShape) {
        let tally = Self.verify(
            Cases.children(involvements: [involvements], shields: Cases.ShieldCase.allCases, consents: Self.consents))
        // The matrix is not degenerate: every flag is both shown and not shown somewhere.
        var fields = ["showsShield", "breakGlassActive", "isTeamMember", "shielded but shield not shown"]
        if involvements.hasSensitiveInvolvement { fields.append("showsBrokeredContactNotice") }
        if involvements != .nobody { fields.append("shownInvolvements") }
        for field in fields {
            #expect(tally.fieldsTrueSomewhere.contains(field), "\(field) is never true")
            #expect(tally.fieldsFalseSomewhere.contains(field), "\(field) is never false")
        }
    }

    // MARK: - Named examples

    static let member = ChildPolicyTests.member
    static let lead = ChildPolicyTests.lead
    static let nurse = ChildPolicyTests.nurse
    static let neighbour = ChildPolicyTests.neighbour
    static let dataManager = ChildPolicyTests.dataManager
    static let protector = ChildPolicyTests.protector

    static func disclose(_ child: ChildFacts, to actor: Actor, _ context: AccessContext = ChildPolicyTests.context())
        -> ChildDisclosure
    {
        Policy.disclose(child, to: actor, context: context)
    }

    @Test(
        "an inherited shield is told only to data managers: to the creator of a duplicate it would reveal a shielded match"
    )
    func inheritedShield() {
        let own = ChildPolicyTests.child(tier: 2, members: ["member"], shielded: true)
        let inherited = ChildPolicyTests.child(tier: 2, members: ["member"], shielded: true, shieldInherited: true)
        let found = ChildPolicyTests.context(found: true)

        #expect(Self.disclose(own, to: Self.member).showsShield)
        #expect(!Self.disclose(inherited, to: Self.member).showsShield)
        #expect(Self.disclose(inherited, to: Self.member).showsRecord)
        #expect(Self.disclose(inherited, to: Self.dataManager).showsShield)
        #expect(Self.disclose(own, to: Self.neighbour, found).showsShield)
        #expect(!Self.disclose(inherited, to: Self.neighbour, found).showsShield)
        // Inherited or not, the shield still limits what an outsider sees.
        #expect(Self.disclose(inherited, to: Self.neighbour, found).visibility == .shielded)
        #expect(Self.disclose(inherited, to: Self.neighbour, found).shownInvolvements.isEmpty)
        // Nothing is told to someone who sees nothing.
        #expect(!Self.disclose(own, to: Self.neighbour).showsShield)
        // An unshielded child: an inherited flag alone means nothing.
        let unshielded = ChildPolicyTests.child(tier: 2, members: ["member"], shielded: false, shieldInherited: true)
        #expect(!unshielded.shieldInherited)
        #expect(!Self.disclose(unshielded, to: Self.dataManager).showsShield)
    }

    @Test("the team sees ordinary involvements and a brokered-contact notice in place of a sensitive one")
    func sensitiveInvolvementsInTheList() {
        let child = ChildPolicyTests.child(
            involvements: [Fixture.member, Fixture.lead, Fixture.nurse], members: ["member", "nurse"])
        let found = ChildPolicyTests.context(found: true)

        let toMember = Self.disclose(child, to: Self.member)
        #expect(toMember.shownInvolvements == [0, 1])
        #expect(toMember.showsBrokeredContactNotice)
        let toNurse = Self.disclose(child, to: Self.nurse)
        #expect(toNurse.shownInvolvements == [0, 1, 2])
        #expect(!toNurse.showsBrokeredContactNotice)
        let toDataManager = Self.disclose(child, to: Self.dataManager)
        #expect(toDataManager.shownInvolvements == [0, 1, 2])
        #expect(!toDataManager.showsBrokeredContactNotice)
        // Outside the team: the ordinary involvements with a search or an involvement, and no notice.
        let toNeighbour = Self.disclose(child, to: Self.neighbour, found)
        #expect(toNeighbour.shownInvolvements == [0, 1])
        #expect(!toNeighbour.showsBrokeredContactNotice)
        #expect(!toNeighbour.isTeamMember)
        let toLead = Self.disclose(child, to: Self.lead)
        #expect(toLead.route == .involved(.publicTask))
        #expect(toLead.shownInvolvements == [0, 1])
        #expect(!toLead.showsRecord)
        #expect(toLead.may(.requestToJoin))
        #expect(Self.disclose(child, to: Self.neighbour).shownInvolvements.isEmpty)
    }

    @Test("break-glass is flagged as active only where it is what opened the record")
    func breakGlassActive() {
        let child = ChildPolicyTests.child(tier: 1, members: ["member"])
        let brokenGlass = ChildPolicyTests.context(breakGlass: true)

        let toProtector = Self.disclose(child, to: Self.protector, brokenGlass)
        #expect(toProtector.breakGlassActive)
        #expect(toProtector.showsRecord)
        #expect(!toProtector.isTeamMember)
        #expect(!toProtector.may(.addInvolvement))
        #expect(!toProtector.may(.requestToJoin))
        #expect(toProtector.may(.viewRecord))
        #expect(!Self.disclose(child, to: Self.protector).breakGlassActive)
        // A member or a data manager with break-glass in the session see the record anyway.
        let memberProtector = ChildPolicyTests.practitioner("member", of: "ORG-A", also: [.childProtection])
        #expect(!Self.disclose(child, to: memberProtector, brokenGlass).breakGlassActive)
        #expect(!Self.disclose(child, to: Self.dataManager, brokenGlass).breakGlassActive)
        // Break-glass on a child found by a reasoned search: still break-glass that opens the record.
        #expect(
            Self.disclose(child, to: Self.protector, ChildPolicyTests.context(found: true, breakGlass: true))
                .breakGlassActive)
    }

    @Test("permitted is exactly what decide allows")
    func permittedMatchesDecide() {
        let children = [
            ChildPolicyTests.child(tier: 1, members: ["member"]),
            ChildPolicyTests.child(
                tier: 2, involvements: [Fixture.member, Fixture.lead, Fixture.nurse], members: ["lead"], shielded: true),
        ]
        let actors = [
            Self.member, Self.lead, Self.nurse, Self.neighbour, Self.dataManager, Self.protector,
            ChildPolicyTests.auditor,
        ]
        for child in children {
            for actor in actors {
                for context in ChildPolicyTests.ContextCase.all.map(\.accessContext) {
                    let disclosure = Self.disclose(child, to: actor, context)
                    let allowed = Set(
                        ChildAction.allCases.filter {
                            Policy.decide(actor, $0, child: child, context: context).isAllowed
                        })
                    #expect(disclosure.permitted == allowed, "\(actor.practitionerID) \(context)")
                }
            }
        }
    }
}

extension ChildPolicyTests.Expected {
    var visibility: ChildVisibility {
        switch level {
        case .nothing: .nothing
        case .shielded: .shielded
        case .signpost: .signpost
        case .record: .record
        }
    }

    /// Only from the signpost up: an ordinary involvement is seen; a sensitive one only by a practitioner
    /// of that organisation or a data manager of the child's authority.
    var shownInvolvements: [Int] {
        guard level >= .signpost else { return [] }
        let people = child.involvements.people
        return people.indices.filter { index in
            !people[index].sensitive || (practitioner && organisation == people[index].organisationCode) || dataManager
        }
    }

    /// A team member, and some sensitive involvement they may not see.
    var showsBrokeredContactNotice: Bool {
        inTeam
            && child.involvements.people.contains {
                $0.sensitive && !((practitioner && organisation == $0.organisationCode) || dataManager)
            }
    }

    /// Shielded and seen at all, and the shield is the record's own or the actor is the authority's data manager.
    var showsShield: Bool {
        child.shield.shielded && level != .nothing && (child.shield != .inherited || dataManager)
    }

    var showsRecord: Bool { level == .record }

    /// Consents and lawful bases: the team and the authority's data managers; the data manager's view for the latter.
    var showsGovernance: Bool { inTeam || dataManager }
    var governanceAsDataManager: Bool { dataManager }
    /// Sensitive services' accesses in the access history: the authority's data managers.
    var showsEveryServicesAccesses: Bool { dataManager }

    /// Break-glass in the context opened the record: not a member, not a data manager.
    var breakGlassActive: Bool { context.breakGlass && level == .record && !inTeam && !dataManager }

    var permitted: Set<ChildAction> { Set(ChildAction.allCases.filter { allows($0) }) }
}
