import Fluent
import Foundation
import SignpostCore

/// A child with everything the policy decides from: its involvements, shield, consents and sharing
/// decisions. Loaded in one place so that every read and write path decides from the same facts.
struct LoadedChild: Sendable {
    var child: ChildModel
    var authority: AuthorityModel
    /// Every involvement, active or ended, with its organisation and practitioner.
    var involvements: [InvolvementModel]
    var shield: ShieldModel?
    var consents: [ConsentModel]
    var decisions: [SharingDecisionModel]
    /// Current team memberships (case content), separate from involvements (signposting).
    var memberships: [TeamMembershipModel]
    var facts: ChildFacts

    var id: UUID { child.id! }
    var active: [InvolvementModel] { involvements.filter { $0.status == InvolvementStatus.active.rawValue } }

    func member(_ involvement: InvolvementModel) -> ChildFacts.Involvement { Self.member(involvement) }

    static func member(_ involvement: InvolvementModel) -> ChildFacts.Involvement {
        ChildFacts.Involvement(
            practitionerID: involvement.$practitioner.id.uuidString, organisationCode: involvement.organisation.code,
            leadProfessional: involvement.leadProfessional, holdsAssessment: involvement.holdsAssessment,
            sensitive: involvement.organisation.sensitive)
    }
}

enum ChildFactsLoader {
    /// Someone other than the signed-in practitioner as the policy sees them (an inviter whose standing
    /// is decided again when their invitation is accepted), loaded with organisation and authority.
    static func actor(of person: PractitionerModel) -> Actor {
        Actor(
            practitionerID: person.id?.uuidString ?? "", roles: SystemRole.parseList(person.roles) ?? [],
            organisationCode: person.organisation.code, authorityCode: person.organisation.authority.onsCode,
            organisationSensitive: person.organisation.sensitive)
    }

    /// The child as the policy sees it, or nil when there is no such record or it was merged away.
    static func load(_ childID: UUID, on db: any Database) async throws -> LoadedChild? {
        guard let child = try await ChildModel.find(childID, on: db), child.mergedIntoID == nil else {
            // The same reads as for a child that exists, so that a missing id takes about as long to
            // refuse as a hidden child (measured: `signpost-bench refusals`).
            _ = try await related(ids: [childID], authorityIDs: [childID], on: db)
            return nil
        }
        return try await load([child], on: db)[childID]
    }

    /// What the policy reads about children besides their own rows, grouped by child.
    struct Related {
        var authorities: [UUID: AuthorityModel]
        var involvements: [UUID: [InvolvementModel]]
        var shields: [UUID: [ShieldModel]]
        var consents: [UUID: [ConsentModel]]
        var decisions: [UUID: [SharingDecisionModel]]
        var memberships: [UUID: [TeamMembershipModel]]
    }

    static func related(ids: [UUID], authorityIDs: [UUID], on db: any Database) async throws -> Related {
        Related(
            authorities: Dictionary(
                uniqueKeysWithValues: try await AuthorityModel.query(on: db).filter(\.$id ~~ authorityIDs).all().map {
                    ($0.id!, $0)
                }),
            involvements: Dictionary(
                grouping: try await InvolvementModel.query(on: db)
                    .filter(\.$child.$id ~~ ids).with(\.$organisation).with(\.$practitioner).all(), by: { $0.$child.id }
            ),
            shields: Dictionary(
                grouping: try await ShieldModel.query(on: db)
                    .filter(\.$child.$id ~~ ids).filter(\.$liftedAt == nil).all(), by: { $0.$child.id }),
            consents: Dictionary(
                grouping: try await ConsentModel.query(on: db)
                    .filter(\.$child.$id ~~ ids).sort(\.$recordedAt, .descending).all(), by: { $0.$child.id }),
            decisions: Dictionary(
                grouping: try await SharingDecisionModel.query(on: db)
                    .filter(\.$child.$id ~~ ids).sort(\.$decidedAt, .descending).all(), by: { $0.$child.id }),
            memberships: Dictionary(
                grouping: try await TeamMembershipModel.query(on: db)
                    .filter(\.$childID ~~ ids).filter(\.$endedAt == nil).all(), by: { $0.childID }))
    }

    /// Batch form for search results: seven queries however many children.
    static func load(_ children: [ChildModel], on db: any Database) async throws -> [UUID: LoadedChild] {
        let ids = try children.map { try $0.requireID() }
        guard !ids.isEmpty else { return [:] }
        let related = try await related(ids: ids, authorityIDs: Array(Set(children.map { $0.$authority.id })), on: db)
        let authorities = related.authorities
        let involvements = related.involvements
        let shields = related.shields
        let consents = related.consents
        let decisions = related.decisions
        let memberships = related.memberships

        var loaded: [UUID: LoadedChild] = [:]
        for child in children {
            let id = child.id!
            guard let authority = authorities[child.$authority.id] else { continue }
            let childDecisions = decisions[id] ?? []
            let childInvolvements = involvements[id] ?? []
            let active = childInvolvements.filter { $0.status == InvolvementStatus.active.rawValue }.map(
                LoadedChild.member)
            let childMemberships = memberships[id] ?? []
            let shield = shields[id]?.first
            let loadedChild = LoadedChild(
                child: child, authority: authority, involvements: childInvolvements, shield: shield,
                consents: consents[id] ?? [], decisions: childDecisions, memberships: childMemberships,
                facts: ChildFacts(
                    authorityCode: authority.onsCode, tier: child.tier, involvements: active,
                    members: Set(childMemberships.map(\.practitionerID.uuidString)), shielded: shield != nil,
                    shieldInherited: shield?.inheritedFrom != nil,
                    indexBasis: currentBasis(.index, in: childDecisions) ?? .publicTask,
                    recordedBases: Dictionary(
                        uniqueKeysWithValues: SharingPurpose.allCases.compactMap { purpose in
                            currentBasis(purpose, in: childDecisions).map { (purpose, $0) }
                        }),
                    consents: (consents[id] ?? []).map(consentFact)))
            loaded[id] = loadedChild
        }
        return loaded
    }

    /// The decision in force for a purpose is the one no newer decision has superseded.
    static func currentBasis(_ purpose: SharingPurpose, in decisions: [SharingDecisionModel]) -> LawfulBasis? {
        decisions.first { $0.purpose == purpose.rawValue && $0.supersededAt == nil }.flatMap {
            LawfulBasis(rawValue: $0.basis)
        }
    }

    static func consentFact(_ consent: ConsentModel) -> ConsentFact {
        ConsentFact(
            purposes: Set(consent.purposes.split(separator: ",").compactMap { SharingPurpose(rawValue: String($0)) }),
            organisations: Set(consent.organisations.split(separator: ",").map(String.init)),
            expiresOn: consent.expiresOn.flatMap(CalendarDate.init(iso:)),
            withdrawn: consent.withdrawnAt != nil)
    }

    /// How this actor reached this child in this request: a recent reasoned search, break-glass in
    /// this session.
    static func context(for actor: AuthenticatedPractitioner, childID: UUID, now: Date, on db: any Database)
        async throws -> (AccessContext, reason: String?)
    {
        let grant = try await SearchGrantModel.query(on: db)
            .filter(\.$practitionerID == actor.id)
            .filter(\.$childID == childID)
            .filter(\.$expiresAt > now)
            .sort(\.$expiresAt, .descending)
            .first()
        var breakGlass: BreakGlassModel?
        if let scope = actor.accessScopeID {
            breakGlass = try await BreakGlassModel.query(on: db)
                .filter(\.$practitionerID == actor.id)
                .filter(\.$childID == childID)
                .filter(\.$scopeID == scope)
                .filter(\.$expiresAt > now)
                .first()
        }
        let context = AccessContext(
            foundByReasonedSearch: grant != nil, breakGlass: breakGlass != nil, today: CalendarDate(now))
        let reason =
            breakGlass.map { "Break-glass: \($0.reason)" }
            ?? grant.map { ChildVocabulary.searchReasons[$0.reason] ?? $0.reason }
        return (context, reason)
    }
}
