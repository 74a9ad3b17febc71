import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// No stored code on the pages: the child's gender and whereabouts, an episode's status and the
/// closure's codes read as words, typed answers end in one full stop, and answers are not lost on the
/// way back from a confirmation page.
@Suite("Plain English on the pages: a label for every code, one full stop, answers kept")
struct PlainEnglishPagesTests {
    @Test func everyGenderAndWhereaboutsHasALabel() {
        for code in ChildVocabulary.genders {
            let label = ChildVocabulary.genderName(code)
            #expect(label != code && !label.contains("-"), "gender \(code) reads \(label)")
        }
        for code in ChildVocabulary.whereabouts {
            #expect(ChildVocabulary.whereaboutsLabels[code] != nil, "whereabouts \(code) has no label")
            #expect(!ChildVocabulary.whereaboutsName(code).contains("-"))
        }
        #expect(ChildVocabulary.genderName("not-specified") == "Not specified")
        #expect(ChildVocabulary.genderName("unknown") == "Not known")
        #expect(ChildVocabulary.whereaboutsName("last-known") == "Last known address")
        #expect(PlainEnglish.words(fromCode: "left-england") == "Left england")
        #expect(PlainEnglish.words(fromCode: "") == "Not recorded")
        #expect(NewChildPage.genders.map { $0.code } == ChildVocabulary.genderLabels.map { $0.code })
    }

    @Test func theChildPageAndItsSummaryShowGenderWhereaboutsAndEpisodeStatusInWords() async throws {
        try await withSignpostApp { world in
            let creator = try await world.account()
            let api = try await APIClient.signIn(world, creator)
            let child = try await api.createChild(
                amelia.replacingOccurrences(
                    of: #""gender":"female""#, with: #""gender":"not-specified","whereabouts":"last-known""#))
            let started = try await api.send(
                .POST, "/api/v1/children/\(child)/assessments",
                json: #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":false,"#
                    + #""needsUnclearOrBroad":true}"#)
            try #require(started.status == .created, "\(started.body.string)")

            let browser = try await TeamInvitationPageTests.signedIn(world, creator)
            let page = try await browser.get("/children/\(child)")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(
                body.contains(
                    #"<dt class="govuk-summary-list__key">Gender</dt><dd class="govuk-summary-list__value">"#
                        + "Not specified</dd>"))
            #expect(
                body.contains(
                    #"<dt class="govuk-summary-list__key">Whereabouts</dt><dd class="govuk-summary-list__value">"#
                        + "Last known address</dd>"))
            #expect(!body.contains("not-specified"))
            #expect(!body.contains("last-known"))
            let earlyHelp = slice(body, from: #"id="early-help""#, to: "</ul>")
            #expect(earlyHelp.contains("(Waiting for the consent statement)"))
            #expect(!earlyHelp.contains("(consent)"))

            let summary = try await browser.get("/children/\(child)/summary")
            #expect(summary.status == .ok)
            let identity = slice(summary.body.string, from: #"id="identity""#, to: "</dl>")
            #expect(identity.contains("Not specified"))
            #expect(!summary.body.string.contains("not-specified"))
        }
    }

    @Test func typedAnswersEndInOneFullStop() {
        let element = AssessmentFramework.domains[0].elements[0]
        var content = AssessmentContent()
        content.elements[element.id] = .init(strengths: "Walks to school.", needs: "Reading support")
        let row = CheckAnswersPage.rows(content).first { $0.key == element.title }
        #expect(row?.value == "Strengths: Walks to school. Needs: Reading support.")
        content.elements[element.id] = .init(strengths: "Kind to her brother!", needs: "  ")
        let other = CheckAnswersPage.rows(content).first { $0.key == element.title }
        #expect(other?.value == "Strengths: Kind to her brother! Needs: None recorded.")
        #expect(CheckAnswersPage.rows(content).allSatisfy { !$0.value.contains("..") })
    }

    @Test func checkYourAnswersNeverDoublesAFullStopAndThePrintShowsTheStatusInWords() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            let started = try await api.send(
                .POST, "/api/v1/children/\(child)/assessments",
                json: #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":false,"#
                    + #""needsUnclearOrBroad":true}"#)
            let episode = try api.decode(EpisodeView.self, started)
            let path = "/api/v1/assessments/\(episode.id)"
            try #require(try await api.send(.POST, "\(path)/consent", json: #"{"declined":true}"#).status == .ok)
            var content = AssessmentContent()
            content.whatLedToIt = "Missed school."
            content.elements[AssessmentFramework.domains[0].elements[0].id] = .init(
                strengths: "Walks to school.", needs: "Reading support.")
            let body = String(
                decoding: try JSONEncoder().encode(EpisodeService.SaveInput(version: 1, content: content)),
                as: UTF8.self)
            try #require(try await api.send(.PUT, path, json: body).status == .ok)

            let browser = try await TeamInvitationPageTests.signedIn(world, account)
            let check = try await browser.get("/assessments/\(episode.id)/check")
            #expect(check.status == .ok)
            let answers = slice(check.body.string, from: #"<dl class="govuk-summary-list">"#, to: "</dl>")
            #expect(answers.contains("Strengths: Walks to school. Needs: Reading support."))
            #expect(!answers.contains(".."))

            let print = try await browser.get("/assessments/\(episode.id)/print")
            #expect(print.status == .ok)
            let status = slice(print.body.string, from: #"id="episode-status""#, to: "</p>")
            #expect(status.contains("Status: Assessment in progress."))
            #expect(!status.contains("draft"))
            let printed = slice(print.body.string, from: #"<dl class="govuk-summary-list">"#, to: "</dl>")
            #expect(printed.contains("Strengths: Walks to school. Needs: Reading support."))
            #expect(!printed.contains(".."))
        }
    }

    @Test func theClosureSaysEachCodeWithItsMeaningAsTheClosingPageDoes() {
        let closure = EpisodeView.Closure(
            reason: "stepped-up", reasonName: ClosureReason.steppedUp.displayName, note: "Family agreed.",
            receivingAuthority: nil, receivingAuthorityName: nil, transferBasis: nil, referralSource: "2A",
            primaryNeed: "N3", closedOn: "2026-11-18")
        let rows = ClosurePage.closedRows(closure).map { "\($0.key): \($0.value)" }
        #expect(
            rows == [
                "Referral source: 2A: Schools", "Primary need: N3: Parental disability or illness",
                "Note: Family agreed.",
            ])
        for (code, meaning) in CINCodes.primaryNeed {
            #expect(ClosurePage.label(code, CINCodes.primaryNeed) == "\(code): \(meaning)")
        }
        // The question page's errors name no stored code either.
        do {
            _ = try TeamAroundTheChildService.closureReason(.init(reason: "bogus"))
            Issue.record("an unknown reason was accepted")
        } catch let error as ServiceError {
            let messages = ClosurePage.fieldErrors(error).map(\.message)
            #expect(messages == ["Choose why the episode is closing."])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func closingFromThePagesKeepsTheAnswersWhenChangedAndShowsTheCodesInWords() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let episode = try await api.completedEpisode(of: try await api.createChild(amelia)).id
            let browser = try await TeamInvitationPageTests.signedIn(world, account)
            let close = "/assessments/\(episode)/close"
            #expect(try await browser.get(close).status == .ok)
            let answers = [
                "reason": "stepped-up", "referralSource": "2A", "primaryNeed": "N3", "note": "Family agreed.",
            ]

            let confirm = try await browser.post(close, form: answers)
            #expect(confirm.status == .ok)
            let rows = slice(confirm.body.string, from: #"id="closure-answers""#, to: "</dl>")
            #expect(rows.contains("2A: Schools"))
            #expect(rows.contains("N3: Parental disability or illness"))
            #expect(confirm.body.string.contains(#"name="change" value="yes""#))
            #expect(!confirm.body.string.contains("Change the answers</a>"))

            // "Change the answers" sends the answers back: the question page has them chosen, nothing closed.
            var change = answers
            change["confirm"] = "yes"
            change["change"] = "yes"
            let question = try await browser.post(close, form: change)
            #expect(question.status == .ok)
            let form = question.body.string
            #expect(form.contains(#"<h1 class="govuk-heading-l">Close the episode</h1>"#))
            #expect(form.contains(#"value="stepped-up" checked>"#))
            #expect(form.contains(#"<option value="2A" selected>"#))
            #expect(form.contains(#"<option value="N3" selected>"#))
            #expect(form.contains(#"name="note" rows="3">Family agreed.</textarea>"#))
            let stillOpen = try await api.send(.GET, "/api/v1/assessments/\(episode)")
            #expect(try api.decode(EpisodeView.self, stillOpen).status == "completed")

            var confirmed = answers
            confirmed["confirm"] = "yes"
            #expect(try await browser.post(close, form: confirmed).status == .seeOther)
            let page = try await browser.get("/assessments/\(episode)")
            let closure = slice(page.body.string, from: #"id="closure""#, to: "</dl>")
            #expect(closure.contains("Stepped up to children&#39;s social care"))
            #expect(closure.contains(row("Referral source", "2A: Schools")))
            #expect(closure.contains(row("Primary need", "N3: Parental disability or illness")))
            #expect(closure.contains(row("Note", "Family agreed.")))
            #expect(!closure.contains("stepped-up"))
            #expect(!closure.contains("referral source 2A"))
            #expect(!closure.contains(CalendarDate(world.clock.now).iso))
            let print = try await browser.get("/assessments/\(episode)/print")
            #expect(slice(print.body.string, from: #"id="episode-status""#, to: "</p>").contains("Status: Closed."))
        }
    }

    @Test func aMoveNamesTheReceivingAuthorityAndTheBasisInWords() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let episode = try await api.completedEpisode(of: try await api.createChild(amelia)).id
            let closed = try await api.send(
                .POST, "/api/v1/assessments/\(episode)/close",
                json: #"{"reason":"moved-authority","receivingAuthority":"E06000002","transferBasis":"public-task"}"#)
            try #require(closed.status == .ok, "\(closed.body.string)")
            #expect(try api.decode(EpisodeView.self, closed).closure?.receivingAuthority == "E06000002")

            let browser = try await TeamInvitationPageTests.signedIn(world, account)
            let page = try await browser.get("/assessments/\(episode)")
            #expect(page.status == .ok)
            let closure = slice(page.body.string, from: #"id="closure""#, to: "</dl>")
            #expect(closure.contains("Moved to another authority"))
            #expect(closure.contains(row("Moved to", "Otherton Council")))
            #expect(closure.contains(row("Basis for passing the assessment on", "Public task")))
            #expect(!closure.contains("E06000002"))
            #expect(!closure.contains("public-task"))
        }
    }
}

/// A summary list row as the pages write it.
private func row(_ key: String, _ value: String) -> String {
    #"<dt class="govuk-summary-list__key">\#(key)</dt><dd class="govuk-summary-list__value">\#(value)</dd>"#
}

/// The part of `body` from the first `start` to the next `end`, or "" when `start` is absent.
private func slice(_ body: String, from start: String, to end: String) -> String {
    guard let lower = body.range(of: start) else { return "" }
    let upper = body.range(of: end, range: lower.upperBound..<body.endIndex)?.upperBound ?? body.endIndex
    return String(body[lower.lowerBound..<upper])
}
