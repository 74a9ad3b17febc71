import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The early-help pages: background autosave, stale saves refused on the page, read-only closure,
/// and 404 for people who may not see the episode.
@Suite("Early-help pages: autosave, versions, read-only closure")
struct EpisodePageTests {
    @Test func autosaveKeepsTheDraftAndAStaleSaveIsRefusedWithAnErrorSummary() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            let started = try await api.send(
                .POST, "/api/v1/children/\(child)/assessments",
                json:
                    #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":false,"needsUnclearOrBroad":true}"#
            )
            try #require(started.status == .created, "\(started.body.string)")
            let episode = try api.decode(EpisodeView.self, started)
            let declined = try await api.send(
                .POST, "/api/v1/assessments/\(episode.id)/consent", json: #"{"declined":true}"#)
            try #require(declined.status == .ok, "\(declined.body.string)")

            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let page = try await browser.get("/assessments/\(episode.id)/sections/header")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("part 1 of 5"))
            #expect(page.body.string.contains(#"data-autosave="autosave-status""#))
            let token = try #require(browser.csrfToken)

            // A background save (as autosave.js sends it) answers with the new version as JSON.
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.add(name: "X-Autosave", value: "1")
            let autosaved = try await browser.send(
                .POST, "/assessments/\(episode.id)/sections/header", headers: headers,
                body: "csrfToken=\(token)&version=1&whatLedToIt=Typed%20but%20not%20yet%20submitted")
            #expect(autosaved.status == .ok, "\(autosaved.body.string)")
            #expect(autosaved.body.string.contains(#""version":2"#))

            // The same stale version again: refused, as a problem document for the script...
            let staleBackground = try await browser.send(
                .POST, "/assessments/\(episode.id)/sections/header", headers: headers,
                body: "csrfToken=\(token)&version=1&whatLedToIt=Other%20words")
            #expect(staleBackground.status == .conflict)
            #expect(staleBackground.headers.contentType?.subType == "problem+json")
            // ...and as an error summary on the page, with nothing overwritten.
            let stalePage = try await browser.post(
                "/assessments/\(episode.id)/sections/header",
                form: ["csrfToken": token, "version": "1", "whatLedToIt": "Other words"])
            #expect(stalePage.status == .conflict)
            #expect(stalePage.body.string.contains("govuk-error-summary"))
            #expect(stalePage.body.string.contains("Someone else saved this assessment"))
            let check = try await browser.get("/assessments/\(episode.id)/check")
            #expect(check.body.string.contains("Typed but not yet submitted"))
            #expect(!check.body.string.contains("Other words"))
        }
    }

    @Test func aClosedEpisodePageOffersNoChangesAndStrangersGetNotFound() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            // Single-agency support: the checklist is the whole episode, closed at once.
            let started = try await api.send(
                .POST, "/api/v1/children/\(child)/assessments",
                json:
                    #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":true,"needsUnclearOrBroad":false}"#
            )
            let episode = try api.decode(EpisodeView.self, started)
            #expect(episode.status == "closed")

            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let page = try await browser.get("/assessments/\(episode.id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Support from your own service"))
            for button in ["Record the meeting", "Add the action", "Close the episode", "Continue the assessment"] {
                #expect(!page.body.string.contains(button), "a closed episode offers \(button)")
            }
            let childPage = try await browser.get("/children/\(child)")
            #expect(
                childPage.body.string.contains("/assessments/\(episode.id.uuidString)")
                    || childPage.body.string.lowercased().contains("/assessments/\(episode.id.uuidString.lowercased())")
            )

            let stranger = try await world.account(organisation: "TST-SCH")
            world.clock.advance(seconds: 30)
            let other = TestBrowser(world.app)
            try #require(try await other.signIn(stranger, code: stranger.code(at: world.clock.now)).status == .seeOther)
            #expect(try await other.get("/assessments/\(episode.id)").status == .notFound)
            #expect(try await other.get("/children/\(child)/assessments/new").status == .ok)
            try await other.get("/children/\(child)/assessments/new")
            let refused = try await other.post(
                "/children/\(child)/assessments/new",
                form: [
                    "riskOfSignificantHarm": "no", "concernsAboutProgress": "yes", "needsMetBySingleService": "no",
                    "needsUnclearOrBroad": "yes",
                ])
            #expect(refused.status == .notFound)
        }
    }

    @Test func aRefusedReviewKeepsWhatWasTypedAndLinksEachErrorToItsField() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            let started = try await api.completedEpisode(of: child)

            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let page = try await browser.get("/assessments/\(started.id)")
            #expect(page.body.string.contains(#"href="/assessments/\#(started.id)/reviews""#))
            let reviews = try await browser.get("/assessments/\(started.id)/reviews")
            #expect(reviews.body.string.contains("Record the review"))
            // A completed assessment is not edited page by page any more: the section sends you back.
            #expect(try await browser.get("/assessments/\(started.id)/sections/header").status == .seeOther)
            try await browser.get("/assessments/\(started.id)")
            let today = CalendarDate(world.clock.now)
            let refused = try await browser.post(
                "/assessments/\(started.id)/reviews",
                form: [
                    "heldOn": today.iso, "attendees": "Amelia and her mother", "progress": "Going to school most days",
                    "nextSteps": "Keep going", "nextReviewOn": today.adding(days: 21).iso,
                ])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains(##"href="#reviewNextReviewOn""##))
            #expect(html.contains(#"id="reviewNextReviewOn""#))
            #expect(html.contains(#"id="reviewNextReviewOn-error""#))
            #expect(html.contains("Going to school most days"), "what was typed is kept")
            #expect(
                !html.contains(#"id="attendees" name="attendees" type="text" value="Amelia"#),
                "the meeting form is not filled with the review's answers")
        }
    }
}
