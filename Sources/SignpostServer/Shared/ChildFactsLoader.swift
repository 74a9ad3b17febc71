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
        let row = try await ModelRows.sql(db).raw(
            """
            SELECT c.*, \(unsafeRaw: ChildFactsQueries.authorityColumns)
            FROM children c JOIN authorities a ON a.id = c.authority_id WHERE c.id = \(bind: childID)
            """
        ).first()
        let child = try row.map { try ModelRows.decode(ChildModel.self, from: $0) }
        guard let row, let child, child.mergedIntoID == nil else {
            // The same reads as for a child that exists, so that a missing id takes about as long to
            // refuse as a hidden child (measured: `signpost-bench refusals`).
            _ = try await related(ids: [childID], authorityIDs: [], on: db)
            return nil
        }
        let authority = try ModelRows.decode(AuthorityModel.self, from: row, prefix: "a_")
        let related = try await related(ids: [childID], authorityIDs: [], on: db)
        return assemble([child], related, authorities: [childID: authority])[childID]
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

    /// Three hand-written statements however many children (four with the authorities).
    static func related(ids: [UUID], authorityIDs: [UUID], on db: any Database) async throws -> Related {
        let sql = try ModelRows.sql(db)
        let authorities = authorityIDs.isEmpty ? [] : try await ChildFactsQueries.authorities(authorityIDs, on: sql)
        let own = try await ChildFactsQueries.policyTables.load(ids, on: sql)
        // Newest first, as the policy and the governance view read them; ties by id, so the order is stable.
        let consents = own[1].compactMap { $0 as? ConsentModel }.sorted {
            ($0.recordedAt, $1.id!.uuidString) > ($1.recordedAt, $0.id!.uuidString)
        }
        let decisions = own[2].compactMap { $0 as? SharingDecisionModel }.sorted {
            ($0.decidedAt, $1.id!.uuidString) > ($1.decidedAt, $0.id!.uuidString)
        }
        return Related(
            authorities: Dictionary(uniqueKeysWithValues: authorities.map { ($0.id!, $0) }),
            involvements: Dictionary(
                grouping: try await ChildFactsQueries.involvements(ids, on: sql), by: { $0.$child.id }),
            shields: Dictionary(grouping: own[0].compactMap { $0 as? ShieldModel }, by: { $0.$child.id }),
            consents: Dictionary(grouping: consents, by: { $0.$child.id }),
            decisions: Dictionary(grouping: decisions, by: { $0.$child.id }),
            memberships: Dictionary(
                grouping: own[3].compactMap { $0 as? TeamMembershipModel }, by: { $0.childID }))
    }

    /// Batch form for search results: seven queries however many children.
    static func load(_ children: [ChildModel], on db: any Database) async throws -> [UUID: LoadedChild] {
        let ids = try children.map { try $0.requireID() }
        guard !ids.isEmpty else { return [:] }
        let related = try await related(ids: ids, authorityIDs: Array(Set(children.map { $0.$authority.id })), on: db)
        return assemble(children, related, authorities: [:])
    }

    /// The loaded children from their rows and related facts. `authorities` by child id, where the
    /// authority came with the child's row; otherwise the related authorities by authority id.
    private static func assemble(
        _ children: [ChildModel], _ related: Related, authorities byChild: [UUID: AuthorityModel]
    ) -> [UUID: LoadedChild] {
        var loaded: [UUID: LoadedChild] = [:]
        for child in children {
            let id = child.id!
            guard let authority = byChild[id] ?? related.authorities[child.$authority.id] else { continue }
            let childDecisions = related.decisions[id] ?? []
            let childInvolvements = related.involvements[id] ?? []
            let active = childInvolvements.filter { $0.status == InvolvementStatus.active.rawValue }.map(
                LoadedChild.member)
            let childMemberships = related.memberships[id] ?? []
            let consents = related.consents[id] ?? []
            let shield = related.shields[id]?.first
            loaded[id] = LoadedChild(
                child: child, authority: authority, involvements: childInvolvements, shield: shield,
                consents: consents, decisions: childDecisions, memberships: childMemberships,
                facts: ChildFacts(
                    authorityCode: authority.onsCode, tier: child.tier, involvements: active,
                    members: Set(childMemberships.map(\.practitionerID.uuidString)), shielded: shield != nil,
                    shieldInherited: shield?.inheritedFrom != nil,
                    indexBasis: currentBasis(.index, in: childDecisions) ?? .publicTask,
                    recordedBases: Dictionary(
                        uniqueKeysWithValues: SharingPurpose.allCases.compactMap { purpose in
                            currentBasis(purpose, in: childDecisions).map { (purpose, $0) }
                        }),
                    consents: consents.map(consentFact),
                    adultOn: child.dateOfBirth.flatMap(CalendarDate.init(iso:))?.adding(years: 18)))
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
        let routes = try await ChildFactsQueries.routes(
            actor.id, childID: childID, scope: actor.accessScopeID, now: now, on: ModelRows.sql(db))
        let context = AccessContext(
            foundByReasonedSearch: routes.searchReason != nil, breakGlass: routes.breakGlassReason != nil,
            today: CalendarDate(now))
        let reason =
            routes.breakGlassReason.map { "Break-glass: \($0)" }
            ?? routes.searchReason.map { ChildVocabulary.searchReasons[$0] ?? $0 }
        return (context, reason)
    }
}
