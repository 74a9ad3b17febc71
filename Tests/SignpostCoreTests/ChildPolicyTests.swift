import Testing

@testable import SignpostCore

/// The child access policy, `Policy.decide(_:_:child:context:)` and `Policy.notifiesOnOpen`, checked
/// against rules written out here in `Expected`, straight from the English rules. The expectation never
/// calls the policy (`visibility`, `route`, `maySee`, `indexSharingBasis`...) nor `ChildFacts`' own
/// helpers (`consentInForce`, `hasSensitiveInvolvement`): it reads only the case descriptions below.
///
/// The matrix is every actor (role set × relationship to the child) × child (team, tier, index basis,
/// shield, consent) × access context × action. That is millions of decisions, too many for
/// `arguments:`, so each matrix test loops, counts every disagreement and reports the first 50.
@Suite("Policy.decide for children")
struct ChildPolicyTests {
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
        static let tomorrow = CalendarDate(iso: "2026-11-27")!
        static let later = CalendarDate(iso: "2027-03-01")!

        static let member = ChildFacts.TeamMember(practitionerID: "member", organisationCode: "ORG-A")
        static let lead = ChildFacts.TeamMember(practitionerID: "lead", organisationCode: "ORG-B", leadProfessional: true)
        static let nurse = ChildFacts.TeamMember(practitionerID: "nurse", organisationCode: sensitiveOrganisation, sensitive: true)

        static let maxReported = 50
    }

    // MARK: - Actors

    /// The role sets an account may hold.
    enum Roles: String, CaseIterable, Sendable {
        case practitioner
        case childProtectionPractitioner = "practitioner+child-protection"
        case silentReadPractitioner = "practitioner+silent-read"
        case dataManager = "data-manager"
        case auditor
        case admin

        var set: Set<SystemRole> {
            switch self {
            case .practitioner: [.practitioner]
            case .childProtectionPractitioner: [.practitioner, .childProtection]
            case .silentReadPractitioner: [.practitioner, .silentRead]
            case .dataManager: [.dataManager]
            case .auditor: [.auditor]
            case .admin: [.admin]
            }
        }
    }

    /// Who the actor is in relation to the child. Each relationship is one fixed identity; the child's
    /// team (`TeamShape`) is built from the same ids. A data manager's relationship decides only whether
    /// the child is in their authority.
    enum Relationship: String, CaseIterable, Sendable {
        /// "member" of ORG-A: in the team.
        case teamMember
        /// "lead" of ORG-B: in the team as lead professional.
        case leadProfessional
        /// "colleague" of ORG-A, the member's organisation, not in the team.
        case sameOrganisation
        /// "neighbour" of ORG-C, in the child's authority.
        case sameAuthority
        /// "stranger" of ORG-Z, in another authority.
        case otherAuthority
        /// "nurse" of the sensitive service: in the team only when the child has a sensitive involvement.
        case sensitiveService
        /// "named" of ORG-N, in another authority: the organisation a share-with-organisations consent names.
        case namedOrganisation

        var practitionerID: String {
            switch self {
            case .teamMember: "member"
            case .leadProfessional: "lead"
            case .sameOrganisation: "colleague"
            case .sameAuthority: "neighbour"
            case .otherAuthority: "stranger"
            case .sensitiveService: "nurse"
            case .namedOrganisation: "named"
            }
        }

        var organisationCode: String {
            switch self {
            case .teamMember, .sameOrganisation: "ORG-A"
            case .leadProfessional: "ORG-B"
            case .sameAuthority: "ORG-C"
            case .otherAuthority: "ORG-Z"
            case .sensitiveService: Fixture.sensitiveOrganisation
            case .namedOrganisation: Fixture.namedOrganisation
            }
        }

        var authorityCode: String {
            switch self {
            case .teamMember, .leadProfessional, .sameOrganisation, .sameAuthority, .sensitiveService: Fixture.authority
            case .otherAuthority, .namedOrganisation: Fixture.otherAuthority
            }
        }
    }

    struct ActorCase: Sendable, CustomStringConvertible {
        var roles: Roles
        var relationship: Relationship

        var actor: Actor {
            Actor(practitionerID: relationship.practitionerID, roles: roles.set,
                  organisationCode: relationship.organisationCode, authorityCode: relationship.authorityCode)
        }

        var description: String {
            "\(roles.rawValue) \(relationship) (\(relationship.practitionerID), \(relationship.organisationCode), \(relationship.authorityCode))"
        }

        static let all: [ActorCase] = Roles.allCases.flatMap { roles in
            Relationship.allCases.map { ActorCase(roles: roles, relationship: $0) }
        }
    }

    // MARK: - Children

    /// The child's active involvements. Every child is in authority E06000001.
    enum TeamShape: String, CaseIterable, Sendable {
        /// member (ORG-A) and lead (ORG-B): the usual team, nothing sensitive.
        case memberAndLead = "member+lead"
        /// member, lead and the sensitive service's nurse.
        case memberLeadAndNurse = "member+lead+nurse(sensitive)"
        /// Known only to the sensitive service.
        case nurseOnly = "nurse(sensitive) only"
        /// Every involvement has ended.
        case nobody = "no active involvement"

        var practitionerIDs: Set<String> {
            switch self {
            case .memberAndLead: ["member", "lead"]
            case .memberLeadAndNurse: ["member", "lead", "nurse"]
            case .nurseOnly: ["nurse"]
            case .nobody: []
            }
        }

        var hasSensitiveInvolvement: Bool {
            switch self {
            case .memberLeadAndNurse, .nurseOnly: true
            case .memberAndLead, .nobody: false
            }
        }

        var hasNonSensitiveMember: Bool {
            switch self {
            case .memberAndLead, .memberLeadAndNurse: true
            case .nurseOnly, .nobody: false
            }
        }

        var members: [ChildFacts.TeamMember] {
            switch self {
            case .memberAndLead: [Fixture.member, Fixture.lead]
            case .memberLeadAndNurse: [Fixture.member, Fixture.lead, Fixture.nurse]
            case .nurseOnly: [Fixture.nurse]
            case .nobody: []
            }
        }
    }

    enum ConsentState: String, CaseIterable, Sendable {
        case givenWithoutExpiry = "given, no expiry"
        /// Expiry is inclusive: the last day the consent is in force is its expiry day.
        case givenUntilToday = "given, expires today"
        case givenUntilLater = "given, expires 2027-03-01"
        /// Withdrawn although it would not expire until 2027.
        case withdrawn = "withdrawn"
        case expired = "expired yesterday"

        /// Whether the consent is in force today: the expectation, as a table.
        var inForce: Bool {
            switch self {
            case .givenWithoutExpiry, .givenUntilToday, .givenUntilLater: true
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
            let expiresOn: CalendarDate? = switch state {
            case .givenWithoutExpiry: nil
            case .givenUntilToday: Fixture.today
            case .givenUntilLater, .withdrawn: Fixture.later
            case .expired: Fixture.yesterday
            }
            return switch scope {
            case .index:
                ConsentFact(purposes: [.index], expiresOn: expiresOn, withdrawn: state == .withdrawn)
            case .shareWithNamedOrganisation:
                ConsentFact(purposes: [.shareWithOrganisations], organisations: [Fixture.namedOrganisation],
                            expiresOn: expiresOn, withdrawn: state == .withdrawn)
            case .shareAssessment:
                ConsentFact(purposes: [.shareAssessment], expiresOn: expiresOn, withdrawn: state == .withdrawn)
            }
        }

        var description: String { "\(scope.rawValue) (\(state.rawValue))" }

        /// No consent, then every state × scope.
        static let all: [ConsentCase?] = {
            var all: [ConsentCase?] = [nil]
            for state in ConsentState.allCases {
                for scope in ConsentScope.allCases { all.append(ConsentCase(state: state, scope: scope)) }
            }
            return all
        }()
    }

    /// Ways other than consent to read the early-help assessment.
    enum AssessmentCase: String, CaseIterable, Sendable {
        case nothingElse = "no other assessment basis"
        case recordedSafeguarding = "share-assessment basis recorded: safeguarding"
        case recordedPublicTask = "share-assessment basis recorded: public task"
        /// `recordedBases` holds non-consent bases; a recorded "consent" is not one and counts for nothing.
        case recordedConsent = "share-assessment basis recorded: consent"
        case leadHoldsIt = "the lead (ORG-B) holds the assessment"
        case memberHoldsIt = "the member (ORG-A) holds the assessment"
    }

    struct ChildCase: Sendable, CustomStringConvertible {
        var team: TeamShape
        var tier: Int
        var indexBasis: LawfulBasis
        var shielded: Bool
        var consent: ConsentCase?
        var assessment: AssessmentCase

        var facts: ChildFacts {
            var members = team.members
            for index in members.indices {
                if assessment == .leadHoldsIt && members[index].practitionerID == "lead" { members[index].holdsAssessment = true }
                if assessment == .memberHoldsIt && members[index].practitionerID == "member" { members[index].holdsAssessment = true }
            }
            let recordedBases: [SharingPurpose: LawfulBasis] = switch assessment {
            case .recordedSafeguarding: [.shareAssessment: .safeguarding]
            case .recordedPublicTask: [.shareAssessment: .publicTask]
            case .recordedConsent: [.shareAssessment: .consent]
            case .nothingElse, .leadHoldsIt, .memberHoldsIt: [:]
            }
            return ChildFacts(authorityCode: Fixture.authority, tier: tier, team: members, shielded: shielded, indexBasis: indexBasis,
                              recordedBases: recordedBases, consents: consent.map { [$0.fact] } ?? [])
        }

        var description: String {
            var text = "tier \(tier) child (index basis \(indexBasis.rawValue))\(shielded ? ", shielded" : ""), team \(team.rawValue)"
            text += ", consent: \(consent?.description ?? "none")"
            if assessment != .nothingElse { text += ", \(assessment.rawValue)" }
            return text
        }
    }

    struct ContextCase: Sendable, CustomStringConvertible {
        var foundByReasonedSearch: Bool
        var breakGlass: Bool
        var searchUsedHiddenField: Bool

        var accessContext: AccessContext {
            AccessContext(foundByReasonedSearch: foundByReasonedSearch, breakGlass: breakGlass,
                          searchUsedHiddenField: searchUsedHiddenField, today: Fixture.today)
        }

        var description: String {
            "[found by reasoned search: \(foundByReasonedSearch), break-glass: \(breakGlass), hidden field searched: \(searchUsedHiddenField)]"
        }

        static let all: [ContextCase] = [false, true].flatMap { found in
            [false, true].flatMap { breakGlass in
                [false, true].map { ContextCase(foundByReasonedSearch: found, breakGlass: breakGlass, searchUsedHiddenField: $0) }
            }
        }
    }

    // MARK: - The rules

    /// What the policy should decide, written from the English rules, one rule per line.
    struct Expected {
        /// nothing < shielded < signpost < record.
        enum Level: Int, Comparable {
            case nothing, shielded, signpost, record
            static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
        }

        let child: ChildCase
        let context: ContextCase
        let organisation: String
        /// P: the actor is a practitioner.
        let practitioner: Bool
        /// CP: a practitioner with the child-protection role.
        let childProtection: Bool
        let silentRead: Bool
        /// A practitioner whose id is among the child's active involvements.
        let inTeam: Bool
        /// DM: a data manager of the child's authority.
        let dataManager: Bool
        /// BG: CP, using break-glass on this child.
        let breakGlass: Bool

        init(_ actor: ActorCase, _ child: ChildCase, _ context: ContextCase) {
            let roles = actor.roles.set
            self.child = child
            self.context = context
            organisation = actor.relationship.organisationCode
            practitioner = roles.contains(.practitioner)
            childProtection = practitioner && roles.contains(.childProtection)
            silentRead = roles.contains(.silentRead)
            inTeam = practitioner && child.team.practitionerIDs.contains(actor.relationship.practitionerID)
            dataManager = roles.contains(.dataManager) && actor.relationship.authorityCode == Fixture.authority
            breakGlass = childProtection && context.breakGlass
        }

        /// The scope of the consent in force today, if there is one.
        var consentInForce: ConsentScope? {
            guard let consent = child.consent, consent.state.inForce else { return nil }
            return consent.scope
        }

        /// May the index share the child with this actor outside the team?
        var indexSharingHolds: Bool {
            if child.tier == 1 { return true }  // public task, whatever basis is recorded
            switch child.indexBasis {
            case .publicTask, .safeguarding: return true
            case .consent:
                return consentInForce == .index
                    || (consentInForce == .shareWithNamedOrganisation && organisation == Fixture.namedOrganisation)
            }
        }

        /// Found by a reasoned search, the child has an ordinary (non-sensitive) member or a member of
        /// the actor's own (sensitive) organisation, and the index may share it.
        func findable(foundByReasonedSearch found: Bool) -> Bool {
            let reachable = child.team.hasNonSensitiveMember || (child.team.hasSensitiveInvolvement && organisation == Fixture.sensitiveOrganisation)
            return practitioner && found && reachable && indexSharingHolds
        }

        func levelGiven(foundByReasonedSearch found: Bool) -> Level {
            if inTeam || dataManager || breakGlass { return .record }
            if findable(foundByReasonedSearch: found) { return child.shielded ? .shielded : .signpost }
            return .nothing
        }

        var level: Level { levelGiven(foundByReasonedSearch: context.foundByReasonedSearch) }

        /// Only the sensitive service itself (seeing at least the signpost) and the authority's data managers.
        var maySeeSensitiveInvolvement: Bool {
            child.team.hasSensitiveInvolvement
                && (dataManager || (practitioner && organisation == Fixture.sensitiveOrganisation && level >= .signpost))
        }

        var ownOrganisationHoldsAssessment: Bool {
            switch child.assessment {
            case .leadHoldsIt: child.team.practitionerIDs.contains("lead") && organisation == "ORG-B"
            case .memberHoldsIt: child.team.practitionerIDs.contains("member") && organisation == "ORG-A"
            default: false
            }
        }

        func allows(_ action: ChildAction) -> Bool {
            switch action {
            case .searchHit:
                if inTeam || dataManager { return true }
                guard practitioner else { return false }
                let ifFound = levelGiven(foundByReasonedSearch: true)
                if ifFound == .shielded && context.searchUsedHiddenField { return false }
                return ifFound >= .shielded
            case .viewSignpost: return level >= .shielded
            case .viewInvolvements: return level >= .signpost
            case .viewRecord: return level == .record
            case .viewSensitiveInvolvement: return maySeeSensitiveInvolvement
            case .seeBrokeredContactNotice: return inTeam && child.team.hasSensitiveInvolvement && !maySeeSensitiveInvolvement
            case .requestBrokeredContact: return practitioner && level >= .shielded
            case .addInvolvement: return practitioner && level >= .signpost
            case .recordConsent: return inTeam || dataManager
            case .viewAssessment:
                return inTeam
                    && (ownOrganisationHoldsAssessment || consentInForce == .shareAssessment || child.tier == 1
                        || child.assessment == .recordedSafeguarding || child.assessment == .recordedPublicTask)
            case .viewAccesses: return inTeam || dataManager
            case .merge: return dataManager
            case .shield: return dataManager
            case .breakGlass: return childProtection && !inTeam  // whatever the context's break-glass flag
            }
        }

        /// Flag-and-notify: an outsider practitioner (not silent-read) opened a Tier-1 child.
        var notifiesOnOpen: Bool {
            child.tier == 1 && practitioner && !silentRead && !inTeam && !dataManager
                && (breakGlass || findable(foundByReasonedSearch: context.foundByReasonedSearch))
        }
    }

    // MARK: - Running the matrix

    static func children(
        teams: [TeamShape], tiers: [Int] = [1, 2], indexBases: [LawfulBasis] = LawfulBasis.allCases, shielded: [Bool] = [false, true],
        consents: [ConsentCase?] = ConsentCase.all, assessments: [AssessmentCase] = [.nothingElse]
    ) -> [ChildCase] {
        var children: [ChildCase] = []
        for team in teams {
            for tier in tiers {
                for indexBasis in indexBases {
                    for isShielded in shielded {
                        for consent in consents {
                            for assessment in assessments {
                                children.append(ChildCase(team: team, tier: tier, indexBasis: indexBasis, shielded: isShielded,
                                                          consent: consent, assessment: assessment))
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
        /// The actions the policy allowed somewhere, and those it denied somewhere.
        var allowedSomewhere: Set<ChildAction> = []
        var deniedSomewhere: Set<ChildAction> = []
    }

    /// Every actor × context × action (and notifiesOnOpen) for these children, against `Expected`.
    @discardableResult
    static func verify(_ children: [ChildCase]) -> Tally {
        var tally = Tally()
        let contexts = ContextCase.all.map { ($0, $0.accessContext) }
        for child in children {
            let facts = child.facts
            for actorCase in ActorCase.all {
                let actor = actorCase.actor
                for (context, accessContext) in contexts {
                    let expected = Expected(actorCase, child, context)
                    for action in ChildAction.allCases {
                        let decision = Policy.decide(actor, action, child: facts, context: accessContext)
                        let want = expected.allows(action)
                        tally.checked += 1
                        if decision.isAllowed {
                            tally.allowedSomewhere.insert(action)
                        } else {
                            tally.deniedSomewhere.insert(action)
                        }
                        if decision.isAllowed != want {
                            tally.mismatches += 1
                            if tally.mismatches <= Fixture.maxReported {
                                let message = "\(action) by \(actorCase) on \(child) \(context): expected \(want ? "allow" : "deny")"
                                    + " (expected level \(expected.level)), got \(decision)"
                                #expect(decision.isAllowed == want, "\(message)")
                            }
                        }
                    }
                    let notifies = Policy.notifiesOnOpen(actor, facts, context: accessContext)
                    tally.checked += 1
                    if notifies != expected.notifiesOnOpen {
                        tally.mismatches += 1
                        if tally.mismatches <= Fixture.maxReported {
                            let message = "notifiesOnOpen for \(actorCase) on \(child) \(context): expected \(expected.notifiesOnOpen), got \(notifies)"
                            #expect(notifies == expected.notifiesOnOpen, "\(message)")
                        }
                    }
                }
            }
        }
        let perChild = ActorCase.all.count * ContextCase.all.count * (ChildAction.allCases.count + 1)
        #expect(tally.checked == children.count * perChild, "every combination was decided")
        #expect(tally.mismatches == 0, "\(tally.mismatches) of \(tally.checked) decisions differ from the rules (the first \(Fixture.maxReported) are reported)")
        return tally
    }

    // MARK: - The matrix

    @Test("matrix: the usual team, with and without a sensitive involvement")
    func matrixUsualTeam() {
        let tally = Self.verify(Self.children(teams: [.memberAndLead, .memberLeadAndNurse]))
        // The matrix is not degenerate: the policy both allows and denies every action somewhere in it.
        for action in ChildAction.allCases {
            #expect(tally.allowedSomewhere.contains(action), "\(action) is never allowed")
            #expect(tally.deniedSomewhere.contains(action), "\(action) is never denied")
        }
    }

    @Test("matrix: no ordinary member (known only to a sensitive service, or every involvement ended)")
    func matrixNoOrdinaryMember() {
        Self.verify(Self.children(teams: [.nurseOnly, .nobody]))
    }

    @Test("matrix: the assessment's other bases (a recorded basis, or the actor's organisation holds it)")
    func matrixAssessmentBases() {
        Self.verify(Self.children(teams: [.memberAndLead, .memberLeadAndNurse], indexBases: [.consent], shielded: [false],
                                  assessments: AssessmentCase.allCases))
    }

    // MARK: - Named examples

    static func practitioner(_ id: String, of organisation: String, in authority: String = Fixture.authority,
                             also roles: Set<SystemRole> = []) -> Actor {
        Actor(practitionerID: id, roles: roles.union([.practitioner]), organisationCode: organisation, authorityCode: authority)
    }

    static let member = practitioner("member", of: "ORG-A")
    static let neighbour = practitioner("neighbour", of: "ORG-C")
    static let nurse = practitioner("nurse", of: Fixture.sensitiveOrganisation)
    static let dataManager = Actor(practitionerID: "dm", roles: [.dataManager], organisationCode: "LA", authorityCode: Fixture.authority)

    static func context(found: Bool = false, breakGlass: Bool = false, hiddenField: Bool = false,
                        today: CalendarDate = Fixture.today) -> AccessContext {
        AccessContext(foundByReasonedSearch: found, breakGlass: breakGlass, searchUsedHiddenField: hiddenField, today: today)
    }

    static func allows(_ actor: Actor, _ action: ChildAction, _ child: ChildFacts,
                       _ situation: AccessContext = ChildPolicyTests.context()) -> Bool {
        Policy.decide(actor, action, child: child, context: situation).isAllowed
    }

    static func tier2(consents: [ConsentFact], team: [ChildFacts.TeamMember] = [Fixture.member, Fixture.lead]) -> ChildFacts {
        ChildFacts(authorityCode: Fixture.authority, tier: 2, team: team, indexBasis: .consent, consents: consents)
    }

    @Test("a withdrawn index consent stops an outsider finding a Tier-2 child")
    func withdrawnIndexConsent() {
        let consenting = Self.tier2(consents: [ConsentFact(purposes: [.index])])
        let withdrawn = Self.tier2(consents: [ConsentFact(purposes: [.index], withdrawn: true)])
        let found = Self.context(found: true)

        #expect(Self.allows(Self.neighbour, .searchHit, consenting))
        #expect(Self.allows(Self.neighbour, .viewSignpost, consenting, found))
        #expect(!Self.allows(Self.neighbour, .searchHit, withdrawn))
        #expect(!Self.allows(Self.neighbour, .viewSignpost, withdrawn, found))
        // The team keeps the record.
        #expect(Self.allows(Self.member, .viewRecord, withdrawn))
    }

    @Test("a share-with-organisations consent lets only the named organisation find the child")
    func shareWithNamedOrganisation() {
        let child = Self.tier2(consents: [ConsentFact(purposes: [.shareWithOrganisations], organisations: [Fixture.namedOrganisation])])
        let named = Self.practitioner("named", of: Fixture.namedOrganisation, in: Fixture.otherAuthority)
        let found = Self.context(found: true)

        #expect(Self.allows(named, .searchHit, child))
        #expect(Self.allows(named, .viewInvolvements, child, found))
        #expect(!Self.allows(Self.neighbour, .searchHit, child))
        #expect(!Self.allows(Self.neighbour, .viewSignpost, child, found))
    }

    @Test("a shielded child searched by postcode is not a hit, but by name and date of birth is")
    func shieldedChildSearch() {
        let shielded = ChildFacts(authorityCode: Fixture.authority, tier: 2, team: [Fixture.member, Fixture.lead], shielded: true)
        let ordinary = ChildFacts(authorityCode: Fixture.authority, tier: 2, team: [Fixture.member, Fixture.lead])
        let byPostcode = Self.context(hiddenField: true)
        let byNameAndDateOfBirth = Self.context(hiddenField: false)

        #expect(!Self.allows(Self.neighbour, .searchHit, shielded, byPostcode))
        #expect(Self.allows(Self.neighbour, .searchHit, shielded, byNameAndDateOfBirth))
        #expect(Self.allows(Self.neighbour, .searchHit, ordinary, byPostcode))
        #expect(Self.allows(Self.member, .searchHit, shielded, byPostcode))
        // Once found, an outsider sees only the shielded level: the child and the brokering route.
        let found = Self.context(found: true)
        #expect(Self.allows(Self.neighbour, .viewSignpost, shielded, found))
        #expect(Self.allows(Self.neighbour, .requestBrokeredContact, shielded, found))
        #expect(!Self.allows(Self.neighbour, .viewInvolvements, shielded, found))
        #expect(Self.allows(Self.neighbour, .viewInvolvements, ordinary, found))
    }

    @Test("break-glass opens the record but does not reveal a sensitive involvement")
    func breakGlassDoesNotRevealSensitiveInvolvement() {
        let child = ChildFacts(authorityCode: Fixture.authority, tier: 1, team: [Fixture.member, Fixture.lead, Fixture.nurse])
        let protector = Self.practitioner("stranger", of: "ORG-Z", in: Fixture.otherAuthority, also: [.childProtection])
        let brokenGlass = Self.context(breakGlass: true)

        #expect(Self.allows(protector, .breakGlass, child))
        #expect(!Self.allows(protector, .viewRecord, child))
        #expect(Self.allows(protector, .viewRecord, child, brokenGlass))
        #expect(!Self.allows(protector, .viewSensitiveInvolvement, child, brokenGlass))
        #expect(Policy.notifiesOnOpen(protector, child, context: brokenGlass))
        // Nor does team membership: the member is told only that another service is involved.
        #expect(!Self.allows(Self.member, .viewSensitiveInvolvement, child))
        #expect(Self.allows(Self.member, .seeBrokeredContactNotice, child))
        // The service itself and the authority's data manager see it.
        #expect(Self.allows(Self.nurse, .viewSensitiveInvolvement, child))
        #expect(!Self.allows(Self.nurse, .seeBrokeredContactNotice, child))
        #expect(Self.allows(Self.dataManager, .viewSensitiveInvolvement, child))
    }

    @Test("a child known only to a sensitive service is invisible outside it")
    func knownOnlyToSensitiveService() {
        let hidden = ChildFacts(authorityCode: Fixture.authority, tier: 1, team: [Fixture.nurse])
        let known = ChildFacts(authorityCode: Fixture.authority, tier: 1, team: [Fixture.member, Fixture.nurse])
        let found = Self.context(found: true)

        #expect(!Self.allows(Self.neighbour, .searchHit, hidden))
        #expect(!Self.allows(Self.neighbour, .viewSignpost, hidden, found))
        #expect(!Policy.notifiesOnOpen(Self.neighbour, hidden, context: found))
        #expect(Self.allows(Self.neighbour, .searchHit, known))
        #expect(Self.allows(Self.neighbour, .viewSignpost, known, found))
        // Inside the service, and for the authority's data manager, the child is there.
        #expect(Self.allows(Self.nurse, .viewRecord, hidden))
        // A colleague in the same sensitive service finds the child too, and sees the involvement.
        let colleague = Self.practitioner("nurse-colleague", of: Fixture.sensitiveOrganisation)
        #expect(Self.allows(colleague, .searchHit, hidden))
        #expect(Self.allows(colleague, .viewSensitiveInvolvement, hidden, found))
        #expect(!Self.allows(colleague, .viewRecord, hidden, found))
        #expect(Self.allows(Self.dataManager, .searchHit, hidden))
        #expect(Self.allows(Self.dataManager, .viewRecord, hidden))
    }

    @Test("consent expiry is inclusive of the expiry day")
    func expiryIsInclusive() {
        let index = Self.tier2(consents: [ConsentFact(purposes: [.index], expiresOn: Fixture.today)])
        let assessment = Self.tier2(consents: [
            ConsentFact(purposes: [.index]), ConsentFact(purposes: [.shareAssessment], expiresOn: Fixture.today),
        ])

        #expect(Self.allows(Self.neighbour, .viewSignpost, index, Self.context(found: true, today: Fixture.today)))
        #expect(!Self.allows(Self.neighbour, .viewSignpost, index, Self.context(found: true, today: Fixture.tomorrow)))
        #expect(Self.allows(Self.member, .viewAssessment, assessment, Self.context(today: Fixture.today)))
        #expect(!Self.allows(Self.member, .viewAssessment, assessment, Self.context(today: Fixture.tomorrow)))
    }

    @Test("opening a Tier-1 child from outside its team notifies, unless the opener holds silent read")
    func flagAndNotify() {
        let tier1 = ChildFacts(authorityCode: Fixture.authority, tier: 1, team: [Fixture.member, Fixture.lead])
        let tier2 = ChildFacts(authorityCode: Fixture.authority, tier: 2, team: [Fixture.member, Fixture.lead])
        let emergencyDepartment = Self.practitioner("ed", of: "ORG-ED", also: [.silentRead])
        let found = Self.context(found: true)

        #expect(Policy.notifiesOnOpen(Self.neighbour, tier1, context: found))
        #expect(!Policy.notifiesOnOpen(Self.neighbour, tier2, context: found))
        #expect(!Policy.notifiesOnOpen(emergencyDepartment, tier1, context: found))
        #expect(Self.allows(emergencyDepartment, .viewInvolvements, tier1, found))
        #expect(!Policy.notifiesOnOpen(Self.member, tier1, context: found))
        #expect(!Policy.notifiesOnOpen(Self.dataManager, tier1, context: found))
    }

    @Test("an ended involvement (absent from the team) is not team membership")
    func anEndedInvolvementIsNotTeamMembership() {
        let active = ChildFacts(authorityCode: Fixture.authority, tier: 1, team: [Fixture.member, Fixture.lead])
        let ended = ChildFacts(authorityCode: Fixture.authority, tier: 1, team: [Fixture.lead])
        let former = Self.member

        for action: ChildAction in [.viewRecord, .recordConsent, .viewAccesses, .viewAssessment] {
            #expect(Self.allows(former, action, active), "\(action) while the involvement is active")
            #expect(!Self.allows(former, action, ended), "\(action) after it ended")
        }
        // A former member is an outsider: a reasoned search shows the signpost, and opening it notifies.
        #expect(Self.allows(former, .viewInvolvements, ended, Self.context(found: true)))
        #expect(!Self.allows(former, .viewInvolvements, ended))
        #expect(Policy.notifiesOnOpen(former, ended, context: Self.context(found: true)))
        #expect(!Policy.notifiesOnOpen(former, active, context: Self.context(found: true)))
    }
}
