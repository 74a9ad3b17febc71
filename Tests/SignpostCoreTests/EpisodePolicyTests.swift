import Testing

@testable import SignpostCore

/// The early-help episode policy, `Policy.decide(_:_:episode:child:context:)`, checked against rules
/// written out here in `Expected`, straight from the English rules. The expectation never calls the policy
/// (`decide` for `.viewAssessment`, `isTeamMember`, `isDataManager`, `assessmentSharingBasis`...) nor
/// `ChildFacts`' own helpers: it reads only the case descriptions below.
///
/// The matrix is every actor × child (tier, share-assessment consent, recorded safeguarding basis, whether
/// the assessor holds the assessment, whether the lead professional was admitted to the team) × open or
/// closed episode × declined sharing or not × action. "In the team" is membership (`ChildFacts.members`);
/// an involvement alone is not.
@Suite("Policy.decide for early-help episodes")
struct EpisodePolicyTests {
    // MARK: - Fixed facts

    enum Fixture {
        /// The child's authority.
        static let authority = "E06000001"
        static let otherAuthority = "E09000999"
        static let today = CalendarDate(iso: "2026-11-26")!
        static let yesterday = CalendarDate(iso: "2026-11-25")!
        static let later = CalendarDate(iso: "2027-03-01")!
        /// Every decision is made on this day.
        static let context = AccessContext(today: CalendarDate(iso: "2026-11-26")!)
        static let assessorID = "assessor"
        static let maxReported = 50
    }

    // MARK: - Actors

    /// The child's involvements are always: the assessor (ORG-A), the lead professional's (ORG-B), the
    /// member (ORG-C) and the helper (ORG-D). The team (members) is the assessor and the member, and the
    /// lead when the child case says the lead was admitted; the helper is never admitted.
    enum ActorCase: String, CaseIterable, Sendable, CustomStringConvertible {
        case assessor = "the assessor (assessor, ORG-A, in the team)"
        case leadProfessional = "the lead professional (lead, ORG-B, in the team when admitted)"
        case member = "a team member (member, ORG-C)"
        case involvedNotAdmitted = "an involved practitioner never admitted to the team (helper, ORG-D)"
        case assessorsColleague = "the assessor's colleague (colleague, ORG-A, not in the team)"
        case outsider = "an outsider practitioner (outsider, ORG-Z, another authority)"
        case dataManager = "a data manager of the child's authority"
        case otherDataManager = "a data manager of another authority"
        case auditor = "an auditor"
        case admin = "an admin"

        var actor: Actor {
            switch self {
            case .assessor:
                Actor(
                    practitionerID: "assessor", roles: [.practitioner], organisationCode: "ORG-A",
                    authorityCode: Fixture.authority)
            case .leadProfessional:
                Actor(
                    practitionerID: "lead", roles: [.practitioner], organisationCode: "ORG-B",
                    authorityCode: Fixture.authority)
            case .member:
                Actor(
                    practitionerID: "member", roles: [.practitioner], organisationCode: "ORG-C",
                    authorityCode: Fixture.authority)
            case .involvedNotAdmitted:
                Actor(
                    practitionerID: "helper", roles: [.practitioner], organisationCode: "ORG-D",
                    authorityCode: Fixture.authority)
            case .assessorsColleague:
                Actor(
                    practitionerID: "colleague", roles: [.practitioner], organisationCode: "ORG-A",
                    authorityCode: Fixture.authority)
            case .outsider:
                Actor(
                    practitionerID: "outsider", roles: [.practitioner], organisationCode: "ORG-Z",
                    authorityCode: Fixture.otherAuthority)
            case .dataManager:
                Actor(
                    practitionerID: "dm", roles: [.dataManager], organisationCode: "LA-1",
                    authorityCode: Fixture.authority)
            case .otherDataManager:
                Actor(
                    practitionerID: "dm-other", roles: [.dataManager], organisationCode: "LA-2",
                    authorityCode: Fixture.otherAuthority)
            case .auditor:
                Actor(
                    practitionerID: "auditor", roles: [.auditor], organisationCode: "LA-1",
                    authorityCode: Fixture.authority)
            case .admin:
                Actor(
                    practitionerID: "admin", roles: [.admin], organisationCode: "LA-1", authorityCode: Fixture.authority
                )
            }
        }

        var description: String { rawValue }

        /// The practitioner whose id is the episode's assessor.
        var isAssessor: Bool { self == .assessor }

        /// A practitioner admitted to the child's team (a member). An involvement alone is not membership.
        func isPractitionerInTeam(_ child: ChildCase) -> Bool {
            switch self {
            case .assessor, .member: true
            case .leadProfessional: child.leadAdmitted
            case .involvedNotAdmitted, .assessorsColleague, .outsider, .dataManager, .otherDataManager, .auditor,
                .admin:
                false
            }
        }

        /// A team member whose own involvement is the lead professional's.
        func isLeadProfessional(_ child: ChildCase) -> Bool { self == .leadProfessional && child.leadAdmitted }

        var isDataManagerOfChildsAuthority: Bool { self == .dataManager }

        /// Whether a team member of the actor's organisation holds the assessment. Only the assessor can
        /// hold it, and the assessor is ORG-A's only team member.
        /// In the assessor's own service (ORG-A): the episode is theirs too, whatever consent says,
        /// unless the family declined sharing for this episode.
        var inAssessorsService: Bool {
            switch self {
            case .assessor, .assessorsColleague: true
            case .leadProfessional, .member, .involvedNotAdmitted, .outsider, .dataManager, .otherDataManager, .auditor,
                .admin:
                false
            }
        }
    }

    // MARK: - Children

    enum ConsentCase: String, CaseIterable, Sendable {
        case absent = "no consent"
        case inForce = "share-assessment consent in force"
        case withdrawn = "share-assessment consent withdrawn"
        case expired = "share-assessment consent expired yesterday"

        var facts: [ConsentFact] {
            switch self {
            case .absent: []
            case .inForce: [ConsentFact(purposes: [.shareAssessment], expiresOn: Fixture.later)]
            case .withdrawn: [ConsentFact(purposes: [.shareAssessment], expiresOn: Fixture.later, withdrawn: true)]
            case .expired: [ConsentFact(purposes: [.shareAssessment], expiresOn: Fixture.yesterday)]
            }
        }
    }

    struct ChildCase: Sendable, CustomStringConvertible {
        var tier: Int
        var consent: ConsentCase
        /// A recorded safeguarding (non-consent) basis for sharing the assessment.
        var safeguardingBasis: Bool
        var assessorHoldsAssessment: Bool
        /// The lead professional ("lead") was admitted to the team; otherwise they are only involved.
        var leadAdmitted: Bool

        var facts: ChildFacts {
            let involvements = [
                ChildFacts.Involvement(
                    practitionerID: "assessor", organisationCode: "ORG-A", holdsAssessment: assessorHoldsAssessment),
                ChildFacts.Involvement(practitionerID: "lead", organisationCode: "ORG-B", leadProfessional: true),
                ChildFacts.Involvement(practitionerID: "member", organisationCode: "ORG-C"),
                ChildFacts.Involvement(practitionerID: "helper", organisationCode: "ORG-D"),
            ]
            let members: Set<String> = leadAdmitted ? ["assessor", "lead", "member"] : ["assessor", "member"]
            let recordedBases: [SharingPurpose: LawfulBasis] =
                safeguardingBasis ? [.shareAssessment: .safeguarding] : [:]
            return ChildFacts(
                authorityCode: Fixture.authority, tier: tier, involvements: involvements, members: members,
                recordedBases: recordedBases, consents: consent.facts)
        }

        var description: String {
            var text = "tier \(tier) child, \(consent.rawValue)"
            if safeguardingBasis { text += ", share-assessment basis recorded: safeguarding" }
            text +=
                assessorHoldsAssessment
                ? ", the assessor holds the assessment" : ", the assessor does not hold the assessment"
            text += leadAdmitted ? ", the lead admitted to the team" : ", the lead involved but not admitted"
            return text
        }

        /// Tier × consent × recorded basis × whether the assessor holds the assessment × whether the lead was admitted.
        static let all: [ChildCase] = {
            var all: [ChildCase] = []
            for tier in [1, 2] {
                for consent in ConsentCase.allCases {
                    for basis in [false, true] {
                        for holds in [false, true] {
                            for admitted in [false, true] {
                                all.append(
                                    ChildCase(
                                        tier: tier, consent: consent, safeguardingBasis: basis,
                                        assessorHoldsAssessment: holds,
                                        leadAdmitted: admitted))
                            }
                        }
                    }
                }
            }
            return all
        }()
    }

    // MARK: - The rules

    /// What the policy should decide, written from the English rules.
    struct Expected {
        let actor: ActorCase
        let child: ChildCase
        let closed: Bool
        /// The family declined sharing for this episode.
        let declined: Bool

        /// Shared with the team: a practitioner in the team (a member), the family did not decline sharing for this
        /// episode, and the actor is in the assessor's service, or a share-assessment consent is in force,
        /// or a non-consent basis for it is recorded, or the child is Tier 1. Holding some other
        /// assessment of the child counts for nothing.
        var sharedWithTeam: Bool {
            actor.isPractitionerInTeam(child) && !declined
                && (actor.inAssessorsService || child.consent == .inForce || child.safeguardingBasis || child.tier == 1)
        }

        /// Whether the action changes the episode (so a closed episode refuses it).
        static func changes(_ action: EpisodeAction) -> Bool {
            switch action {
            case .edit, .manageTeam, .recordTeamWork, .close: true
            case .view, .export: false
            }
        }

        /// The decision were the episode open.
        func allowsIfOpen(_ action: EpisodeAction) -> Bool {
            switch action {
            case .view: actor.isAssessor || sharedWithTeam || actor.isDataManagerOfChildsAuthority
            case .edit: actor.isAssessor
            case .manageTeam, .close: actor.isAssessor || (actor.isLeadProfessional(child) && sharedWithTeam)
            case .recordTeamWork: actor.isAssessor || sharedWithTeam
            case .export: actor.isDataManagerOfChildsAuthority
            }
        }

        func allows(_ action: EpisodeAction) -> Bool {
            allowsIfOpen(action) && !(closed && Self.changes(action))
        }
    }

    // MARK: - Running the matrix

    struct Tally {
        var checked = 0
        var mismatches = 0
        /// Closed episodes refusing a change someone could otherwise make: the reasons checked.
        var closedReasonsChecked = 0
        var allowedSomewhere: Set<EpisodeAction> = []
        var deniedSomewhere: Set<EpisodeAction> = []

        mutating func report(_ message: String) {
            mismatches += 1
            if mismatches <= Fixture.maxReported {
                Issue.record("\(message)")
            }
        }
    }

    static func verify() -> Tally {
        var tally = Tally()
        for child in ChildCase.all {
            let facts = child.facts
            for actorCase in ActorCase.allCases {
                let actor = actorCase.actor
                for closed in [false, true] {
                    for declined in [false, true] {
                        let episode = EpisodeFacts(
                            assessorID: Fixture.assessorID, closed: closed, assessorOrganisation: "ORG-A",
                            teamSharingDeclined: declined)
                        let expected = Expected(actor: actorCase, child: child, closed: closed, declined: declined)
                        let situation =
                            "by \(actorCase) on a \(closed ? "closed" : "open") episode\(declined ? " (family declined sharing)" : "") of a \(child)"
                        for action in EpisodeAction.allCases {
                            let decision = Policy.decide(
                                actor, action, episode: episode, child: facts, context: Fixture.context)
                            let want = expected.allows(action)
                            tally.checked += 1
                            if decision.isAllowed {
                                tally.allowedSomewhere.insert(action)
                            } else {
                                tally.deniedSomewhere.insert(action)
                            }
                            if decision.isAllowed != want {
                                tally.report(
                                    "\(action) \(situation): expected \(want ? "allow" : "deny"), got \(decision)")
                            }
                            // A closed episode refuses a change someone could otherwise make, and says why.
                            if closed && Expected.changes(action) && expected.allowsIfOpen(action) {
                                tally.closedReasonsChecked += 1
                                let saysClosed: Bool
                                if case .deny(let reason) = decision {
                                    saysClosed = reason.lowercased().contains("closed")
                                } else {
                                    saysClosed = false
                                }
                                if !saysClosed {
                                    tally.report(
                                        "\(action) \(situation): expected a denial mentioning \"closed\", got \(decision)"
                                    )
                                }
                            }
                        }
                    }
                }
            }
        }
        return tally
    }

    // MARK: - The matrix

    @Test("matrix: every actor, child, open or closed episode, declined or not, and action against the rules")
    func matrix() {
        let tally = Self.verify()
        let total = ChildCase.all.count * ActorCase.allCases.count * 2 * 2 * EpisodeAction.allCases.count
        #expect(ChildCase.all.count == 2 * 4 * 2 * 2 * 2)
        #expect(tally.checked == total, "every combination was decided")
        #expect(tally.closedReasonsChecked > 0, "the closed-episode reasons were checked")
        #expect(
            tally.mismatches == 0,
            "\(tally.mismatches) decisions differ from the rules among \(tally.checked) decisions and \(tally.closedReasonsChecked) closed-episode reasons (the first \(Fixture.maxReported) are reported)"
        )
        // The matrix is not degenerate: the policy both allows and denies every action somewhere in it.
        for action in EpisodeAction.allCases {
            #expect(tally.allowedSomewhere.contains(action), "\(action) is never allowed")
            #expect(tally.deniedSomewhere.contains(action), "\(action) is never denied")
        }
    }

    // MARK: - Named examples

    static func allows(_ actor: ActorCase, _ action: EpisodeAction, _ child: ChildFacts, closed: Bool = false) -> Bool {
        Policy.decide(
            actor.actor, action,
            episode: EpisodeFacts(assessorID: Fixture.assessorID, closed: closed, assessorOrganisation: "ORG-A"),
            child: child,
            context: Fixture.context
        ).isAllowed
    }

    static func tier2(_ consent: ConsentCase) -> ChildFacts {
        ChildCase(
            tier: 2, consent: consent, safeguardingBasis: false, assessorHoldsAssessment: true, leadAdmitted: true
        ).facts
    }

    @Test("withdrawing share-assessment consent shuts the team out at once; the assessor carries on")
    func withdrawnConsentShutsTheTeamOut() {
        let consenting = Self.tier2(.inForce)
        let withdrawn = Self.tier2(.withdrawn)

        #expect(Self.allows(.leadProfessional, .manageTeam, consenting))
        #expect(Self.allows(.member, .recordTeamWork, consenting))
        #expect(Self.allows(.member, .view, consenting))

        #expect(!Self.allows(.leadProfessional, .manageTeam, withdrawn))
        #expect(!Self.allows(.leadProfessional, .view, withdrawn))
        #expect(!Self.allows(.member, .recordTeamWork, withdrawn))
        #expect(!Self.allows(.member, .view, withdrawn))
        #expect(Self.allows(.assessor, .edit, withdrawn))
        #expect(Self.allows(.assessor, .manageTeam, withdrawn))
    }

    @Test("an ordinary team member may record team work but not manage the team or close the episode")
    func memberIsNotLead() {
        let child = Self.tier2(.inForce)
        #expect(Self.allows(.member, .recordTeamWork, child))
        #expect(!Self.allows(.member, .manageTeam, child))
        #expect(!Self.allows(.member, .close, child))
        #expect(!Self.allows(.member, .edit, child))
        #expect(!Self.allows(.leadProfessional, .edit, child))
    }

    @Test(
        "an involvement is not membership: the lead professional not admitted to the team, and the helper, get nothing")
    func involvedButNotAdmitted() {
        let notAdmitted = ChildCase(
            tier: 1, consent: .inForce, safeguardingBasis: true, assessorHoldsAssessment: true, leadAdmitted: false
        ).facts
        let admitted = ChildCase(
            tier: 1, consent: .inForce, safeguardingBasis: true, assessorHoldsAssessment: true, leadAdmitted: true
        ).facts
        for action in EpisodeAction.allCases {
            #expect(!Self.allows(.leadProfessional, action, notAdmitted), "\(action) by the lead, not admitted")
            #expect(!Self.allows(.involvedNotAdmitted, action, admitted), "\(action) by the helper")
        }
        #expect(Self.allows(.leadProfessional, .manageTeam, admitted))
        #expect(Self.allows(.leadProfessional, .close, admitted))
        // The member keeps working on the episode whether or not the lead was admitted.
        #expect(Self.allows(.member, .recordTeamWork, notAdmitted))
        #expect(!Self.allows(.member, .manageTeam, notAdmitted))
    }

    @Test("the assessor's organisation outside the team gets nothing")
    func colleagueOutsideTheTeam() {
        let child = Self.tier2(.inForce)
        for action in EpisodeAction.allCases {
            #expect(!Self.allows(.assessorsColleague, action, child), "\(action)")
        }
    }

    @Test("a closed episode stays readable, and exportable by the authority's data manager only")
    func closedEpisodeIsReadOnly() {
        let child = Self.tier2(.inForce)
        #expect(Self.allows(.assessor, .view, child, closed: true))
        #expect(Self.allows(.member, .view, child, closed: true))
        #expect(Self.allows(.dataManager, .view, child, closed: true))
        #expect(Self.allows(.dataManager, .export, child, closed: true))
        #expect(!Self.allows(.otherDataManager, .export, child, closed: true))
        #expect(!Self.allows(.assessor, .export, child, closed: true))
        #expect(!Self.allows(.assessor, .edit, child, closed: true))
        #expect(!Self.allows(.leadProfessional, .close, child, closed: true))
    }
}

@Suite("Policy.decide for an early-help episode after a transfer")
struct EpisodeTransferPolicyTests {
    static let today = CalendarDate(iso: "2026-11-26")!
    static let context = AccessContext(today: today)
    static let sending = Actor(
        practitionerID: "dm-sending", roles: [.dataManager], organisationCode: "SEND-CSC", authorityCode: "E06000001")
    static let receiving = Actor(
        practitionerID: "dm-receiving", roles: [.dataManager], organisationCode: "RECV-CSC", authorityCode: "E06000002")

    static func child(consent: ConsentFact?) -> ChildFacts {
        ChildFacts(
            authorityCode: "E06000002", tier: 2,
            involvements: [.init(practitionerID: "assessor", organisationCode: "SEND-EH")],
            members: ["assessor"], consents: consent.map { [$0] } ?? [])
    }

    @Test func theReceivingAuthoritySeesTheAssessmentOnlyWhileConsentCoversIt() {
        let episode = EpisodeFacts(
            assessorID: "assessor", closed: true, authorityCode: "E06000001", sharedOnTransfer: true,
            assessorOrganisation: "SEND-EH")
        let given = Self.child(consent: ConsentFact(purposes: [.shareAssessment]))
        let withdrawn = Self.child(consent: ConsentFact(purposes: [.shareAssessment], withdrawn: true))
        #expect(Policy.decide(Self.receiving, .view, episode: episode, child: given, context: Self.context).isAllowed)
        #expect(
            !Policy.decide(Self.receiving, .view, episode: episode, child: withdrawn, context: Self.context).isAllowed)
        // The episode's own authority keeps it for subject access either way.
        #expect(Policy.decide(Self.sending, .view, episode: episode, child: withdrawn, context: Self.context).isAllowed)
        #expect(
            Policy.decide(Self.sending, .export, episode: episode, child: withdrawn, context: Self.context).isAllowed)
        // Not shared on transfer: never for the receiving authority.
        var notShared = episode
        notShared.sharedOnTransfer = false
        #expect(
            !Policy.decide(Self.receiving, .view, episode: notShared, child: given, context: Self.context).isAllowed)
    }
}
