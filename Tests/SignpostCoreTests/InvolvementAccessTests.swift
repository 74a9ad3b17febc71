import Testing

@testable import SignpostCore

/// The per-involvement policy of `InvolvementAccess.swift` (`Policy.mayEnd`, `mayLead`, `mayOwnAction`,
/// `leadToNotifyOnOpen`, `isOutOfArea`, `namesConsentOrganisation`) and `Policy.namesInvolvement`, checked
/// against rules written out here in `Expected`, straight from the English rules. The expectation never
/// calls the policy (`visibility`, `route`, `maySee`, `isTeamMember`, `isInvolved`, `isDataManager`,
/// `indexSharingBasis`, `mayLead` inside `mayOwnAction`...) nor `ChildFacts`' own helpers
/// (`consentInForce`, `hasSensitiveInvolvement`): it reads only the case descriptions below, whose
/// properties are tables written by hand.
///
/// The matrix is every actor (role set × relationship to the child) × child (involvements, team
/// membership, tier, index basis, shield, consent) × access context (found by a reasoned search or not,
/// break-glass or not) × every involvement of the child (× invited to the episode or not, for
/// `mayOwnAction`). `leadToNotifyOnOpen` and `isOutOfArea` take no context, and are checked once per actor ×
/// child; `mayLead` once per involvement; `namesConsentOrganisation` over its own small table. Each
/// matrix test loops, counts every disagreement and reports the first 50 (at most 5 of a kind, so one
/// broken rule cannot hide another).
@Suite("Policy: one involvement (end, lead, own an action, be named, notify, out of area)")
struct InvolvementAccessTests {
    // MARK: - Fixed facts

    enum Fixture {
        /// The child's authority.
        static let authority = "E06000001"
        static let otherAuthority = "E09000999"
        /// The organisation a share-with-organisations consent names.
        static let namedOrganisation = "ORG-N"
        /// The sensitive service (sexual health, mental health, substance misuse).
        static let sensitiveOrganisation = "SENS"

        /// Every decision in the matrix is made on this day.
        static let today = CalendarDate(iso: "2026-11-26")!
        static let yesterday = CalendarDate(iso: "2026-11-25")!
        static let later = CalendarDate(iso: "2027-03-01")!

        static let maxReported = 50
    }

    // MARK: - Actors

    /// The role sets of interest.
    enum Roles: String, CaseIterable, Sendable {
        case practitioner
        case childProtectionPractitioner = "practitioner+child-protection"
        /// A practitioner who is also a data manager (separation of duties allows it).
        case practitionerDataManager = "practitioner+data-manager"
        case dataManager = "data-manager"
        case auditor
        case admin

        var set: Set<SystemRole> {
            switch self {
            case .practitioner: [.practitioner]
            case .childProtectionPractitioner: [.practitioner, .childProtection]
            case .practitionerDataManager: [.practitioner, .dataManager]
            case .dataManager: [.dataManager]
            case .auditor: [.auditor]
            case .admin: [.admin]
            }
        }

        /// Written out, not read from `set`.
        var isPractitioner: Bool {
            switch self {
            case .practitioner, .childProtectionPractitioner, .practitionerDataManager: true
            case .dataManager, .auditor, .admin: false
            }
        }

        var isChildProtectionPractitioner: Bool { self == .childProtectionPractitioner }

        var isDataManager: Bool {
            switch self {
            case .practitionerDataManager, .dataManager: true
            case .practitioner, .childProtectionPractitioner, .auditor, .admin: false
            }
        }
    }

    /// Who the actor is in relation to the child: one fixed identity each. Whether "member", "lead",
    /// "nurse" or "stranger" is involved, or admitted to the team, depends on the child. A data manager's
    /// (or auditor's, or admin's) relationship decides their identity, organisation and authority only.
    enum Relationship: String, CaseIterable, Sendable {
        /// "member" of ORG-A: the creator of the child's record.
        case member
        /// "lead" of ORG-B: involved (as lead professional) in most children, admitted only in some.
        case lead
        /// "colleague" of ORG-A, the member's organisation; never involved nor admitted.
        case sameOrganisation
        /// "neighbour" of ORG-C, in the child's authority; never involved nor admitted.
        case sameAuthority
        /// "stranger" of ORG-Z, in another authority: involved in one shape of child.
        case otherAuthority
        /// "nurse" of the sensitive service: involved only where the child has a sensitive involvement.
        case sensitiveService
        /// "nurse-colleague" of the sensitive service, never involved nor admitted.
        case sensitiveColleague
        /// "named" of ORG-N, in another authority: the organisation a share-with-organisations consent names.
        case namedOrganisation

        var practitionerID: String {
            switch self {
            case .member: "member"
            case .lead: "lead"
            case .sameOrganisation: "colleague"
            case .sameAuthority: "neighbour"
            case .otherAuthority: "stranger"
            case .sensitiveService: "nurse"
            case .sensitiveColleague: "nurse-colleague"
            case .namedOrganisation: "named"
            }
        }

        var organisationCode: String {
            switch self {
            case .member, .sameOrganisation: "ORG-A"
            case .lead: "ORG-B"
            case .sameAuthority: "ORG-C"
            case .otherAuthority: "ORG-Z"
            case .sensitiveService, .sensitiveColleague: Fixture.sensitiveOrganisation
            case .namedOrganisation: Fixture.namedOrganisation
            }
        }

        var authorityCode: String {
            switch self {
            case .member, .lead, .sameOrganisation, .sameAuthority, .sensitiveService, .sensitiveColleague:
                Fixture.authority
            case .otherAuthority, .namedOrganisation: Fixture.otherAuthority
            }
        }

        /// `Actor.organisationSensitive`: the actor works for the sensitive service.
        var organisationSensitive: Bool {
            switch self {
            case .sensitiveService, .sensitiveColleague: true
            case .member, .lead, .sameOrganisation, .sameAuthority, .otherAuthority, .namedOrganisation: false
            }
        }
    }

    struct ActorCase: Sendable, CustomStringConvertible {
        var roles: Roles
        var relationship: Relationship

        var actor: Actor {
            Actor(
                practitionerID: relationship.practitionerID, roles: roles.set,
                organisationCode: relationship.organisationCode,
                authorityCode: relationship.authorityCode, organisationSensitive: relationship.organisationSensitive)
        }

        var description: String {
            "\(roles.rawValue) \(relationship) (\(relationship.practitionerID), \(relationship.organisationCode), \(relationship.authorityCode))"
        }

        static let all: [ActorCase] = Roles.allCases.flatMap { roles in
            Relationship.allCases.map { ActorCase(roles: roles, relationship: $0) }
        }
    }

    // MARK: - Children

    /// One active involvement, as the case describes it.
    enum Involved: String, CaseIterable, Sendable, CustomStringConvertible {
        /// member (ORG-A), not the lead professional.
        case member
        /// member (ORG-A) as lead professional.
        case memberLeading = "member (lead professional)"
        /// lead (ORG-B) as lead professional.
        case lead = "lead (lead professional)"
        /// nurse of the sensitive service.
        case nurse = "nurse (sensitive)"
        /// nurse of the sensitive service recorded as lead professional (a sensitive service may not lead,
        /// but the data can say so: it must never be the one notified).
        case nurseLeading = "nurse (sensitive, lead professional)"
        /// stranger (ORG-Z, another authority's service).
        case stranger = "stranger (ORG-Z)"

        var practitionerID: String {
            switch self {
            case .member, .memberLeading: "member"
            case .lead: "lead"
            case .nurse, .nurseLeading: "nurse"
            case .stranger: "stranger"
            }
        }

        var organisationCode: String {
            switch self {
            case .member, .memberLeading: "ORG-A"
            case .lead: "ORG-B"
            case .nurse, .nurseLeading: Fixture.sensitiveOrganisation
            case .stranger: "ORG-Z"
            }
        }

        var leadProfessional: Bool {
            switch self {
            case .memberLeading, .lead, .nurseLeading: true
            case .member, .nurse, .stranger: false
            }
        }

        var sensitive: Bool {
            switch self {
            case .nurse, .nurseLeading: true
            case .member, .memberLeading, .lead, .stranger: false
            }
        }

        /// The rule for `mayLead`, as a table: the lead professional is never a sensitive service.
        var mayLead: Bool {
            switch self {
            case .member, .memberLeading, .lead, .stranger: true
            case .nurse, .nurseLeading: false
            }
        }

        var involvement: ChildFacts.Involvement {
            ChildFacts.Involvement(
                practitionerID: practitionerID, organisationCode: organisationCode,
                leadProfessional: leadProfessional, sensitive: sensitive)
        }

        var description: String { rawValue }
    }

    /// The child's active involvements, in order. Every child is in authority E06000001. Every
    /// sensitive involvement is of the sensitive service (SENS).
    enum InvolvementShape: String, CaseIterable, Sendable {
        case memberAndLead = "member, lead(LP)"
        case memberLeadAndNurse = "member, lead(LP), nurse(sensitive)"
        /// A sensitive lead professional comes first: the first ordinary lead professional is "lead".
        case sensitiveLeadFirst = "nurse(sensitive, LP), member, lead(LP)"
        /// Two ordinary lead professionals: the first is "member".
        case twoLeads = "member(LP), lead(LP)"
        /// No lead professional; another authority's service is involved.
        case strangerAndMember = "stranger(ORG-Z), member"
        /// Known only to the sensitive service, which is (wrongly) recorded as lead professional.
        case sensitiveLeadOnly = "nurse(sensitive, LP) only"
        /// Every involvement has ended.
        case nobody = "no active involvement"

        /// In the order of `ChildFacts.involvements`.
        var people: [Involved] {
            switch self {
            case .memberAndLead: [.member, .lead]
            case .memberLeadAndNurse: [.member, .lead, .nurse]
            case .sensitiveLeadFirst: [.nurseLeading, .member, .lead]
            case .twoLeads: [.memberLeading, .lead]
            case .strangerAndMember: [.stranger, .member]
            case .sensitiveLeadOnly: [.nurseLeading]
            case .nobody: []
            }
        }

        var practitionerIDs: Set<String> {
            switch self {
            case .memberAndLead, .twoLeads: ["member", "lead"]
            case .memberLeadAndNurse, .sensitiveLeadFirst: ["member", "lead", "nurse"]
            case .strangerAndMember: ["stranger", "member"]
            case .sensitiveLeadOnly: ["nurse"]
            case .nobody: []
            }
        }

        /// The organisations with an active involvement.
        var organisations: Set<String> {
            switch self {
            case .memberAndLead, .twoLeads: ["ORG-A", "ORG-B"]
            case .memberLeadAndNurse, .sensitiveLeadFirst: ["ORG-A", "ORG-B", Fixture.sensitiveOrganisation]
            case .strangerAndMember: ["ORG-Z", "ORG-A"]
            case .sensitiveLeadOnly: [Fixture.sensitiveOrganisation]
            case .nobody: []
            }
        }

        var hasNonSensitiveInvolvement: Bool {
            switch self {
            case .memberAndLead, .memberLeadAndNurse, .sensitiveLeadFirst, .twoLeads, .strangerAndMember: true
            case .sensitiveLeadOnly, .nobody: false
            }
        }

        var hasSensitiveInvolvement: Bool {
            switch self {
            case .memberLeadAndNurse, .sensitiveLeadFirst, .sensitiveLeadOnly: true
            case .memberAndLead, .twoLeads, .strangerAndMember, .nobody: false
            }
        }

        /// The practitioner of the first involvement that is the lead professional's and not sensitive.
        var firstOrdinaryLeadProfessional: String? {
            switch self {
            case .memberAndLead, .memberLeadAndNurse, .sensitiveLeadFirst: "lead"
            case .twoLeads: "member"
            case .strangerAndMember, .sensitiveLeadOnly, .nobody: nil
            }
        }
    }

    /// Who was admitted to the child's team. Membership is a grant of its own: an involvement is not one.
    enum MembershipShape: String, CaseIterable, Sendable {
        case everyoneInvolved = "members: everyone involved"
        /// Only the record's creator ("member"), whether or not their involvement is still active.
        case creatorOnly = "members: only the creator (member)"
        case nobody = "members: nobody"

        func memberIDs(_ involvements: InvolvementShape) -> Set<String> {
            switch self {
            case .everyoneInvolved: involvements.practitionerIDs
            case .creatorOnly: ["member"]
            case .nobody: []
            }
        }

        static func distinct(for involvements: InvolvementShape) -> [MembershipShape] {
            involvements == .nobody ? [.creatorOnly, .nobody] : allCases
        }
    }

    enum ConsentState: String, CaseIterable, Sendable {
        case givenWithoutExpiry = "given, no expiry"
        /// Expiry is inclusive: the last day the consent is in force is its expiry day.
        case givenUntilToday = "given, expires today"
        case withdrawn = "withdrawn"
        case expired = "expired yesterday"

        var inForce: Bool {
            switch self {
            case .givenWithoutExpiry, .givenUntilToday: true
            case .withdrawn, .expired: false
            }
        }
    }

    enum ConsentScope: String, CaseIterable, Sendable {
        case index
        case shareWithNamedOrganisation = "share with ORG-N"
        case shareAssessment = "share assessment"
    }

    struct ConsentCase: Sendable, CustomStringConvertible {
        var state: ConsentState
        var scope: ConsentScope

        var fact: ConsentFact {
            let expiresOn: CalendarDate? =
                switch state {
                case .givenWithoutExpiry: nil
                case .givenUntilToday: Fixture.today
                case .withdrawn: Fixture.later
                case .expired: Fixture.yesterday
                }
            return switch scope {
            case .index:
                ConsentFact(purposes: [.index], expiresOn: expiresOn, withdrawn: state == .withdrawn)
            case .shareWithNamedOrganisation:
                ConsentFact(
                    purposes: [.shareWithOrganisations], organisations: [Fixture.namedOrganisation],
                    expiresOn: expiresOn, withdrawn: state == .withdrawn)
            case .shareAssessment:
                ConsentFact(purposes: [.shareAssessment], expiresOn: expiresOn, withdrawn: state == .withdrawn)
            }
        }

        var description: String { "\(scope.rawValue) (\(state.rawValue))" }

        /// No consent, then every state × scope.
        static let all: [ConsentCase?] =
            [nil]
            + ConsentState.allCases.flatMap { state in
                ConsentScope.allCases.map { ConsentCase(state: state, scope: $0) }
            }
    }

    struct ChildCase: Sendable, CustomStringConvertible {
        var involvements: InvolvementShape
        var membership: MembershipShape
        var tier: Int
        var indexBasis: LawfulBasis
        var shielded: Bool
        var consent: ConsentCase?

        var memberIDs: Set<String> { membership.memberIDs(involvements) }

        var facts: ChildFacts {
            ChildFacts(
                authorityCode: Fixture.authority, tier: tier, involvements: involvements.people.map(\.involvement),
                members: memberIDs, shielded: shielded, indexBasis: indexBasis,
                consents: consent.map { [$0.fact] } ?? [])
        }

        var description: String {
            "tier \(tier) child (index basis \(indexBasis.rawValue))\(shielded ? ", shielded" : ""), involvements \(involvements.rawValue), "
                + "\(membership.rawValue), consent: \(consent?.description ?? "none")"
        }
    }

    struct ContextCase: Sendable, CustomStringConvertible {
        var foundByReasonedSearch: Bool
        var breakGlass: Bool

        var accessContext: AccessContext {
            AccessContext(foundByReasonedSearch: foundByReasonedSearch, breakGlass: breakGlass, today: Fixture.today)
        }

        var description: String { "[found by reasoned search: \(foundByReasonedSearch), break-glass: \(breakGlass)]" }

        static let all: [ContextCase] = [false, true].flatMap { found in
            [false, true].map { ContextCase(foundByReasonedSearch: found, breakGlass: $0) }
        }
    }

    // MARK: - The rules

    /// What the policy should decide, written from the English rules, one rule per line.
    struct Expected {
        /// nothing < shielded < signpost < record.
        enum Level: Int, Comparable, CustomStringConvertible {
            case nothing, shielded, signpost, record
            static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
            var description: String { ["nothing", "shielded", "signpost", "record"][rawValue] }
        }

        /// What `mayEnd` answers.
        enum Ending: String, CustomStringConvertible {
            case allow
            /// As if the involvement (or child) did not exist: `Decision.notFound`.
            case notFound = "not found"
            /// `.deny(reason:)` with a reason, not notFound.
            case refusedWithReason = "refused with a reason"
            var description: String { rawValue }

            init(_ decision: Decision) {
                self = decision == .allow ? .allow : decision == .notFound ? .notFound : .refusedWithReason
            }
        }

        let actor: ActorCase
        let child: ChildCase
        let context: ContextCase
        let id: String
        let organisation: String
        /// P: the actor holds the practitioner role.
        let practitioner: Bool
        /// Team member: a practitioner whose id is among the child's members.
        let inTeam: Bool
        /// Involved: a practitioner whose own id is among the child's involvements.
        let involved: Bool
        /// DM: a data manager of the child's authority.
        let dataManager: Bool
        let level: Level

        init(_ actor: ActorCase, _ child: ChildCase, _ context: ContextCase) {
            self.actor = actor
            self.child = child
            self.context = context
            id = actor.relationship.practitionerID
            organisation = actor.relationship.organisationCode
            practitioner = actor.roles.isPractitioner
            inTeam = practitioner && child.memberIDs.contains(id)
            involved = practitioner && child.involvements.practitionerIDs.contains(id)
            dataManager = actor.roles.isDataManager && actor.relationship.authorityCode == Fixture.authority
            level = Self.level(
                actor: actor, child: child, context: context, organisation: organisation, practitioner: practitioner,
                inTeam: inTeam, involved: involved, dataManager: dataManager)
        }

        /// Whether the index shares the signpost with this actor: Tier 1 yes; a public-task or
        /// safeguarding index basis yes; a consent basis needs consent in force for the index, or for
        /// sharing with organisations naming the actor's.
        static func indexShares(_ child: ChildCase, organisation: String) -> Bool {
            if child.tier == 1 { return true }
            switch child.indexBasis {
            case .publicTask, .safeguarding: return true
            case .consent:
                guard let consent = child.consent, consent.state.inForce else { return false }
                switch consent.scope {
                case .index: return true
                case .shareWithNamedOrganisation: return organisation == Fixture.namedOrganisation
                case .shareAssessment: return false
                }
            }
        }

        static func level(
            actor: ActorCase, child: ChildCase, context: ContextCase, organisation: String, practitioner: Bool,
            inTeam: Bool, involved: Bool, dataManager: Bool
        ) -> Level {
            if inTeam { return .record }
            if dataManager { return .record }
            if actor.roles.isChildProtectionPractitioner && context.breakGlass { return .record }
            // The child has an involvement that is non-sensitive or of the actor's organisation (every
            // sensitive involvement is the sensitive service's).
            let reachable =
                child.involvements.hasNonSensitiveInvolvement
                || (child.involvements.hasSensitiveInvolvement && organisation == Fixture.sensitiveOrganisation)
            if practitioner && (context.foundByReasonedSearch || involved) && reachable
                && indexShares(child, organisation: organisation)
            {
                return child.shielded ? .shielded : .signpost
            }
            return .nothing
        }

        /// A sensitive involvement is seen only by a practitioner of that same organisation (seeing at
        /// least the signpost) or a data manager of the child's authority; any other by anyone with the
        /// signpost or better.
        func sees(_ involvement: Involved) -> Bool {
            if involvement.sensitive {
                return dataManager
                    || (practitioner && organisation == involvement.organisationCode && level >= .signpost)
            }
            return level >= .signpost
        }

        func mayEnd(_ involvement: Involved) -> Ending {
            if level < .signpost || !sees(involvement) { return .notFound }
            return practitioner && involvement.organisationCode == organisation ? .allow : .refusedWithReason
        }

        /// Named to the actor: the actor's own involvement (same practitioner id), or one they may see.
        func names(_ involvement: Involved) -> Bool {
            involvement.practitionerID == id || sees(involvement)
        }

        func mayOwnAction(_ involvement: Involved, invitedToEpisode: Bool) -> Bool {
            child.memberIDs.contains(involvement.practitionerID) && invitedToEpisode && names(involvement)
        }

        /// Neither takes the context.
        static func leadToNotifyOnOpen(_ actor: ActorCase, _ child: ChildCase) -> String? {
            if actor.relationship.organisationSensitive { return nil }
            guard let lead = child.involvements.firstOrdinaryLeadProfessional else { return nil }
            return lead == actor.relationship.practitionerID ? nil : lead
        }

        static func isOutOfArea(_ actor: ActorCase, _ child: ChildCase) -> Bool {
            actor.relationship.authorityCode != Fixture.authority
                && !child.involvements.organisations.contains(actor.relationship.organisationCode)
        }
    }

    // MARK: - Running the matrix

    static func children(involvements: [InvolvementShape], shields: [Bool] = [false, true]) -> [ChildCase] {
        var children: [ChildCase] = []
        for shape in involvements {
            for membership in MembershipShape.distinct(for: shape) {
                for tier in [1, 2] {
                    for indexBasis in LawfulBasis.allCases {
                        for shielded in shields {
                            // Consent decides the index only for a Tier-2 child indexed on consent: every case there.
                            let consents: [ConsentCase?] = tier == 2 && indexBasis == .consent ? ConsentCase.all : [nil]
                            for consent in consents {
                                children.append(
                                    ChildCase(
                                        involvements: shape, membership: membership, tier: tier,
                                        indexBasis: indexBasis, shielded: shielded, consent: consent))
                            }
                        }
                    }
                }
            }
        }
        return children
    }

    struct Tally {
        var checked = 0
        var mismatches = 0
        var mismatchesByKind: [String: Int] = [:]
        var reported = 0
        /// What the policy answered somewhere, to show the matrix is not degenerate.
        var endings: Set<String> = []
        var named: Set<Bool> = []
        var owned: Set<Bool> = []
        var notified: Set<String> = []
        var outOfArea: Set<Bool> = []

        mutating func report(_ kind: String, _ message: @autoclosure () -> String) {
            mismatches += 1
            mismatchesByKind[kind, default: 0] += 1
            if reported < Fixture.maxReported && mismatchesByKind[kind]! <= 5 {
                reported += 1
                Issue.record("\(message())")
            }
        }

        var summary: String {
            mismatchesByKind.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
    }

    @discardableResult
    static func verify(_ children: [ChildCase]) -> Tally {
        var tally = Tally()
        var expectedChecks = 0
        let contexts = ContextCase.all.map { ($0, $0.accessContext) }
        let actors = ActorCase.all.map { ($0, $0.actor) }
        for child in children {
            let facts = child.facts
            let people = child.involvements.people
            #expect(facts.involvements.count == people.count)
            expectedChecks += people.count + actors.count * (2 + contexts.count * people.count * 4)
            for (index, person) in people.enumerated() {
                tally.checked += 1
                let leads = Policy.mayLead(facts.involvements[index])
                if leads != person.mayLead {
                    tally.report("mayLead", "mayLead(\(person)) on \(child): expected \(person.mayLead), got \(leads)")
                }
            }
            for (actorCase, actor) in actors {
                tally.checked += 2
                let notify = Policy.leadToNotifyOnOpen(actor, facts)
                let wantNotify = Expected.leadToNotifyOnOpen(actorCase, child)
                tally.notified.insert(notify ?? "nil")
                if notify != wantNotify {
                    tally.report(
                        "leadToNotifyOnOpen",
                        "leadToNotifyOnOpen by \(actorCase) on \(child): expected \(wantNotify ?? "nil"), got \(notify ?? "nil")"
                    )
                }
                let away = Policy.isOutOfArea(actor, facts)
                let wantAway = Expected.isOutOfArea(actorCase, child)
                tally.outOfArea.insert(away)
                if away != wantAway {
                    tally.report(
                        "isOutOfArea", "isOutOfArea by \(actorCase) on \(child): expected \(wantAway), got \(away)")
                }
                for (context, accessContext) in contexts {
                    let expected = Expected(actorCase, child, context)
                    func situation(_ person: Involved) -> String {
                        "of \(person) by \(actorCase) on \(child) \(context) (expected level \(expected.level))"
                    }
                    for (index, person) in people.enumerated() {
                        let involvement = facts.involvements[index]
                        tally.checked += 4
                        let ending = Expected.Ending(
                            Policy.mayEnd(involvement, of: facts, by: actor, context: accessContext))
                        let wantEnding = expected.mayEnd(person)
                        tally.endings.insert(ending.rawValue)
                        if ending != wantEnding {
                            tally.report("mayEnd", "mayEnd \(situation(person)): expected \(wantEnding), got \(ending)")
                        }
                        let named = Policy.namesInvolvement(involvement, of: facts, to: actor, context: accessContext)
                        let wantNamed = expected.names(person)
                        tally.named.insert(named)
                        if named != wantNamed {
                            tally.report(
                                "namesInvolvement",
                                "namesInvolvement \(situation(person)): expected \(wantNamed), got \(named)")
                        }
                        for invited in [false, true] {
                            let owns = Policy.mayOwnAction(
                                involvement, invitedToEpisode: invited, of: facts, assignedBy: actor,
                                context: accessContext)
                            let wantOwns = expected.mayOwnAction(person, invitedToEpisode: invited)
                            tally.owned.insert(owns)
                            if owns != wantOwns {
                                tally.report(
                                    "mayOwnAction",
                                    "mayOwnAction (invited to the episode: \(invited)) \(situation(person)): "
                                        + "expected \(wantOwns), got \(owns)")
                            }
                        }
                    }
                }
            }
        }
        #expect(tally.checked == expectedChecks, "every combination was decided")
        #expect(
            tally.mismatches == 0,
            """
            \(tally.mismatches) of \(tally.checked) answers differ from the rules (the first \(Fixture.maxReported) are reported, \
            at most 5 of each kind): \(tally.summary)
            """)
        return tally
    }

    // MARK: - The matrix

    @Test("matrix: every involvement of children with ordinary involvements (with and without a sensitive one)")
    func matrixOrdinaryInvolvements() {
        let tally = Self.verify(
            Self.children(involvements: [
                .memberAndLead, .memberLeadAndNurse, .sensitiveLeadFirst, .twoLeads,
                .strangerAndMember,
            ]))
        // The matrix is not degenerate: every answer occurs somewhere.
        #expect(
            tally.endings == ["allow", "not found", "refused with a reason"], "mayEnd answered only \(tally.endings)")
        #expect(tally.named == [false, true])
        #expect(tally.owned == [false, true])
        #expect(tally.notified == ["lead", "member", "nil"])
        #expect(tally.outOfArea == [false, true])
    }

    @Test("matrix: no ordinary involvement (known only to the sensitive service, or every involvement ended)")
    func matrixNoOrdinaryInvolvement() {
        let tally = Self.verify(Self.children(involvements: [.sensitiveLeadOnly, .nobody]))
        #expect(
            tally.endings == ["allow", "not found", "refused with a reason"], "mayEnd answered only \(tally.endings)")
        #expect(tally.notified == ["nil"])
    }

    @Test("namesConsentOrganisation: every code × sensitive × actor × as data manager")
    func namesConsentOrganisationTable() {
        var mismatches: [String] = []
        var count = 0
        let codes = ["ORG-A", "ORG-B", Fixture.sensitiveOrganisation, Fixture.namedOrganisation, "ORG-Z"]
        for actorCase in ActorCase.all {
            let actor = actorCase.actor
            for code in codes {
                for sensitive in [false, true] {
                    for asDataManager in [false, true] {
                        count += 1
                        // Shown by name when not sensitive, to a data manager, or to the organisation itself.
                        let want = !sensitive || asDataManager || code == actorCase.relationship.organisationCode
                        let got = Policy.namesConsentOrganisation(
                            code: code, sensitive: sensitive, to: actor, asDataManager: asDataManager)
                        if got != want {
                            mismatches.append(
                                "\(code) (sensitive: \(sensitive)) to \(actorCase), as data manager: \(asDataManager): expected \(want), got \(got)"
                            )
                        }
                    }
                }
            }
        }
        #expect(count == ActorCase.all.count * codes.count * 4)
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(count) differ: \(mismatches.prefix(10).joined(separator: "; "))")
    }

    // MARK: - Named examples

    static let context = AccessContext(today: Fixture.today)
    static let found = AccessContext(foundByReasonedSearch: true, today: Fixture.today)
    static let brokenGlass = AccessContext(breakGlass: true, today: Fixture.today)

    static func practitioner(
        _ id: String, of organisation: String, in authority: String = Fixture.authority,
        also roles: Set<SystemRole> = [], sensitive: Bool = false
    ) -> Actor {
        Actor(
            practitionerID: id, roles: roles.union([.practitioner]), organisationCode: organisation,
            authorityCode: authority,
            organisationSensitive: sensitive)
    }

    static func child(_ involvements: [Involved], members: Set<String>, tier: Int = 1, shielded: Bool = false)
        -> ChildFacts
    {
        ChildFacts(
            authorityCode: Fixture.authority, tier: tier, involvements: involvements.map(\.involvement),
            members: members,
            shielded: shielded)
    }

    @Test("a sensitive involvement is ended only inside its service; everyone else is told it is not there")
    func sensitiveInvolvementEnding() {
        let child = Self.child([.member, .lead, .nurse], members: ["member", "lead"])
        let nurse = child.involvements[2]
        let colleague = Self.practitioner("nurse-colleague", of: Fixture.sensitiveOrganisation, sensitive: true)
        let dataManager = Actor(
            practitionerID: "dm", roles: [.dataManager], organisationCode: "LA", authorityCode: Fixture.authority)
        let protector = Self.practitioner("stranger", of: "ORG-Z", in: Fixture.otherAuthority, also: [.childProtection])

        #expect(Policy.mayEnd(nurse, of: child, by: colleague, context: Self.found) == .allow)
        #expect(Policy.mayEnd(nurse, of: child, by: colleague, context: Self.context) == .notFound)
        #expect(
            Policy.mayEnd(nurse, of: child, by: Self.practitioner("member", of: "ORG-A"), context: Self.context)
                == .notFound)
        #expect(Policy.mayEnd(nurse, of: child, by: protector, context: Self.brokenGlass) == .notFound)
        let byDataManager = Policy.mayEnd(nurse, of: child, by: dataManager, context: Self.context)
        #expect(!byDataManager.isAllowed && !byDataManager.isHidden)
        #expect(Policy.namesInvolvement(nurse, of: child, to: dataManager, context: Self.context))
        #expect(
            !Policy.namesInvolvement(
                nurse, of: child, to: Self.practitioner("member", of: "ORG-A"), context: Self.context))
    }

    @Test("on a shielded child, even one's own organisation's involvement cannot be ended from outside the team")
    func shieldedChildEnding() {
        let child = Self.child([.member, .lead], members: ["member"], shielded: true)
        let lead = Self.practitioner("lead", of: "ORG-B")
        #expect(Policy.mayEnd(child.involvements[1], of: child, by: lead, context: Self.context) == .notFound)
        #expect(Policy.namesInvolvement(child.involvements[1], of: child, to: lead, context: Self.context))
        #expect(
            Policy.mayEnd(
                child.involvements[0], of: child, by: Self.practitioner("member", of: "ORG-A"), context: Self.context)
                == .allow)
    }

    @Test("the lead professional notified is the first ordinary one, never a sensitive service's nor the opener's")
    func leadToNotify() {
        let neighbour = Self.practitioner("neighbour", of: "ORG-C")
        #expect(
            Policy.leadToNotifyOnOpen(neighbour, Self.child([.nurseLeading, .member, .lead], members: [])) == "lead")
        #expect(Policy.leadToNotifyOnOpen(neighbour, Self.child([.memberLeading, .lead], members: [])) == "member")
        #expect(
            Policy.leadToNotifyOnOpen(
                Self.practitioner("member", of: "ORG-A"), Self.child([.memberLeading, .lead], members: [])) == nil)
        #expect(Policy.leadToNotifyOnOpen(neighbour, Self.child([.nurseLeading], members: [])) == nil)
        let nurse = Self.practitioner("nurse", of: Fixture.sensitiveOrganisation, sensitive: true)
        #expect(Policy.leadToNotifyOnOpen(nurse, Self.child([.member, .lead], members: [])) == nil)
    }

    @Test("an action's owner is a team member invited to the episode whom the assigner may name")
    func actionOwner() {
        let child = Self.child([.member, .lead, .nurse], members: ["member", "lead", "nurse"])
        let member = Self.practitioner("member", of: "ORG-A")
        #expect(
            Policy.mayOwnAction(
                child.involvements[1], invitedToEpisode: true, of: child, assignedBy: member, context: Self.context))
        #expect(
            !Policy.mayOwnAction(
                child.involvements[1], invitedToEpisode: false, of: child, assignedBy: member, context: Self.context))
        #expect(
            !Policy.mayOwnAction(
                child.involvements[2], invitedToEpisode: true, of: child, assignedBy: member, context: Self.context))
        let notAdmitted = Self.child([.member, .lead], members: ["member"])
        #expect(
            !Policy.mayOwnAction(
                notAdmitted.involvements[1], invitedToEpisode: true, of: notAdmitted, assignedBy: member,
                context: Self.context))
    }
}
