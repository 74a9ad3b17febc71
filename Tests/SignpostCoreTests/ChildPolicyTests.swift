import Testing

@testable import SignpostCore

/// Every role × relationship × tier × search context × action, against a table written out by hand.
@Suite("Policy.decide for children (first version: team, signpost, nothing)")
struct ChildPolicyTests {
    enum Relationship: String, CaseIterable {
        case teamMember, leadProfessional, sameOrganisation, sameAuthority, otherAuthority
    }

    static let child = ChildFacts(
        authorityCode: "E06000001", tier: 2,
        team: [
            .init(practitionerID: "member", organisationCode: "ORG-A"),
            .init(practitionerID: "lead", organisationCode: "ORG-B", leadProfessional: true),
        ])

    static func actor(_ role: SystemRole, _ relationship: Relationship) -> Actor {
        switch relationship {
        case .teamMember: Actor(practitionerID: "member", roles: [role], organisationCode: "ORG-A", authorityCode: "E06000001")
        case .leadProfessional: Actor(practitionerID: "lead", roles: [role], organisationCode: "ORG-B", authorityCode: "E06000001")
        case .sameOrganisation: Actor(practitionerID: "colleague", roles: [role], organisationCode: "ORG-A", authorityCode: "E06000001")
        case .sameAuthority: Actor(practitionerID: "neighbour", roles: [role], organisationCode: "ORG-C", authorityCode: "E06000001")
        case .otherAuthority: Actor(practitionerID: "stranger", roles: [role], organisationCode: "ORG-Z", authorityCode: "E09000999")
        }
    }

    /// The expectation, written independently of the implementation.
    static func expected(_ role: SystemRole, _ relationship: Relationship, searched: Bool, _ action: ChildAction) -> Bool {
        let inTeam = role == .practitioner && (relationship == .teamMember || relationship == .leadProfessional)
        let signpost = inTeam || (role == .practitioner && searched)
        switch action {
        case .searchHit: return role == .practitioner
        case .viewSignpost, .viewInvolvements, .addInvolvement: return signpost
        case .viewRecord: return inTeam
        case .merge: return role == .dataManager && relationship != .otherAuthority
        }
    }

    static let cases: [(SystemRole, Relationship, Bool, ChildAction)] = SystemRole.allCases.flatMap { role in
        Relationship.allCases.flatMap { relationship in
            [false, true].flatMap { searched in ChildAction.allCases.map { (role, relationship, searched, $0) } }
        }
    }

    @Test("matrix", arguments: cases)
    func matrix(role: SystemRole, relationship: Relationship, searched: Bool, action: ChildAction) {
        let decision = Policy.decide(Self.actor(role, relationship), action, child: Self.child, context: AccessContext(foundByReasonedSearch: searched))
        #expect(decision.isAllowed == Self.expected(role, relationship, searched: searched, action), "\(role) \(relationship) searched=\(searched) \(action)")
    }

    @Test func anEndedInvolvementIsNotTeamMembership() {
        let ended = ChildFacts(authorityCode: "E06000001", tier: 2, team: [])
        let former = Actor(practitionerID: "member", roles: [.practitioner], organisationCode: "ORG-A", authorityCode: "E06000001")
        #expect(Policy.visibility(of: ended, to: former, context: AccessContext()) == .nothing)
    }
}
