import Testing

@testable import SignpostCore

/// The child access policy, `Policy.decide(_:_:child:context:)`, `Policy.route` and `Policy.notifiesOnOpen`,
/// checked against rules written out here in `Expected`, straight from the English rules. The expectation
/// never calls the policy (`visibility`, `route`, `maySee`, `isTeamMember`, `isInvolved`,
/// `isLeadProfessional`, `indexSharingBasis`...) nor `ChildFacts`' own helpers (`consentInForce`,
/// `hasSensitiveInvolvement`): it reads only the case descriptions below.
///
/// The matrix is every actor (role set × relationship to the child) × child (involvements, team
/// membership, tier, index basis, shield, consent) × access context × action. Every consent case is
/// tried where consent decides the index (a Tier-2 child indexed on consent), one of each scope elsewhere;
/// an inherited shield is tried in `ChildDisclosureTests`, whose `permitted` covers every action too.
/// That is millions of decisions, too many for `arguments:`, so each matrix test loops, counts every
/// disagreement and reports the first 50 (at most 5 of a kind, so one broken rule cannot hide another).
/// `ChildDisclosureTests` checks `Policy.disclose` against the same `Expected`.
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

        static let member = Involved.member.involvement
        static let lead = Involved.lead.involvement
        static let nurse = Involved.nurse.involvement

        static let maxReported = 50
    }

    // MARK: - Actors

    /// The role sets an account may hold.
    enum Roles: String, CaseIterable, Sendable {
        case practitioner
        case childProtectionPractitioner = "practitioner+child-protection"
        case silentReadPractitioner = "practitioner+silent-read"
        /// A practitioner who is also a data manager (separation of duties allows it).
        case practitionerDataManager = "practitioner+data-manager"
        case dataManager = "data-manager"
        case auditor
        case admin

        var set: Set<SystemRole> {
            switch self {
            case .practitioner: [.practitioner]
            case .childProtectionPractitioner: [.practitioner, .childProtection]
            case .silentReadPractitioner: [.practitioner, .silentRead]
            case .practitionerDataManager: [.practitioner, .dataManager]
            case .dataManager: [.dataManager]
            case .auditor: [.auditor]
            case .admin: [.admin]
            }
        }
    }

    /// Who the actor is in relation to the child. Each relationship is one fixed identity; the child's
    /// involvements (`InvolvementShape`) and team (`MembershipShape`) are built from the same ids, so
    /// whether "member" or "lead" is involved, or admitted to the team, depends on the child. A data
    /// manager's relationship decides only whether the child is in their authority (and, with the
    /// practitioner role, who they are as a practitioner).
    enum Relationship: String, CaseIterable, Sendable {
        /// "member" of ORG-A: the creator of the child's record.
        case member
        /// "lead" of ORG-B: whose involvement, when there is one, is the lead professional's.
        case lead
        /// "colleague" of ORG-A, the member's organisation; never involved nor admitted.
        case sameOrganisation
        /// "neighbour" of ORG-C, in the child's authority.
        case sameAuthority
        /// "stranger" of ORG-Z, in another authority.
        case otherAuthority
        /// "nurse" of the sensitive service: involved only when the child has a sensitive involvement.
        case sensitiveService
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
            case .namedOrganisation: "named"
            }
        }

        var organisationCode: String {
            switch self {
            case .member, .sameOrganisation: "ORG-A"
            case .lead: "ORG-B"
            case .sameAuthority: "ORG-C"
            case .otherAuthority: "ORG-Z"
            case .sensitiveService: Fixture.sensitiveOrganisation
            case .namedOrganisation: Fixture.namedOrganisation
            }
        }

        var authorityCode: String {
            switch self {
            case .member, .lead, .sameOrganisation, .sameAuthority, .sensitiveService: Fixture.authority
            case .otherAuthority, .namedOrganisation: Fixture.otherAuthority
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
                authorityCode: relationship.authorityCode, organisationSensitive: relationship == .sensitiveService)
        }

        var description: String {
            "\(roles.rawValue) \(relationship) (\(relationship.practitionerID), \(relationship.organisationCode), \(relationship.authorityCode))"
        }

        static let all: [ActorCase] = Roles.allCases.flatMap { roles in
            Relationship.allCases.map { ActorCase(roles: roles, relationship: $0) }
        }
    }

    // MARK: - Children

    /// The practitioners who may hold an active involvement with the child, as the case describes them.
    enum Involved: String, CaseIterable, Sendable {
        case member
        case lead
        case nurse

        var practitionerID: String { rawValue }

        var organisationCode: String {
            switch self {
            case .member: "ORG-A"
            case .lead: "ORG-B"
            case .nurse: Fixture.sensitiveOrganisation
            }
        }

        var leadProfessional: Bool { self == .lead }
        var sensitive: Bool { self == .nurse }

        var involvement: ChildFacts.Involvement {
            ChildFacts.Involvement(
                practitionerID: practitionerID, organisationCode: organisationCode,
                leadProfessional: leadProfessional, sensitive: sensitive)
        }
    }

    /// The child's active involvements, in order. Every child is in authority E06000001.
    enum InvolvementShape: String, CaseIterable, Sendable {
        /// member (ORG-A) and lead (ORG-B, lead professional): the usual involvements, nothing sensitive.
        case memberAndLead = "member+lead"
        /// member, lead and the sensitive service's nurse.
        case memberLeadAndNurse = "member+lead+nurse(sensitive)"
        /// Known only to the sensitive service.
        case nurseOnly = "nurse(sensitive) only"
        /// Every involvement has ended.
        case nobody = "no active involvement"

        /// In the order of `ChildFacts.involvements`.
        var people: [Involved] {
            switch self {
            case .memberAndLead: [.member, .lead]
            case .memberLeadAndNurse: [.member, .lead, .nurse]
            case .nurseOnly: [.nurse]
            case .nobody: []
            }
        }

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

        var hasNonSensitiveInvolvement: Bool {
            switch self {
            case .memberAndLead, .memberLeadAndNurse: true
            case .nurseOnly, .nobody: false
            }
        }

        /// Whether the lead professional's involvement ("lead") is active.
        var hasLeadProfessional: Bool {
            switch self {
            case .memberAndLead, .memberLeadAndNurse: true
            case .nurseOnly, .nobody: false
            }
        }
    }

    /// Who was admitted to the child's team. Membership is a grant of its own: an involvement is not one.
    enum MembershipShape: String, CaseIterable, Sendable {
        /// Every practitioner with an active involvement is a member: the world just after the migration
        /// that admitted every involved practitioner.
        case everyoneInvolved = "members: everyone involved"
        /// Only the record's creator ("member") is a member, whether or not their involvement is still
        /// active; "lead" (and "nurse") are involved but not admitted.
        case creatorOnly = "members: only the creator (member)"
        /// No one has been admitted.
        case nobody = "members: nobody"

        func memberIDs(_ involvements: InvolvementShape) -> Set<String> {
            switch self {
            case .everyoneInvolved: involvements.practitionerIDs
            case .creatorOnly: ["member"]
            case .nobody: []
            }
        }

        /// The shapes that give distinct teams for these involvements (with none, "everyone involved" is nobody).
        static func distinct(for involvements: InvolvementShape) -> [MembershipShape] {
            involvements == .nobody ? [.creatorOnly, .nobody] : allCases
        }
    }

    enum ShieldCase: String, CaseIterable, Sendable {
        case none = "not shielded"
        /// Shielded by a data manager on this record.
        case own = "shielded"
        /// Shielded because a possible duplicate (or a merged record) is.
        case inherited = "shielded (inherited)"

        var shielded: Bool { self != .none }
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
            let expiresOn: CalendarDate? =
                switch state {
                case .givenWithoutExpiry: nil
                case .givenUntilToday: Fixture.today
                case .givenUntilLater, .withdrawn: Fixture.later
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

        /// No consent, one in force and one not of each scope.
        static let oneOfEachScope: [ConsentCase?] = [
            nil,
            ConsentCase(state: .givenWithoutExpiry, scope: .index), ConsentCase(state: .withdrawn, scope: .index),
            ConsentCase(state: .givenUntilToday, scope: .shareWithNamedOrganisation),
            ConsentCase(state: .expired, scope: .shareWithNamedOrganisation),
            ConsentCase(state: .givenUntilLater, scope: .shareAssessment),
            ConsentCase(state: .expired, scope: .shareAssessment),
        ]

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
        var involvements: InvolvementShape
        var membership: MembershipShape
        var tier: Int
        var indexBasis: LawfulBasis
        var shield: ShieldCase
        var consent: ConsentCase?
        var assessment: AssessmentCase

        var facts: ChildFacts {
            var list = involvements.people.map(\.involvement)
            for index in list.indices {
                if assessment == .leadHoldsIt && list[index].practitionerID == "lead" {
                    list[index].holdsAssessment = true
                }
                if assessment == .memberHoldsIt && list[index].practitionerID == "member" {
                    list[index].holdsAssessment = true
                }
            }
            let recordedBases: [SharingPurpose: LawfulBasis] =
                switch assessment {
                case .recordedSafeguarding: [.shareAssessment: .safeguarding]
                case .recordedPublicTask: [.shareAssessment: .publicTask]
                case .recordedConsent: [.shareAssessment: .consent]
                case .nothingElse, .leadHoldsIt, .memberHoldsIt: [:]
                }
            return ChildFacts(
                authorityCode: Fixture.authority, tier: tier, involvements: list,
                members: membership.memberIDs(involvements),
                shielded: shield.shielded, shieldInherited: shield == .inherited, indexBasis: indexBasis,
                recordedBases: recordedBases, consents: consent.map { [$0.fact] } ?? [])
        }

        var description: String {
            var text =
                "tier \(tier) child (index basis \(indexBasis.rawValue))\(shield == .none ? "" : ", \(shield.rawValue)")"
            text += ", involvements \(involvements.rawValue), \(membership.rawValue)"
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
            AccessContext(
                foundByReasonedSearch: foundByReasonedSearch, breakGlass: breakGlass,
                searchUsedHiddenField: searchUsedHiddenField, today: Fixture.today)
        }

        var description: String {
            "[found by reasoned search: \(foundByReasonedSearch), break-glass: \(breakGlass), hidden field searched: \(searchUsedHiddenField)]"
        }

        static let all: [ContextCase] = [false, true].flatMap { found in
            [false, true].flatMap { breakGlass in
                [false, true].map {
                    ContextCase(foundByReasonedSearch: found, breakGlass: breakGlass, searchUsedHiddenField: $0)
                }
            }
        }
    }

    // MARK: - The rules

    /// What the policy should decide, written from the English rules, one rule per line.
    struct Expected {
        /// nothing < shielded < signpost < record.
        enum Level: Int, Comparable, CustomStringConvertible {
            case nothing, shielded, signpost, record
            static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
            var description: String {
                switch self {
                case .nothing: "nothing"
                case .shielded: "shielded"
                case .signpost: "signpost"
                case .record: "record"
                }
            }
        }

        /// The actions that refuse as if the child were missing only when the actor sees nothing of it,
        /// and otherwise say why.
        static let refusedWithAReason: Set<ChildAction> = [
            .addInvolvement, .requestToJoin, .decideJoinRequest, .admitDirectly, .startAssessment, .inviteToTeam,
            .printSummary, .addToSharedRecord, .acknowledgeConcern, .recordRelationship,
        ]

        let child: ChildCase
        let context: ContextCase
        let organisation: String
        /// P: the actor is a practitioner.
        let practitioner: Bool
        /// CP: a practitioner with the child-protection role.
        let childProtection: Bool
        let silentRead: Bool
        /// Team member: a practitioner whose id is among the child's members. An involvement is not membership.
        let inTeam: Bool
        /// Involved: a practitioner with an active involvement of their own.
        let involved: Bool
        /// Lead professional: a team member whose own involvement is the lead professional's.
        let leadProfessional: Bool
        /// DM: a data manager of the child's authority.
        let dataManager: Bool

        init(_ actor: ActorCase, _ child: ChildCase, _ context: ContextCase) {
            let roles = actor.roles.set
            let id = actor.relationship.practitionerID
            self.child = child
            self.context = context
            organisation = actor.relationship.organisationCode
            practitioner = roles.contains(.practitioner)
            childProtection = practitioner && roles.contains(.childProtection)
            silentRead = roles.contains(.silentRead)
            inTeam = practitioner && child.membership.memberIDs(child.involvements).contains(id)
            involved = practitioner && child.involvements.practitionerIDs.contains(id)
            leadProfessional = inTeam && id == "lead" && child.involvements.hasLeadProfessional
            dataManager = roles.contains(.dataManager) && actor.relationship.authorityCode == Fixture.authority
            // Worked out once: the matrix asks for them for every action.
            route = routeGiven(found: context.foundByReasonedSearch, breakGlass: context.breakGlass)
            level = levelOf(route)
            lastingLevel = levelOf(routeGiven(found: context.foundByReasonedSearch, breakGlass: false))
            levelIfFound = levelOf(routeGiven(found: true, breakGlass: context.breakGlass))
        }

        /// The scope of the consent in force today, if there is one.
        var consentInForce: ConsentScope? {
            guard let consent = child.consent, consent.state.inForce else { return nil }
            return consent.scope
        }

        /// The basis on which the index shares the signpost with this actor: Tier 1 is public task; a
        /// public-task or safeguarding index basis is that; a consent basis needs consent in force for
        /// the index, or for sharing with organisations that names the actor's.
        var sharingBasis: LawfulBasis? {
            if child.tier == 1 { return .publicTask }
            switch child.indexBasis {
            case .publicTask: return .publicTask
            case .safeguarding: return .safeguarding
            case .consent:
                if consentInForce == .index { return .consent }
                if consentInForce == .shareWithNamedOrganisation && organisation == Fixture.namedOrganisation {
                    return .consent
                }
                return nil
            }
        }

        /// The child has an ordinary (non-sensitive) involvement, or one of the actor's own (sensitive) organisation.
        var reachable: Bool {
            child.involvements.hasNonSensitiveInvolvement
                || (child.involvements.hasSensitiveInvolvement && organisation == Fixture.sensitiveOrganisation)
        }

        /// The route, for a context found by a reasoned search or not, and with break-glass or not.
        func routeGiven(found: Bool, breakGlass: Bool) -> AccessRoute {
            if inTeam { return .team }
            if dataManager { return .dataManager }
            if childProtection && breakGlass { return .breakGlass }
            if practitioner && (found || involved) && reachable, let basis = sharingBasis {
                return found ? .search(basis) : .involved(basis)
            }
            return .none
        }

        func levelOf(_ route: AccessRoute) -> Level {
            switch route {
            case .team, .dataManager, .breakGlass: .record
            case .search, .involved: child.shield.shielded ? .shielded : .signpost
            case .none: .nothing
            }
        }

        /// The route and level in this context.
        private(set) var route: AccessRoute = .none
        private(set) var level: Level = .nothing
        /// What the actor would see without break-glass: the only footing for anything lasting.
        private(set) var lastingLevel: Level = .nothing
        /// What the actor would see had a reasoned search found the child (for `searchHit`).
        private(set) var levelIfFound: Level = .nothing

        /// A sensitive involvement is seen only by a practitioner of that service (seeing at least the
        /// signpost) and by the authority's data managers.
        func seesSensitive(of service: String) -> Bool {
            dataManager || (practitioner && organisation == service && level >= .signpost)
        }

        var maySeeSensitiveInvolvement: Bool {
            child.involvements.hasSensitiveInvolvement && seesSensitive(of: Fixture.sensitiveOrganisation)
        }

        var ownOrganisationHoldsAssessment: Bool {
            switch child.assessment {
            case .leadHoldsIt: child.involvements.practitionerIDs.contains("lead") && organisation == "ORG-B"
            case .memberHoldsIt: child.involvements.practitionerIDs.contains("member") && organisation == "ORG-A"
            default: false
            }
        }

        func allows(_ action: ChildAction) -> Bool {
            switch action {
            case .searchHit:
                if inTeam || dataManager { return true }
                guard practitioner else { return false }
                if levelIfFound == .shielded && context.searchUsedHiddenField { return false }
                return levelIfFound >= .shielded
            case .viewSignpost: return level >= .shielded
            case .viewInvolvements: return level >= .signpost
            case .viewRecord: return level == .record
            case .viewSensitiveInvolvement: return maySeeSensitiveInvolvement
            case .seeBrokeredContactNotice:
                return inTeam && child.involvements.hasSensitiveInvolvement && !maySeeSensitiveInvolvement
            case .requestBrokeredContact: return practitioner && level >= .shielded
            case .brokerContact: return dataManager
            case .addInvolvement: return practitioner && lastingLevel >= .signpost
            case .requestToJoin: return practitioner && lastingLevel >= .signpost && !inTeam
            case .decideJoinRequest: return leadProfessional || dataManager
            case .inviteToTeam: return leadProfessional || dataManager
            case .printSummary: return inTeam
            case .viewSharedRecord: return inTeam || dataManager
            case .addToSharedRecord: return inTeam
            case .acknowledgeConcern: return leadProfessional || dataManager
            case .viewSharedPicture: return inTeam || dataManager
            case .recordRelationship: return inTeam
            case .admitDirectly: return dataManager
            case .startAssessment: return inTeam
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

        /// One shared-record item (chronology entry, contact, post): the team and the authority's data
        /// managers only; the data managers see everything; a sensitive service's item only that service,
        /// the rest of the team at most "another service" where they see the brokered-contact notice; any
        /// other item its own organisation, and the rest of the team while sharing with the team is covered.
        func disclosure(of item: SharedRecordItem) -> SharedRecordDisclosure {
            guard inTeam || dataManager else { return .hidden }
            if dataManager { return .full }
            if practitioner && organisation == item.organisationCode { return .full }
            if item.sensitive {
                let seesNotice = child.involvements.hasSensitiveInvolvement && !maySeeSensitiveInvolvement
                return seesNotice ? .anotherService : .hidden
            }
            let shared =
                consentInForce == .shareAssessment || child.tier == 1 || child.assessment == .recordedSafeguarding
                || child.assessment == .recordedPublicTask
            return shared ? .full : .hidden
        }

        /// One involvement on the shared picture: only for the team and the data managers; in full where
        /// the involvement is seen (a sensitive one by its own service and the data managers only);
        /// a hidden sensitive service as "another service" where the brokered-contact notice shows.
        func pictureDisclosure(of involvement: ChildFacts.Involvement) -> SharedRecordDisclosure {
            guard inTeam || dataManager else { return .hidden }
            if !involvement.sensitive || dataManager { return .full }
            if practitioner && organisation == involvement.organisationCode { return .full }
            let seesNotice = inTeam && child.involvements.hasSensitiveInvolvement && !maySeeSensitiveInvolvement
            return seesNotice ? .anotherService : .hidden
        }

        /// For the actions that say why they refuse: whether a refusal must be as if the child were
        /// missing (the actor sees nothing of it). Nil for the other actions.
        func hiddenWhenRefused(_ action: ChildAction) -> Bool? {
            Self.refusedWithAReason.contains(action) ? level == .nothing : nil
        }

        /// Flag-and-notify: a practitioner (not silent-read) opened a Tier-1 child by a search, an
        /// involvement or break-glass.
        var notifiesOnOpen: Bool {
            guard child.tier == 1 && practitioner && !silentRead else { return false }
            switch route {
            case .search, .involved, .breakGlass: return true
            case .team, .dataManager, .none: return false
            }
        }
    }

    // MARK: - Running the matrix

    /// Consent decides who may find a child only on a Tier-2 child indexed on consent: there every consent
    /// case is tried. Elsewhere consent matters only to the assessment, and one of each scope in force and
    /// not in force is enough (it keeps the matrix quick enough to run twice in CI).
    static func everyConsentWhereItDecidesTheIndex(tier: Int, indexBasis: LawfulBasis) -> [ConsentCase?] {
        tier == 2 && indexBasis == .consent ? ConsentCase.all : ConsentCase.oneOfEachScope
    }

    static func children(
        involvements: [InvolvementShape], memberships: [MembershipShape]? = nil, tiers: [Int] = [1, 2],
        indexBases: [LawfulBasis] = LawfulBasis.allCases, shields: [ShieldCase] = [.none, .own],
        consents: (Int, LawfulBasis) -> [ConsentCase?] = everyConsentWhereItDecidesTheIndex,
        assessments: [AssessmentCase] = [.nothingElse]
    ) -> [ChildCase] {
        var children: [ChildCase] = []
        for shape in involvements {
            for membership in memberships ?? MembershipShape.distinct(for: shape) {
                for tier in tiers {
                    for indexBasis in indexBases {
                        for shield in shields {
                            for consent in consents(tier, indexBasis) {
                                for assessment in assessments {
                                    children.append(
                                        ChildCase(
                                            involvements: shape, membership: membership, tier: tier,
                                            indexBasis: indexBasis,
                                            shield: shield, consent: consent, assessment: assessment))
                                }
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
        /// By action (in `ChildAction.allCases` order): whether the policy allowed it somewhere, denied it
        /// somewhere as if missing, and denied it somewhere with a reason.
        var allowed = [Bool](repeating: false, count: ChildAction.allCases.count)
        var hidden = [Bool](repeating: false, count: ChildAction.allCases.count)
        var reasoned = [Bool](repeating: false, count: ChildAction.allCases.count)
        /// By route (`routeIndex`): whether the policy took it somewhere.
        var routes = [Bool](repeating: false, count: 3 + 2 * LawfulBasis.allCases.count + 1)

        static func routeIndex(_ route: AccessRoute) -> Int {
            switch route {
            case .team: 0
            case .dataManager: 1
            case .breakGlass: 2
            case .search(let basis): 3 + LawfulBasis.allCases.firstIndex(of: basis)!
            case .involved(let basis): 3 + LawfulBasis.allCases.count + LawfulBasis.allCases.firstIndex(of: basis)!
            case .none: 3 + 2 * LawfulBasis.allCases.count
            }
        }

        var routesSeen: Set<String> {
            let all: [AccessRoute] =
                [.team, .dataManager, .breakGlass] + LawfulBasis.allCases.map { .search($0) }
                + LawfulBasis.allCases.map { .involved($0) } + [.none]
            return Set(all.filter { routes[Self.routeIndex($0)] }.map(\.description))
        }

        func actions(_ flags: [Bool]) -> Set<ChildAction> {
            Set(ChildAction.allCases.enumerated().filter { flags[$0.offset] }.map(\.element))
        }
        var allowedSomewhere: Set<ChildAction> { actions(allowed) }
        var deniedSomewhere: Set<ChildAction> { actions(zip(hidden, reasoned).map { $0 || $1 }) }
        var hiddenSomewhere: Set<ChildAction> { actions(hidden) }
        var reasonedSomewhere: Set<ChildAction> { actions(reasoned) }
        /// Disagreements per action (or "route", "notifiesOnOpen"), so one broken rule cannot hide another.
        var mismatchesByKind: [String: Int] = [:]
        /// The shared-record disclosures the policy gave somewhere.
        var disclosures: Set<SharedRecordDisclosure> = []
        /// The shared-picture disclosures of involvements the policy gave somewhere, and how many were asked.
        var pictureChecked = 0
        var pictureDisclosures: Set<SharedRecordDisclosure> = []
        var reported = 0

        /// Counts a disagreement; reports the first 50, at most 5 of each kind.
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

    /// A shared-record item of each kind of author: the member's, the lead's and an uninvolved
    /// neighbour's organisation, and the sensitive service.
    static let sharedRecordItems = [
        SharedRecordItem(organisationCode: "ORG-A", sensitive: false),
        SharedRecordItem(organisationCode: "ORG-B", sensitive: false),
        SharedRecordItem(organisationCode: "ORG-C", sensitive: false),
        SharedRecordItem(organisationCode: Fixture.sensitiveOrganisation, sensitive: true),
    ]

    /// Every actor × context × action (and the route, notifiesOnOpen and each shared-record item's
    /// disclosure) for these children, against `Expected`.
    @discardableResult
    static func verify(_ children: [ChildCase]) -> Tally {
        var tally = Tally()
        let contexts = ContextCase.all.map { ($0, $0.accessContext) }
        let actions = Array(ChildAction.allCases.enumerated())
        let actors = ActorCase.all.map { ($0, $0.actor) }
        for child in children {
            let facts = child.facts
            for (actorCase, actor) in actors {
                for (context, accessContext) in contexts {
                    let expected = Expected(actorCase, child, context)
                    func situation() -> String { "by \(actorCase) on \(child) \(context)" }
                    for (index, action) in actions {
                        let decision = Policy.decide(actor, action, child: facts, context: accessContext)
                        let want = expected.allows(action)
                        tally.checked += 1
                        if decision.isAllowed {
                            tally.allowed[index] = true
                        } else if decision.isHidden {
                            tally.hidden[index] = true
                        } else {
                            tally.reasoned[index] = true
                        }
                        if decision.isAllowed != want {
                            tally.report(
                                action.rawValue,
                                "\(action) \(situation()): expected \(want ? "allow" : "deny")"
                                    + " (expected level \(expected.level), route \(expected.route)), got \(decision)")
                        } else if !want, let hidden = expected.hiddenWhenRefused(action), decision.isHidden != hidden {
                            tally.report(
                                action.rawValue,
                                "\(action) \(situation()): expected \(hidden ? "a refusal as not found" : "a refusal with a reason")"
                                    + " (expected level \(expected.level)), got \(decision)")
                        }
                    }
                    for item in Self.sharedRecordItems {
                        let shown = Policy.disclosure(of: item, to: actor, child: facts, context: accessContext)
                        let want = expected.disclosure(of: item)
                        tally.checked += 1
                        tally.disclosures.insert(shown)
                        if shown != want {
                            tally.report(
                                "disclosure", "disclosure of \(item) \(situation()): expected \(want), got \(shown)")
                        }
                    }
                    for involvement in facts.involvements {
                        let shown = Policy.pictureDisclosure(
                            of: involvement, to: actor, child: facts, context: accessContext)
                        let want = expected.pictureDisclosure(of: involvement)
                        tally.pictureChecked += 1
                        tally.pictureDisclosures.insert(shown)
                        if shown != want {
                            tally.report(
                                "picture", "picture of \(involvement) \(situation()): expected \(want), got \(shown)")
                        }
                    }
                    let route = Policy.route(of: actor, to: facts, context: accessContext)
                    tally.checked += 1
                    tally.routes[Tally.routeIndex(route)] = true
                    if route != expected.route {
                        tally.report("route", "route \(situation()): expected \(expected.route), got \(route)")
                    }
                    let notifies = Policy.notifiesOnOpen(actor, facts, context: accessContext)
                    tally.checked += 1
                    if notifies != expected.notifiesOnOpen {
                        tally.report(
                            "notifiesOnOpen",
                            "notifiesOnOpen \(situation()): expected \(expected.notifiesOnOpen), got \(notifies)")
                    }
                }
            }
        }
        let perChild =
            ActorCase.all.count * ContextCase.all.count
            * (ChildAction.allCases.count + 2 + Self.sharedRecordItems.count)
        #expect(tally.checked == children.count * perChild, "every combination was decided")
        #expect(tally.pictureChecked >= children.count * ActorCase.all.count * ContextCase.all.count / 2)
        #expect(
            tally.mismatches == 0,
            """
            \(tally.mismatches) of \(tally.checked) decisions differ from the rules (the first \(Fixture.maxReported) are reported, \
            at most 5 of each kind): \(tally.summary)
            """)
        return tally
    }

    // MARK: - The matrix

    @Test(
        "matrix: the usual involvements, with and without a sensitive one, for each team membership",
        arguments: MembershipShape.allCases)
    func matrixUsualInvolvements(membership: MembershipShape) {
        let tally = Self.verify(
            Self.children(involvements: [.memberAndLead, .memberLeadAndNurse], memberships: [membership]))
        // The matrix is not degenerate: the policy both allows and denies every action somewhere in it,
        // and the actions that say why they refuse do both somewhere.
        for action in ChildAction.allCases {
            // With no one admitted, only the team's own actions are never allowed.
            let teamOnly: Set<ChildAction> = [
                .startAssessment, .seeBrokeredContactNotice, .viewAssessment, .printSummary, .addToSharedRecord,
                .recordRelationship,
            ]
            #expect(
                tally.allowedSomewhere.contains(action) != (membership == .nobody && teamOnly.contains(action)),
                "\(action) is \(tally.allowedSomewhere.contains(action) ? "" : "never ")allowed")
            #expect(tally.deniedSomewhere.contains(action), "\(action) is never denied")
        }
        for action in Expected.refusedWithAReason {
            #expect(tally.hiddenSomewhere.contains(action), "\(action) is never refused as not found")
        }
        for action in Expected.refusedWithAReason {
            #expect(tally.reasonedSomewhere.contains(action), "\(action) is never refused with a reason")
        }
        for route in [
            "data-manager", "break-glass", "search:public-task", "search:safeguarding", "search:consent", "none",
        ] {
            #expect(tally.routesSeen.contains(route), "route \(route) never taken")
        }
        if membership != .nobody { #expect(tally.routesSeen.contains("team")) }
        // Every disclosure of a shared-record item happens somewhere ("another service" needs a team
        // member who does not see the sensitive involvement).
        let disclosures: Set<SharedRecordDisclosure> =
            membership == .nobody ? [.full, .hidden] : Set(SharedRecordDisclosure.allCases)
        #expect(disclosures.isSubset(of: tally.disclosures), "disclosures seen: \(tally.disclosures)")
        #expect(
            disclosures.isSubset(of: tally.pictureDisclosures), "picture disclosures seen: \(tally.pictureDisclosures)")
        if membership != .everyoneInvolved {
            for route in ["involved:public-task", "involved:safeguarding", "involved:consent"] {
                #expect(tally.routesSeen.contains(route), "route \(route) never taken")
            }
        }
    }

    @Test("matrix: no ordinary involvement (known only to a sensitive service, or every involvement ended)")
    func matrixNoOrdinaryInvolvement() {
        // Every consent case on a consent-indexed child is in the matrix above; one of each scope is enough here.
        let tally = Self.verify(
            Self.children(involvements: [.nurseOnly, .nobody], consents: { _, _ in ConsentCase.oneOfEachScope }))
        // The creator stays a member after their involvement ended; the nurse is involved, admitted or not.
        #expect(tally.routesSeen.isSuperset(of: ["team", "involved:public-task", "search:consent"]))
    }

    /// Tier 2 on consent, where consent decides both the index and the assessment (Tier 1 shares the
    /// assessment on public task): every state of a share-assessment consent, with an index consent or none.
    @Test("matrix: the assessment's other bases (a recorded basis, or the actor's organisation holds it)")
    func matrixAssessmentBases() {
        let consents: [ConsentCase?] =
            [nil, ConsentCase(state: .givenWithoutExpiry, scope: .index)]
            + ConsentState.allCases.map { ConsentCase(state: $0, scope: .shareAssessment) }
        Self.verify(
            Self.children(
                involvements: [.memberAndLead, .memberLeadAndNurse], memberships: [.everyoneInvolved, .creatorOnly],
                tiers: [2], indexBases: [.consent], shields: [.none], consents: { _, _ in consents },
                assessments: AssessmentCase.allCases))
    }

    // MARK: - Named examples

    static func practitioner(
        _ id: String, of organisation: String, in authority: String = Fixture.authority,
        also roles: Set<SystemRole> = []
    ) -> Actor {
        Actor(
            practitionerID: id, roles: roles.union([.practitioner]), organisationCode: organisation,
            authorityCode: authority)
    }

    static let member = practitioner("member", of: "ORG-A")
    static let lead = practitioner("lead", of: "ORG-B")
    static let neighbour = practitioner("neighbour", of: "ORG-C")
    static let nurse = Actor(
        practitionerID: "nurse", roles: [.practitioner], organisationCode: Fixture.sensitiveOrganisation,
        authorityCode: Fixture.authority, organisationSensitive: true)
    static let dataManager = Actor(
        practitionerID: "dm", roles: [.dataManager], organisationCode: "LA", authorityCode: Fixture.authority)
    static let otherDataManager = Actor(
        practitionerID: "dm-other", roles: [.dataManager], organisationCode: "LA-2",
        authorityCode: Fixture.otherAuthority)
    static let auditor = Actor(
        practitionerID: "auditor", roles: [.auditor], organisationCode: "LA", authorityCode: Fixture.authority)
    static let protector = practitioner("stranger", of: "ORG-Z", in: Fixture.otherAuthority, also: [.childProtection])

    static func context(
        found: Bool = false, breakGlass: Bool = false, hiddenField: Bool = false,
        today: CalendarDate = Fixture.today
    ) -> AccessContext {
        AccessContext(
            foundByReasonedSearch: found, breakGlass: breakGlass, searchUsedHiddenField: hiddenField, today: today)
    }

    static func decision(
        _ actor: Actor, _ action: ChildAction, _ child: ChildFacts,
        _ situation: AccessContext = ChildPolicyTests.context()
    ) -> Decision {
        Policy.decide(actor, action, child: child, context: situation)
    }

    static func allows(
        _ actor: Actor, _ action: ChildAction, _ child: ChildFacts,
        _ situation: AccessContext = ChildPolicyTests.context()
    ) -> Bool {
        decision(actor, action, child, situation).isAllowed
    }

    /// Refused with a reason (403), not as if missing (404).
    static func refusedWithReason(
        _ actor: Actor, _ action: ChildAction, _ child: ChildFacts,
        _ situation: AccessContext = ChildPolicyTests.context()
    ) -> Bool {
        let decision = decision(actor, action, child, situation)
        return !decision.isAllowed && !decision.isHidden
    }

    static func hidden(
        _ actor: Actor, _ action: ChildAction, _ child: ChildFacts,
        _ situation: AccessContext = ChildPolicyTests.context()
    ) -> Bool {
        decision(actor, action, child, situation).isHidden
    }

    static func child(
        tier: Int = 1, involvements: [ChildFacts.Involvement] = [Fixture.member, Fixture.lead],
        members: Set<String> = ["member", "lead"], shielded: Bool = false, shieldInherited: Bool = false
    ) -> ChildFacts {
        ChildFacts(
            authorityCode: Fixture.authority, tier: tier, involvements: involvements, members: members,
            shielded: shielded,
            shieldInherited: shieldInherited)
    }

    static func tier2(
        consents: [ConsentFact], involvements: [ChildFacts.Involvement] = [Fixture.member, Fixture.lead],
        members: Set<String> = ["member", "lead"]
    ) -> ChildFacts {
        ChildFacts(
            authorityCode: Fixture.authority, tier: 2, involvements: involvements, members: members,
            indexBasis: .consent,
            consents: consents)
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
        // An involvement alone shares nothing once the index may not: the involved practitioner outside the team sees nothing.
        let involvedOnly = Self.tier2(consents: [ConsentFact(purposes: [.index], withdrawn: true)], members: ["member"])
        #expect(Policy.route(of: Self.lead, to: involvedOnly, context: Self.context()) == .none)
        #expect(!Self.allows(Self.lead, .viewSignpost, involvedOnly))
        #expect(Self.hidden(Self.lead, .requestToJoin, involvedOnly))
    }

    @Test("a share-with-organisations consent lets only the named organisation find the child")
    func shareWithNamedOrganisation() {
        let child = Self.tier2(consents: [
            ConsentFact(purposes: [.shareWithOrganisations], organisations: [Fixture.namedOrganisation])
        ])
        let named = Self.practitioner("named", of: Fixture.namedOrganisation, in: Fixture.otherAuthority)
        let found = Self.context(found: true)

        #expect(Self.allows(named, .searchHit, child))
        #expect(Self.allows(named, .viewInvolvements, child, found))
        #expect(Policy.route(of: named, to: child, context: found) == .search(.consent))
        #expect(!Self.allows(Self.neighbour, .searchHit, child))
        #expect(!Self.allows(Self.neighbour, .viewSignpost, child, found))
    }

    @Test("a shielded child searched by postcode is not a hit, but by name and date of birth is")
    func shieldedChildSearch() {
        let shielded = Self.child(tier: 2, shielded: true)
        let ordinary = Self.child(tier: 2)
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
        // The shielded level is not enough to record an involvement or ask to join; the refusal says why.
        #expect(Self.refusedWithReason(Self.neighbour, .addInvolvement, shielded, found))
        #expect(Self.refusedWithReason(Self.neighbour, .requestToJoin, shielded, found))
        #expect(Self.allows(Self.neighbour, .requestToJoin, ordinary, found))
        // An inherited shield shields just the same.
        let inherited = Self.child(tier: 2, shielded: true, shieldInherited: true)
        #expect(!Self.allows(Self.neighbour, .searchHit, inherited, byPostcode))
        #expect(!Self.allows(Self.neighbour, .viewInvolvements, inherited, found))
    }

    @Test("break-glass opens the record but does not reveal a sensitive involvement")
    func breakGlassDoesNotRevealSensitiveInvolvement() {
        let child = Self.child(
            involvements: [Fixture.member, Fixture.lead, Fixture.nurse], members: ["member", "lead", "nurse"])
        let brokenGlass = Self.context(breakGlass: true)

        #expect(Self.allows(Self.protector, .breakGlass, child))
        #expect(!Self.allows(Self.protector, .viewRecord, child))
        #expect(Self.allows(Self.protector, .viewRecord, child, brokenGlass))
        #expect(!Self.allows(Self.protector, .viewSensitiveInvolvement, child, brokenGlass))
        #expect(Policy.notifiesOnOpen(Self.protector, child, context: brokenGlass))
        // Nor does team membership: the member is told only that another service is involved.
        #expect(!Self.allows(Self.member, .viewSensitiveInvolvement, child))
        #expect(Self.allows(Self.member, .seeBrokeredContactNotice, child))
        // The service itself and the authority's data manager see it.
        #expect(Self.allows(Self.nurse, .viewSensitiveInvolvement, child))
        #expect(!Self.allows(Self.nurse, .seeBrokeredContactNotice, child))
        #expect(Self.allows(Self.dataManager, .viewSensitiveInvolvement, child))
    }

    @Test(
        "break-glass is for a child-protection practitioner outside the team, whether or not a search found the child")
    func breakGlassIsForChildProtectionOutsideTheTeam() {
        // A restricted record: a Tier-2 child whose index consent was withdrawn. No search shows it.
        let restricted = Self.tier2(consents: [ConsentFact(purposes: [.index], withdrawn: true)])
        #expect(Self.allows(Self.protector, .breakGlass, restricted))
        #expect(Self.allows(Self.protector, .viewRecord, restricted, Self.context(breakGlass: true)))
        #expect(Self.allows(Self.protector, .breakGlass, Self.child(shielded: true)))
        #expect(!Self.allows(Self.neighbour, .breakGlass, restricted))
        let memberProtector = Self.practitioner("member", of: "ORG-A", also: [.childProtection])
        #expect(!Self.allows(memberProtector, .breakGlass, restricted))
    }

    @Test("break-glass creates no lasting access: no involvement, no join request, no membership")
    func breakGlassCreatesNoLastingAccess() {
        let child = Self.child()
        let brokenGlass = Self.context(breakGlass: true)

        #expect(Policy.route(of: Self.protector, to: child, context: brokenGlass) == .breakGlass)
        for action: ChildAction in [
            .addInvolvement, .requestToJoin, .startAssessment, .decideJoinRequest, .admitDirectly, .inviteToTeam,
            .printSummary, .addToSharedRecord, .acknowledgeConcern, .recordRelationship,
        ] {
            // Under break-glass the actor knows the child is there: refused with a reason.
            #expect(Self.refusedWithReason(Self.protector, action, child, brokenGlass), "\(action) under break-glass")
            // Without it (and without a search) the child is not there at all.
            #expect(Self.hidden(Self.protector, action, child), "\(action) without break-glass")
        }
        // Break-glass on top of a reasoned search changes nothing for what lasts: the search is the footing.
        let foundAndBrokenGlass = Self.context(found: true, breakGlass: true)
        #expect(Self.allows(Self.protector, .addInvolvement, child, foundAndBrokenGlass))
        #expect(Self.allows(Self.protector, .requestToJoin, child, foundAndBrokenGlass))
        #expect(!Self.allows(Self.protector, .startAssessment, child, foundAndBrokenGlass))
        // On a shielded child, a search shows only the shielded level: still nothing that lasts.
        let shielded = Self.child(shielded: true)
        #expect(Self.allows(Self.protector, .viewRecord, shielded, foundAndBrokenGlass))
        #expect(Self.refusedWithReason(Self.protector, .addInvolvement, shielded, foundAndBrokenGlass))
        #expect(Self.refusedWithReason(Self.protector, .requestToJoin, shielded, foundAndBrokenGlass))
    }

    @Test("a child known only to a sensitive service is invisible outside it")
    func knownOnlyToSensitiveService() {
        let hidden = Self.child(involvements: [Fixture.nurse], members: ["nurse"])
        let known = Self.child(involvements: [Fixture.member, Fixture.nurse], members: ["member", "nurse"])
        let found = Self.context(found: true)

        #expect(!Self.allows(Self.neighbour, .searchHit, hidden))
        #expect(!Self.allows(Self.neighbour, .viewSignpost, hidden, found))
        #expect(!Policy.notifiesOnOpen(Self.neighbour, hidden, context: found))
        #expect(Self.hidden(Self.neighbour, .requestToJoin, hidden, found))
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
        // The nurse involved but not admitted still reaches the child through their own involvement.
        let notAdmitted = Self.child(involvements: [Fixture.nurse], members: [])
        #expect(Policy.route(of: Self.nurse, to: notAdmitted, context: Self.context()) == .involved(.publicTask))
        #expect(Self.allows(Self.nurse, .viewSensitiveInvolvement, notAdmitted))
        #expect(!Self.allows(Self.nurse, .viewRecord, notAdmitted))
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
        let tier1 = Self.child(tier: 1)
        let tier2 = Self.child(tier: 2)
        let emergencyDepartment = Self.practitioner("ed", of: "ORG-ED", also: [.silentRead])
        let found = Self.context(found: true)

        #expect(Policy.notifiesOnOpen(Self.neighbour, tier1, context: found))
        #expect(!Policy.notifiesOnOpen(Self.neighbour, tier2, context: found))
        #expect(!Policy.notifiesOnOpen(emergencyDepartment, tier1, context: found))
        #expect(Self.allows(emergencyDepartment, .viewInvolvements, tier1, found))
        #expect(!Policy.notifiesOnOpen(Self.member, tier1, context: found))
        #expect(!Policy.notifiesOnOpen(Self.dataManager, tier1, context: found))
        // Involved but not admitted is outside the team: opening notifies.
        let leadNotAdmitted = Self.child(tier: 1, members: ["member"])
        #expect(Policy.notifiesOnOpen(Self.lead, leadNotAdmitted, context: Self.context()))
        #expect(!Policy.notifiesOnOpen(Self.lead, tier1, context: Self.context()))
    }

    @Test("an involvement is signposting, not membership: only admission opens case content")
    func anInvolvementIsNotMembership() {
        // "lead" is involved (as lead professional, even) but was never admitted; "member" created the record.
        let notAdmitted = Self.child(tier: 1, members: ["member"])
        let admitted = Self.child(tier: 1, members: ["member", "lead"])

        #expect(Policy.route(of: Self.lead, to: notAdmitted, context: Self.context()) == .involved(.publicTask))
        #expect(
            Policy.route(of: Self.lead, to: notAdmitted, context: Self.context(found: true)) == .search(.publicTask))
        #expect(Self.allows(Self.lead, .viewInvolvements, notAdmitted))
        #expect(Self.allows(Self.lead, .requestToJoin, notAdmitted))
        #expect(Self.allows(Self.lead, .addInvolvement, notAdmitted))
        for action: ChildAction in [.viewRecord, .recordConsent, .viewAccesses, .viewAssessment] {
            #expect(!Self.allows(Self.lead, action, notAdmitted), "\(action) while only involved")
            #expect(Self.allows(Self.lead, action, admitted), "\(action) once admitted")
        }
        // Not a member, so not the lead professional either: the refusals say why (the child is visible).
        #expect(Self.refusedWithReason(Self.lead, .decideJoinRequest, notAdmitted))
        #expect(Self.refusedWithReason(Self.lead, .startAssessment, notAdmitted))
        #expect(Self.allows(Self.lead, .decideJoinRequest, admitted))
        #expect(Self.allows(Self.lead, .startAssessment, admitted))
        #expect(Self.refusedWithReason(Self.lead, .requestToJoin, admitted))

        // A member whose involvement ended is still a member (membership is its own grant)...
        let involvementEnded = Self.child(tier: 1, involvements: [Fixture.lead], members: ["member", "lead"])
        #expect(Self.allows(Self.member, .viewRecord, involvementEnded))
        // ...and a practitioner removed from the team is an outsider, involvement or not.
        let removed = Self.child(tier: 1, involvements: [Fixture.member, Fixture.lead], members: ["lead"])
        #expect(!Self.allows(Self.member, .viewRecord, removed))
        #expect(Self.allows(Self.member, .viewInvolvements, removed))
        #expect(Policy.notifiesOnOpen(Self.member, removed, context: Self.context()))
        let removedAndEnded = Self.child(tier: 1, involvements: [Fixture.lead], members: ["lead"])
        #expect(!Self.allows(Self.member, .viewSignpost, removedAndEnded))
        #expect(Self.allows(Self.member, .viewInvolvements, removedAndEnded, Self.context(found: true)))
    }

    @Test("join requests are decided by the lead professional or a data manager of the child's authority")
    func joinRequests() {
        let child = Self.child(tier: 2)
        let found = Self.context(found: true)

        // The neighbour finds the child and asks to join; the member cannot decide, the lead and the data manager can.
        #expect(Self.allows(Self.neighbour, .requestToJoin, child, found))
        #expect(Self.hidden(Self.neighbour, .requestToJoin, child))
        #expect(Self.allows(Self.lead, .decideJoinRequest, child))
        #expect(Self.refusedWithReason(Self.member, .decideJoinRequest, child))
        #expect(Self.allows(Self.dataManager, .decideJoinRequest, child))
        #expect(Self.allows(Self.dataManager, .admitDirectly, child))
        #expect(Self.refusedWithReason(Self.lead, .admitDirectly, child))
        // A data manager does not ask to join; one of another authority sees nothing.
        #expect(Self.refusedWithReason(Self.dataManager, .requestToJoin, child))
        #expect(Self.hidden(Self.otherDataManager, .decideJoinRequest, child))
        #expect(Self.hidden(Self.otherDataManager, .admitDirectly, child))
        #expect(Self.hidden(Self.auditor, .admitDirectly, child))
        // A lead professional whose involvement is active but who is not a member is not the lead for admitting.
        let leadNotAdmitted = Self.child(tier: 2, members: ["member"])
        #expect(!Self.allows(Self.lead, .decideJoinRequest, leadNotAdmitted))
        // A member without the lead's involvement is not the lead professional.
        let leadEnded = Self.child(tier: 2, involvements: [Fixture.member], members: ["member", "lead"])
        #expect(!Self.allows(Self.lead, .decideJoinRequest, leadEnded))
        #expect(Self.allows(Self.lead, .startAssessment, leadEnded))
    }
}
