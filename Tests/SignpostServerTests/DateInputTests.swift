import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The GOV.UK date input: three boxes joined into one date before a controller reads the form, split
/// back into the same three boxes when a page is shown again, on every form that asks for a date.
@Suite("Date input: day, month and year boxes")
struct DateInputTests {
    @Test(arguments: [
        (("31", "12", "2026"), "2026-12-31"),
        ((" 7 ", "3", "2015"), "2015-03-07"),
        (("07", "03", "2015"), "2015-03-07"),
        (("", "", ""), ""),
        (("31/12/2026", "", ""), "2026-12-31"),
        (("2015-03-07", "", ""), "2015-03-07"),
        (("31", "2", "2026"), "31/2/2026"),
        (("31", "", "2026"), "31//2026"),
        (("1", "1", "26"), "1/1/26"),
        (("tomorrow", "", ""), "tomorrow"),
    ])
    func theBoxesJoinIntoOneDate(typed: (String, String, String), joined: String) {
        #expect(DateInput.join(day: typed.0, month: typed.1, year: typed.2) == joined)
    }

    @Test func whatWasTypedComesBackInTheSameBoxes() {
        for typed in [("31", "2", "2026"), ("31", "", "2026"), ("", "", "2026"), ("1", "1", "26"), ("x", "y", "z")] {
            let boxes = DateInput.split(DateInput.join(day: typed.0, month: typed.1, year: typed.2))
            #expect([boxes.day, boxes.month, boxes.year] == [typed.0, typed.1, typed.2], "\(typed)")
        }
        let stored = DateInput.split("2015-03-07")
        #expect([stored.day, stored.month, stored.year] == ["7", "3", "2015"])
    }

    @Test func theMessageSaysWhichBoxIsMissing() {
        #expect(DateEntry.problem(in: "31//2026", label: "Date of birth") == "Date of birth must include a month")
        #expect(
            DateEntry.problem(in: "//2026", label: "Date of birth") == "Date of birth must include a day and a month")
        #expect(DateEntry.problem(in: "31/2/2026", label: "Date of birth") == "Date of birth must be a real date")
        #expect(DateEntry.problem(in: "1/1/26", label: "Review date").hasPrefix("Review date must include a year of 4"))
        #expect(DateEntry.problem(in: "tomorrow", label: "Review date") == "Review date must be a real date")
    }

    @Test func onlyTheDateBoxesChangeInAnEncodedForm() throws {
        let form =
            "csrfToken=abc&role%5B%5D=a&heldOn-day=31&attendees=A+and+B&heldOn-month=12&role%5B%5D=b&heldOn-year=2026"
        let joined = try #require(DateInputMiddleware.joiningDateBoxes(in: form))
        #expect(joined == "csrfToken=abc&role%5B%5D=a&heldOn=2026-12-31&attendees=A+and+B&role%5B%5D=b")
        #expect(DateInputMiddleware.joiningDateBoxes(in: "givenName=Amelia&dateOfBirth=2015-03-07") == nil)
    }

    @Test func aMeetingDateTypedInThreeBoxesIsSavedAndANotRealOneIsShownAgainAsTyped() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            let started = try await api.completedEpisode(of: child)
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let page = try await browser.get("/assessments/\(started.id)/meetings")
            let html = page.body.string
            for box in ["heldOn-day", "heldOn-month", "heldOn-year"] { #expect(html.contains(#"name="\#(box)""#)) }
            #expect(!html.contains(#"name="heldOn""#), "no single date box is left")

            let refused = try await browser.post(
                "/assessments/\(started.id)/meetings",
                form: [
                    "heldOn-day": "31", "heldOn-month": "2", "heldOn-year": "2026", "attendees": "Amelia",
                    "decisions": "",
                ])
            #expect(refused.status == .unprocessableEntity)
            let again = refused.body.string
            #expect(again.contains("The date must be a real date"))
            #expect(
                again.contains(
                    #"id="heldOn" name="heldOn-day" type="text" inputmode="numeric" autocomplete="off" value="31""#))
            #expect(
                again.contains(#"name="heldOn-month" type="text" inputmode="numeric" autocomplete="off" value="2""#))
            #expect(
                again.contains(#"name="heldOn-year" type="text" inputmode="numeric" autocomplete="off" value="2026""#))
            #expect(again.contains("govuk-input--error"))
            #expect(again.contains(##"href="#heldOn""##), "the error summary links to the day box")

            let today = CalendarDate(world.clock.now)
            try await browser.get("/assessments/\(started.id)/meetings")
            let saved = try await browser.post(
                "/assessments/\(started.id)/meetings",
                form: [
                    "heldOn-day": "\(today.day)", "heldOn-month": "\(today.month)", "heldOn-year": "\(today.year)",
                    "attendees": "Amelia and her mother", "decisions": "Weekly check-ins",
                ])
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let episode = try await api.send(.GET, "/api/v1/assessments/\(started.id)")
            let meetings = try #require(
                try JSONSerialization.jsonObject(with: Data(episode.body.readableBytesView)) as? [String: Any])[
                    "meetings"]
            #expect("\(meetings ?? "")".contains(today.iso), "the meeting is saved on the day typed")
        }
    }

    @Test func theSearchFormAndTheAuditFilterTakeTheirDatesInThreeBoxes() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            try await browser.get("/children/search")
            let refused = try await browser.post(
                "/children/search",
                form: [
                    "reason": "new-referral", "givenName": "Amelia", "familyName": "Smith", "dateOfBirth-day": "31",
                    "dateOfBirth-month": "2", "dateOfBirth-year": "2015",
                ])
            let html = refused.body.string
            #expect(html.contains("Date of birth must be a real date"))
            #expect(
                html.contains(#"name="dateOfBirth-day" type="text" inputmode="numeric" autocomplete="off" value="31""#))

            let auditor = TestBrowser(world.app)
            let auditorAccount = try await world.account(roles: [.auditor])
            try #require(
                try await auditor.signIn(auditorAccount, code: auditorAccount.code(at: world.clock.now)).status
                    == .seeOther)
            let page = try await auditor.get(
                "/audit?from-day=1&from-month=11&from-year=2026&to-day=&to-month=&to-year=")
            #expect(page.status == .ok)
            let last = try await AuditEventModel.query(on: try await world.auditLog).sort(\.$id, .descending).first()
            #expect(last?.action == "audit.searched")
            #expect(last?.details.contains("2026-11-01") == true, "the filter used the joined date")
        }
    }

    /// Every form asks for a date in three boxes: no template has a one-box date field left.
    @Test func noTemplateAsksForADateInOneBox() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Resources/Views")
        let dateNames = #/name="(dateOfBirth|expectedDelivery|from|to|\w+On)" type="text"/#
        for file in try FileManager.default.contentsOfDirectory(atPath: views.path) where file.hasSuffix(".leaf") {
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            #expect(text.firstMatch(of: dateNames) == nil, "\(file) has a one-box date")
        }
    }
}
