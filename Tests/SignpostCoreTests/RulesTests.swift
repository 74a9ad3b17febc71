import SignpostCore
import Testing

/// The deadline rule and the shield's review window: one statement of each, used everywhere.
@Suite("Rules: deadlines, the shield review window, stored status sets")
struct RulesTests {
    let today = CalendarDate(iso: "2026-12-02")!

    @Test("the due day itself is not overdue; the day after is")
    func overdueStartsTheDayAfter() {
        #expect(!Deadlines.isOverdue(dueOn: today, today: today))
        #expect(Deadlines.isOverdue(dueOn: today.adding(days: -1), today: today))
        #expect(!Deadlines.isOverdue(dueOn: today.adding(days: 1), today: today))
        #expect(Deadlines.isOverdue(dueOn: "2026-12-01", today: today))
        #expect(!Deadlines.isOverdue(dueOn: "2026-12-02", today: today))
    }

    @Test("a missing or unreadable date is never overdue")
    func unreadableDatesAreNotOverdue() {
        #expect(!Deadlines.isOverdue(dueOn: nil as String?, today: today))
        #expect(!Deadlines.isOverdue(dueOn: "not a date", today: today))
        #expect(!Deadlines.isOverdue(dueOn: "2026-02-30", today: today))
    }

    @Test("the early-help name for the rule is the same rule")
    func earlyHelpUsesTheSameRule() {
        for offset in -2...2 {
            let due = today.adding(days: offset)
            #expect(EpisodeRules.isOverdue(due: due, today: today) == Deadlines.isOverdue(dueOn: due, today: today))
        }
    }

    @Test("a shield's review date is after today and at most 366 days ahead")
    func shieldReviewWindow() {
        #expect(!ShieldRules.isValidReviewDate(today, today: today))
        #expect(!ShieldRules.isValidReviewDate(today.adding(days: -1), today: today))
        #expect(ShieldRules.isValidReviewDate(today.adding(days: 1), today: today))
        #expect(ShieldRules.isValidReviewDate(today.adding(days: 366), today: today))
        #expect(!ShieldRules.isValidReviewDate(today.adding(days: 367), today: today))
        #expect(!ShieldRules.isReviewOverdue(reviewOn: today.iso, today: today))
        #expect(ShieldRules.isReviewOverdue(reviewOn: today.adding(days: -1).iso, today: today))
    }

    /// The raw values are what the database holds: renaming one is a migration, not a refactor.
    @Test("stored status values stay as the database holds them")
    func storedStatusValues() {
        #expect(EpisodeStatus.allCases.map(\.rawValue) == ["consent", "draft", "completed", "closed"])
        #expect(InvolvementStatus.allCases.map(\.rawValue) == ["active", "ended"])
        #expect(JoinRequestStatus.allCases.map(\.rawValue) == ["pending", "admitted", "declined"])
        #expect(RoleGrantStatus.allCases.map(\.rawValue) == ["pending", "approved", "declined"])
        #expect(BrokeredContactStatus.allCases.map(\.rawValue) == ["open", "passed-on", "declined"])
        #expect(ConsentState.allCases.map(\.rawValue) == ["in-force", "expired", "withdrawn"])
        #expect(EpisodeStatus.draft.isEditable && !EpisodeStatus.consent.isEditable)
        #expect(EpisodeStatus.allCases.filter(\.isBeforeCompletion) == [.consent, .draft])
    }
}

@Suite("Assessment progress: each part's status follows what completion needs")
struct AssessmentProgressTests {
    @Test("an empty assessment has every part not started, and continues at the first")
    func emptyIsNotStarted() {
        let content = AssessmentContent()
        #expect(AssessmentContent.partIDs.allSatisfy { content.status(ofPart: $0) == .notStarted })
        #expect(content.firstUnfinishedPart == "header")
    }

    @Test("a part is completed exactly when completion stops asking for it")
    func completedMatchesCompletion() {
        var content = AssessmentContent()
        content.peoplePresent = "Ruby and her mother"
        #expect(content.status(ofPart: "header") == .inProgress)
        content.whatLedToIt = "Missed school"
        #expect(content.status(ofPart: "header") == .completed)
        #expect(content.firstUnfinishedPart == AssessmentFramework.domains[0].id)
        for domain in AssessmentFramework.domains {
            content.elements[domain.elements[0].id] = .init(strengths: "Close to her mother")
        }
        content.childViews = "Wants to see her friends"
        #expect(content.status(ofPart: "closing") == .inProgress)
        #expect(content.firstUnfinishedPart == "closing")
        content.conclusions = "A team around Ruby"
        #expect(content.firstUnfinishedPart == nil)
        #expect(content.missingForCompletion.isEmpty)
        #expect(AssessmentContent.partIDs.allSatisfy { content.status(ofPart: $0) == .completed })
    }
}
