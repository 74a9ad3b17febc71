import Testing

@testable import SignpostCore

/// `FederationAccess.mayEnrol` and `FederationAccess.answer`, checked against `Expected`, written here straight
/// from the rules (tier, index basis, consent in force with `.index`, shield, sensitive services). The
/// expectation never calls the policy nor `ChildFacts`' helpers (`consentInForce`, `isInForce`,
/// `hasSensitiveInvolvement`): it reads the raw facts of each case.
///
/// The matrix is tier {1, 2} × index basis {consent, public task, safeguarding} × consent situation (8) ×
/// shielded {no, yes} × involvements (4). Disagreements are counted and the first 20 reported.
@Suite("Federation: enrolment on the national hub and answers to remote nodes")
struct FederationAccessMatrixTests {
    enum Fixture {
        static let authority = "E08000035"
        static let today = CalendarDate(iso: "2026-11-26")!
        static let yesterday = CalendarDate(iso: "2026-11-25")!
        static let later = CalendarDate(iso: "2027-03-01")!
        static let nurse = ChildFacts.Involvement(practitionerID: "p-nurse", organisationCode: "ORG-A")
        static let teacher = ChildFacts.Involvement(practitionerID: "p-teacher", organisationCode: "ORG-B")
        static let clinic = ChildFacts.Involvement(
            practitionerID: "p-clinic", organisationCode: "SENS", sensitive: true)
        static let maxReported = 20
    }

    enum ConsentCase: String, CaseIterable {
        case noConsent, indexInForce, indexWithdrawn, indexExpiredYesterday, indexExpiringToday
        case organisationsOnly, assessmentOnly, withdrawnPlusInForce

        var consents: [ConsentFact] {
            switch self {
            case .noConsent: []
            case .indexInForce: [ConsentFact(purposes: [.index], expiresOn: Fixture.later)]
            case .indexWithdrawn: [ConsentFact(purposes: [.index], withdrawn: true)]
            case .indexExpiredYesterday: [ConsentFact(purposes: [.index], expiresOn: Fixture.yesterday)]
            case .indexExpiringToday: [ConsentFact(purposes: [.index], expiresOn: Fixture.today)]
            case .organisationsOnly: [ConsentFact(purposes: [.shareWithOrganisations], organisations: ["ORG-A"])]
            case .assessmentOnly: [ConsentFact(purposes: [.shareAssessment])]
            case .withdrawnPlusInForce:
                [
                    ConsentFact(purposes: [.index, .shareAssessment], withdrawn: true),
                    ConsentFact(purposes: [.index]),
                ]
            }
        }

        /// Written by hand, to check `Expected.indexConsentInForce` itself.
        var handIndexInForce: Bool {
            switch self {
            case .indexInForce, .indexExpiringToday, .withdrawnPlusInForce: true
            case .noConsent, .indexWithdrawn, .indexExpiredYesterday, .organisationsOnly, .assessmentOnly: false
            }
        }
    }

    enum InvolvementCase: String, CaseIterable {
        case noInvolvements, oneOrdinary, oneSensitive, sensitiveAndOrdinary

        var involvements: [ChildFacts.Involvement] {
            switch self {
            case .noInvolvements: []
            case .oneOrdinary: [Fixture.nurse]
            case .oneSensitive: [Fixture.clinic]
            case .sensitiveAndOrdinary: [Fixture.clinic, Fixture.nurse]
            }
        }
    }

    /// The rules, written out independently of the implementation.
    enum Expected {
        static func indexConsentInForce(_ consents: [ConsentFact], today: CalendarDate) -> Bool {
            consents.contains { consent in
                let notExpired = consent.expiresOn.map { !($0 < today) } ?? true
                return !consent.withdrawn && notExpired && consent.purposes.contains(.index)
            }
        }

        static func mayEnrol(_ child: ChildFacts, today: CalendarDate) -> Bool {
            if child.tier == 1 { return true }
            switch child.indexBasis {
            case .publicTask, .safeguarding: return true
            case .consent: return indexConsentInForce(child.consents, today: today)
            }
        }

        static func answer(_ child: ChildFacts, today: CalendarDate) -> FederationAccess.RemoteAnswer {
            guard mayEnrol(child, today: today) else { return .notFound }
            if child.shielded { return .brokeringRoute }
            let ordinary = child.involvements.filter { !$0.sensitive }
            if !child.involvements.isEmpty && ordinary.isEmpty { return .brokeringRoute }
            return .involvements(ordinary)
        }
    }

    static func child(
        tier: Int, basis: LawfulBasis, consents: [ConsentFact] = [], shielded: Bool = false,
        involvements: [ChildFacts.Involvement] = []
    ) -> ChildFacts {
        ChildFacts(
            authorityCode: Fixture.authority, tier: tier, involvements: involvements, members: [],
            shielded: shielded, indexBasis: basis, consents: consents)
    }

    static func kind(_ answer: FederationAccess.RemoteAnswer) -> String {
        switch answer {
        case .involvements: "involvements"
        case .brokeringRoute: "brokeringRoute"
        case .notFound: "notFound"
        }
    }

    // MARK: - Matrix

    @Test("the expectation's reading of consent agrees with the hand-written table")
    func consentTable() {
        for consent in ConsentCase.allCases {
            #expect(
                Expected.indexConsentInForce(consent.consents, today: Fixture.today) == consent.handIndexInForce,
                "\(consent.rawValue)")
        }
    }

    @Test("every combination of tier, basis, consent, shield and involvements follows the rules")
    func matrix() {
        let bases: [LawfulBasis] = [.consent, .publicTask, .safeguarding]
        var checked = 0
        var mismatches = 0
        var answerKinds = Set<String>()
        var enrolValues = Set<Bool>()
        var nonEmptyInvolvements = false
        for tier in [1, 2] {
            for basis in bases {
                for consent in ConsentCase.allCases {
                    for shielded in [false, true] {
                        for involvements in InvolvementCase.allCases {
                            let facts = Self.child(
                                tier: tier, basis: basis, consents: consent.consents, shielded: shielded,
                                involvements: involvements.involvements)
                            let label =
                                "tier \(tier), basis \(basis.rawValue), consent \(consent.rawValue), "
                                + "shielded \(shielded), involvements \(involvements.rawValue)"
                            let wantEnrol = Expected.mayEnrol(facts, today: Fixture.today)
                            let wantAnswer = Expected.answer(facts, today: Fixture.today)
                            let gotEnrol = FederationAccess.mayEnrol(facts, today: Fixture.today)
                            let gotAnswer = FederationAccess.answer(for: facts, today: Fixture.today)
                            checked += 1
                            enrolValues.insert(wantEnrol)
                            answerKinds.insert(Self.kind(wantAnswer))
                            if case .involvements(let list) = wantAnswer, !list.isEmpty { nonEmptyInvolvements = true }
                            if gotEnrol != wantEnrol || gotAnswer != wantAnswer {
                                mismatches += 1
                                if mismatches <= Fixture.maxReported {
                                    Issue.record(
                                        """
                                        \(label): mayEnrol \(gotEnrol) (expected \(wantEnrol)), \
                                        answer \(gotAnswer) (expected \(wantAnswer))
                                        """)
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(checked == 2 * 3 * ConsentCase.allCases.count * 2 * InvolvementCase.allCases.count)
        #expect(mismatches == 0, "\(mismatches) of \(checked) combinations differ from the rules")
        #expect(answerKinds == ["involvements", "brokeringRoute", "notFound"])
        #expect(enrolValues == [false, true])
        #expect(nonEmptyInvolvements, "some answer names an involved service")
    }

    // MARK: - Examples with literal expectations

    @Test("a tier-2 child whose index consent was withdrawn is not enrolled and is not confirmed")
    func withdrawnConsent() {
        let facts = Self.child(
            tier: 2, basis: .consent, consents: [ConsentFact(purposes: [.index], withdrawn: true)],
            involvements: [Fixture.nurse])
        #expect(FederationAccess.mayEnrol(facts, today: Fixture.today) == false)
        #expect(FederationAccess.answer(for: facts, today: Fixture.today) == .notFound)
    }

    @Test("a shielded tier-1 child is enrolled but answered only with the brokering route")
    func shieldedTierOne() {
        let facts = Self.child(tier: 1, basis: .publicTask, shielded: true, involvements: [Fixture.nurse])
        #expect(FederationAccess.mayEnrol(facts, today: Fixture.today) == true)
        #expect(FederationAccess.answer(for: facts, today: Fixture.today) == .brokeringRoute)
    }

    @Test("a child with a sensitive and an ordinary service is answered with the ordinary one only")
    func mixedInvolvements() {
        let facts = Self.child(tier: 1, basis: .publicTask, involvements: [Fixture.clinic, Fixture.nurse])
        #expect(FederationAccess.answer(for: facts, today: Fixture.today) == .involvements([Fixture.nurse]))
    }

    @Test("sensitive services are removed and the others keep their order")
    func orderKept() {
        let facts = Self.child(
            tier: 2, basis: .safeguarding, involvements: [Fixture.teacher, Fixture.clinic, Fixture.nurse])
        #expect(
            FederationAccess.answer(for: facts, today: Fixture.today)
                == .involvements([Fixture.teacher, Fixture.nurse]))
    }

    @Test("only sensitive services: the brokering route; no services: an empty list")
    func onlySensitiveOrNone() {
        let sensitive = Self.child(tier: 1, basis: .publicTask, involvements: [Fixture.clinic])
        #expect(FederationAccess.answer(for: sensitive, today: Fixture.today) == .brokeringRoute)
        let alone = Self.child(tier: 1, basis: .publicTask)
        #expect(FederationAccess.answer(for: alone, today: Fixture.today) == .involvements([]))
    }

    @Test("a tier-2 child with consent only to share with named organisations is not enrolled")
    func organisationsOnlyConsent() {
        let facts = Self.child(
            tier: 2, basis: .consent,
            consents: [ConsentFact(purposes: [.shareWithOrganisations], organisations: ["ORG-A"])],
            involvements: [Fixture.nurse])
        #expect(FederationAccess.mayEnrol(facts, today: Fixture.today) == false)
        #expect(FederationAccess.answer(for: facts, today: Fixture.today) == .notFound)
    }

    @Test("an index consent expiring today still counts; one that expired yesterday does not")
    func expiryBoundary() {
        let today = Self.child(
            tier: 2, basis: .consent, consents: [ConsentFact(purposes: [.index], expiresOn: Fixture.today)])
        let yesterday = Self.child(
            tier: 2, basis: .consent, consents: [ConsentFact(purposes: [.index], expiresOn: Fixture.yesterday)])
        #expect(FederationAccess.mayEnrol(today, today: Fixture.today) == true)
        #expect(FederationAccess.mayEnrol(yesterday, today: Fixture.today) == false)
    }
}
