import Foundation
import Testing

@testable import SignpostCore

/// Early help: the assessment framework against DOMAIN.md, the pre-assessment checklist's routing,
/// what completing an assessment needs, the review and overdue dates of an episode, and the field
/// encryption of its free text. The expectations are written out here, not computed by the code under test.
@Suite("Early help: framework, checklist, episode dates and field encryption")
struct EarlyHelpTests {
    // MARK: - The assessment framework

    /// DOMAIN.md, "Early help (eCAF)": the three domains and their elements, in order. The four learning
    /// sub-elements are elements of their own, titled "Learning: ...".
    static let documentedDomains: [(id: String, title: String, elements: [String])] = [
        (
            "development", "Development of the child",
            [
                "General health",
                "Physical development",
                "Speech, language and communication",
                "Emotional and social development",
                "Behavioural development",
                "Identity, self-esteem, self-image and social presentation",
                "Family and social relationships",
                "Self-care skills and independence",
                "Learning: understanding, reasoning and problem solving",
                "Learning: participation in learning, education and employment",
                "Learning: progress and achievement",
                "Learning: aspirations",
            ]
        ),
        (
            "parents", "Parents and carers",
            [
                "Basic care, ensuring safety and protection",
                "Emotional warmth and stability",
                "Guidance, boundaries and stimulation",
            ]
        ),
        (
            "family", "Family and environment",
            [
                "Family history, functioning and well-being",
                "Wider family",
                "Housing, employment and financial considerations",
                "Social and community elements and resources, including education",
            ]
        ),
    ]

    @Test("the framework lists exactly the domains and elements of DOMAIN.md")
    func frameworkMatchesTheDomainDocument() {
        let domains = AssessmentFramework.domains
        #expect(domains.count == 3)
        #expect(domains.map(\.id) == Self.documentedDomains.map { $0.id })
        #expect(domains.map(\.title) == Self.documentedDomains.map { $0.title })
        for (domain, documented) in zip(domains, Self.documentedDomains) {
            #expect(domain.elements.map(\.title) == documented.elements, "the elements of \(domain.id)")
        }
        #expect(domains.map { $0.elements.count } == [12, 3, 4])
    }

    @Test("element and domain ids are unique, and each element id is keyed under its domain")
    func idsAreUnique() {
        let domains = AssessmentFramework.domains
        let elementIDs = domains.flatMap { $0.elements.map(\.id) }
        #expect(elementIDs.count == 19)
        #expect(Set(elementIDs).count == elementIDs.count, "duplicate element ids: \(elementIDs)")
        #expect(Set(domains.map(\.id)).count == domains.count)
        #expect(AssessmentFramework.elementIDs == Set(elementIDs))
        for domain in domains {
            for element in domain.elements {
                #expect(element.id.hasPrefix(domain.id + "."), "\(element.id) is not under \(domain.id)")
            }
        }
    }

    // MARK: - The pre-assessment checklist

    /// One row of the routing table: the four answers and where they must lead.
    struct RouteRow: Sendable, CustomTestStringConvertible {
        let risk: Bool
        let concerns: Bool
        let metBySingleService: Bool
        let unclearOrBroad: Bool
        let route: ChecklistRoute

        init(
            _ risk: Bool, _ concerns: Bool, _ metBySingleService: Bool, _ unclearOrBroad: Bool, _ route: ChecklistRoute
        ) {
            self.risk = risk
            self.concerns = concerns
            self.metBySingleService = metBySingleService
            self.unclearOrBroad = unclearOrBroad
            self.route = route
        }

        var answers: ChecklistAnswers {
            ChecklistAnswers(
                riskOfSignificantHarm: risk, concernsAboutProgress: concerns,
                needsMetBySingleService: metBySingleService, needsUnclearOrBroad: unclearOrBroad)
        }

        var key: String { "\(risk)-\(concerns)-\(metBySingleService)-\(unclearOrBroad)" }

        var testDescription: String {
            "risk \(risk), concerns \(concerns), met by single service \(metBySingleService), unclear or broad \(unclearOrBroad) -> \(route.rawValue)"
        }
    }

    /// Written by hand. Columns: risk of significant harm, concerns about progress, needs met by a single
    /// service, needs unclear or broad.
    static let routeTable: [RouteRow] = [
        // Risk of significant harm: safeguarding, whatever else is answered.
        RouteRow(true, false, false, false, .safeguardingReferral),
        RouteRow(true, false, false, true, .safeguardingReferral),
        RouteRow(true, false, true, false, .safeguardingReferral),
        RouteRow(true, false, true, true, .safeguardingReferral),
        RouteRow(true, true, false, false, .safeguardingReferral),
        RouteRow(true, true, false, true, .safeguardingReferral),
        RouteRow(true, true, true, false, .safeguardingReferral),
        RouteRow(true, true, true, true, .safeguardingReferral),
        // No concern, needs neither unclear nor broad: nothing to do.
        RouteRow(false, false, false, false, .noFurtherAction),
        RouteRow(false, false, true, false, .noFurtherAction),
        // Unclear or broad needs: the full assessment, even without a stated concern.
        RouteRow(false, false, false, true, .fullAssessment),
        RouteRow(false, false, true, true, .fullAssessment),
        RouteRow(false, true, false, true, .fullAssessment),
        RouteRow(false, true, true, true, .fullAssessment),
        // A concern the practitioner's own service cannot meet: the full assessment.
        RouteRow(false, true, false, false, .fullAssessment),
        // A concern the practitioner's own service can meet: single-agency support.
        RouteRow(false, true, true, false, .singleAgency),
    ]

    @Test("every combination of answers routes as the table says", arguments: routeTable)
    func checklistRoute(row: RouteRow) {
        #expect(row.answers.route == row.route)
    }

    @Test("the routing table covers all 16 combinations once, and every route")
    func routeTableIsComplete() {
        #expect(Self.routeTable.count == 16)
        #expect(Set(Self.routeTable.map(\.key)).count == 16)
        #expect(Set(Self.routeTable.map(\.route)) == Set(ChecklistRoute.allCases))
    }

    // MARK: - Completing an assessment

    static func filled() -> AssessmentContent {
        var content = AssessmentContent()
        content.whatLedToIt = "School raised concerns about attendance"
        content.elements["development.general-health"] = AssessmentContent.StrengthsAndNeeds(
            strengths: "Registered with a GP")
        content.elements["parents.emotional-warmth"] = AssessmentContent.StrengthsAndNeeds(
            needs: "Mum is struggling since the birth of the baby")
        content.elements["family.wider-family"] = AssessmentContent.StrengthsAndNeeds(
            strengths: "Grandmother nearby", needs: "")
        content.conclusions = "A Team Around the Child with the school and the health visitor"
        return content
    }

    @Test("an empty assessment misses the reason, every domain and the conclusions")
    func emptyAssessmentMissesEverything() {
        #expect(
            AssessmentContent().missingForCompletion == [
                "whatLedToIt", "development", "parents", "family", "conclusions",
            ])
    }

    @Test("whitespace is not content")
    func whitespaceIsNotContent() {
        var content = AssessmentContent()
        content.whatLedToIt = "   "
        content.elements["development.general-health"] = AssessmentContent.StrengthsAndNeeds(
            strengths: " ", needs: "\n")
        content.elements["parents.basic-care"] = AssessmentContent.StrengthsAndNeeds(strengths: "\t")
        content.elements["family.wider-family"] = AssessmentContent.StrengthsAndNeeds(needs: " \n\t ")
        content.conclusions = "\n"
        #expect(content.missingForCompletion == ["whatLedToIt", "development", "parents", "family", "conclusions"])
    }

    @Test("a reason, one element with strengths or needs per domain and conclusions complete it")
    func filledAssessmentMissesNothing() {
        #expect(Self.filled().missingForCompletion == [])
    }

    @Test("removing any one part makes it missing again")
    func eachPartIsNeeded() {
        var noReason = Self.filled()
        noReason.whatLedToIt = nil
        #expect(noReason.missingForCompletion == ["whatLedToIt"])

        var noParents = Self.filled()
        noParents.elements["parents.emotional-warmth"] = nil
        #expect(noParents.missingForCompletion == ["parents"])

        var blankFamily = Self.filled()
        blankFamily.elements["family.wider-family"] = AssessmentContent.StrengthsAndNeeds(strengths: "  ", needs: "  ")
        #expect(blankFamily.missingForCompletion == ["family"])

        var noConclusions = Self.filled()
        noConclusions.conclusions = ""
        #expect(noConclusions.missingForCompletion == ["conclusions"])

        // An element id outside the framework touches no domain.
        var unknownElement = AssessmentContent()
        unknownElement.elements["development.unknown"] = AssessmentContent.StrengthsAndNeeds(strengths: "Something")
        #expect(unknownElement.missingForCompletion.contains("development"))
    }

    // MARK: - Episode dates

    static let held = CalendarDate(iso: "2026-11-26")!

    @Test(
        "the next review is 28 to 84 days after the last, inclusive",
        arguments: [
            (-28, false), (0, false), (1, false), (27, false), (28, true), (56, true), (84, true), (85, false),
            (365, false),
        ])
    func reviewInterval(days: Int, valid: Bool) {
        #expect(EpisodeRules.isValidNextReview(Self.held.adding(days: days), after: Self.held) == valid)
    }

    @Test("review interval boundaries on explicit calendar dates, across a year end")
    func reviewIntervalOnCalendarDates() {
        #expect(EpisodeRules.reviewInterval == 28...84)
        let held = CalendarDate(iso: "2026-11-26")!
        #expect(!EpisodeRules.isValidNextReview(CalendarDate(iso: "2026-12-23")!, after: held))
        #expect(EpisodeRules.isValidNextReview(CalendarDate(iso: "2026-12-24")!, after: held))
        #expect(EpisodeRules.isValidNextReview(CalendarDate(iso: "2027-02-18")!, after: held))
        #expect(!EpisodeRules.isValidNextReview(CalendarDate(iso: "2027-02-19")!, after: held))

        let december = CalendarDate(iso: "2026-12-15")!
        #expect(!EpisodeRules.isValidNextReview(CalendarDate(iso: "2027-01-11")!, after: december))
        #expect(EpisodeRules.isValidNextReview(CalendarDate(iso: "2027-01-12")!, after: december))
        #expect(EpisodeRules.isValidNextReview(CalendarDate(iso: "2027-03-09")!, after: december))
        #expect(!EpisodeRules.isValidNextReview(CalendarDate(iso: "2027-03-10")!, after: december))
    }

    @Test("due today is not overdue; due yesterday is")
    func overdue() {
        let today = CalendarDate(iso: "2026-11-26")!
        #expect(!EpisodeRules.isOverdue(due: today, today: today))
        #expect(EpisodeRules.isOverdue(due: CalendarDate(iso: "2026-11-25")!, today: today))
        #expect(!EpisodeRules.isOverdue(due: CalendarDate(iso: "2026-11-27")!, today: today))
        #expect(EpisodeRules.isOverdue(due: CalendarDate(iso: "2025-12-31")!, today: CalendarDate(iso: "2026-01-01")!))
    }

    @Test("only not-started and in-progress actions are open")
    func actionStatus() {
        #expect(ActionStatus.allCases.filter(\.isOpen) == [.notStarted, .inProgress])
        #expect(ActionStatus.allCases.map(\.rawValue) == ["not-started", "in-progress", "done", "dropped"])
    }

    @Test("the closure reasons of DOMAIN.md")
    func closureReasons() {
        #expect(
            ClosureReason.allCases.map(\.rawValue) == [
                "needs-met", "disengaged", "consent-withdrawn", "moved-authority", "stepped-up",
            ])
        #expect(Set(ClosureReason.allCases.map(\.displayName)).count == ClosureReason.allCases.count)
    }

    @Test("CIN census code sets")
    func cinCodes() {
        #expect(CINCodes.ethnicity.count == 20)
        #expect(CINCodes.ethnicity["WBRI"] == "White British")
        #expect(CINCodes.ethnicity["NOBT"] != nil)
        #expect(Set(CINCodes.primaryNeed.keys) == Set((0...9).map { "N\($0)" }))
        #expect(CINCodes.primaryNeed["N1"] == "Abuse or neglect")
        #expect(CINCodes.referralSource["6"] == "Police")
        #expect(CINCodes.referralSource["3A"] == "Health: GP")
    }

    // MARK: - Field encryption

    static let context = "assessment:42:conclusions"

    @Test("seal then open gives the text back, non-ASCII and empty text included")
    func roundTrip() throws {
        let cipher = FieldCipher(dataKey: FieldCipher.newDataKey())
        for text in [
            "Needs help with reading", "Zoë's père says: ça va — 日本語 🙂", "",
            String(repeating: "long text ", count: 1_000),
        ] {
            let sealed = try cipher.seal(text, context: Self.context)
            #expect(try cipher.open(sealed, context: Self.context) == text)
        }
    }

    @Test("the sealed text does not contain the plaintext")
    func sealedTextHidesThePlaintext() throws {
        let cipher = FieldCipher(dataKey: FieldCipher.newDataKey())
        let text = "Mum reports the child is not sleeping"
        let sealed = try cipher.seal(text, context: Self.context)
        #expect(!sealed.contains(text))
        #expect(!sealed.contains(Data(text.utf8).base64EncodedString()))
        let bytes = try #require(Data(base64Encoded: sealed))
        #expect(bytes.range(of: Data(text.utf8)) == nil)
        // nonce (12 bytes) || ciphertext || tag (16 bytes)
        #expect(bytes.count == 12 + text.utf8.count + 16)
    }

    @Test("two seals of the same text differ (a fresh random nonce each time)")
    func sealsDiffer() throws {
        let cipher = FieldCipher(dataKey: FieldCipher.newDataKey())
        let first = try cipher.seal("same text", context: Self.context)
        let second = try cipher.seal("same text", context: Self.context)
        #expect(first != second)
        #expect(try cipher.open(first, context: Self.context) == "same text")
        #expect(try cipher.open(second, context: Self.context) == "same text")
    }

    @Test("a ciphertext does not open in another context (row or column)")
    func otherContextFails() throws {
        let cipher = FieldCipher(dataKey: FieldCipher.newDataKey())
        let sealed = try cipher.seal("Needs help with reading", context: Self.context)
        #expect(throws: FieldCipher.Failure.wrongKeyOrContext) {
            try cipher.open(sealed, context: "assessment:43:conclusions")
        }
        #expect(throws: FieldCipher.Failure.wrongKeyOrContext) {
            try cipher.open(sealed, context: "assessment:42:childViews")
        }
        #expect(throws: FieldCipher.Failure.wrongKeyOrContext) { try cipher.open(sealed, context: "") }
    }

    @Test("a ciphertext does not open with another key")
    func otherKeyFails() throws {
        let sealed = try FieldCipher(dataKey: FieldCipher.newDataKey()).seal(
            "Needs help with reading", context: Self.context)
        let other = FieldCipher(dataKey: FieldCipher.newDataKey())
        #expect(throws: FieldCipher.Failure.wrongKeyOrContext) { try other.open(sealed, context: Self.context) }
    }

    @Test("garbage is malformed, not a wrong key")
    func garbageIsMalformed() throws {
        let cipher = FieldCipher(dataKey: FieldCipher.newDataKey())
        let sealed = try cipher.seal("Needs help with reading", context: Self.context)
        // 16 base64 characters are 12 bytes: a nonce with no tag.
        for garbage in ["not base64 at all!", "%%%%", "", "AAAA", String(sealed.prefix(16))] {
            #expect(throws: FieldCipher.Failure.malformed, "\(garbage)") {
                try cipher.open(garbage, context: Self.context)
            }
        }
    }

    @Test("a wrapped data key unwraps, for its owner under its master key, to a key that opens earlier text")
    func wrapAndUnwrap() throws {
        let master = FieldCipher.newDataKey()
        let dataKey = FieldCipher.newDataKey()
        let sealed = try FieldCipher(dataKey: dataKey).seal("Grandmother nearby", context: Self.context)

        let wrapped = try FieldCipher.wrap(dataKey, with: master, owner: "E06000001")
        let unwrapped = try FieldCipher.unwrap(wrapped, with: master, owner: "E06000001")
        #expect(try FieldCipher(dataKey: unwrapped).open(sealed, context: Self.context) == "Grandmother nearby")
        // And the other way round: text sealed with the unwrapped key opens with the original.
        let resealed = try FieldCipher(dataKey: unwrapped).seal("Wider family", context: Self.context)
        #expect(try FieldCipher(dataKey: dataKey).open(resealed, context: Self.context) == "Wider family")
    }

    @Test("a wrapped data key does not unwrap for another owner or under another master key")
    func unwrapBoundToOwnerAndMaster() throws {
        let master = FieldCipher.newDataKey()
        let wrapped = try FieldCipher.wrap(FieldCipher.newDataKey(), with: master, owner: "E06000001")
        #expect(throws: FieldCipher.Failure.wrongKeyOrContext) {
            try FieldCipher.unwrap(wrapped, with: master, owner: "E09000999")
        }
        #expect(throws: FieldCipher.Failure.wrongKeyOrContext) {
            try FieldCipher.unwrap(wrapped, with: FieldCipher.newDataKey(), owner: "E06000001")
        }
        #expect(throws: FieldCipher.Failure.malformed) {
            try FieldCipher.unwrap("garbage!", with: master, owner: "E06000001")
        }
    }

    @Test("an empty draft decodes from {}, with no elements, and a full one round-trips")
    func anEmptyDraftDecodes() throws {
        let empty = try JSONDecoder().decode(AssessmentContent.self, from: Data("{}".utf8))
        #expect(empty == AssessmentContent())
        var full = AssessmentContent()
        full.whatLedToIt = "Attendance"
        full.interpreterNeeded = true
        full.elements = ["development.general-health": .init(strengths: "Active")]
        let again = try JSONDecoder().decode(AssessmentContent.self, from: try JSONEncoder().encode(full))
        #expect(again == full)
    }
}
