import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The chronology pages: the timeline, adding an entry with the date in three boxes, correcting one
/// with the original in view, error summaries that keep what was typed, and nothing for outsiders.
@Suite("Chronology pages")
struct ChronologyPageTests {
    @Test func aTeamMemberAddsAndCorrectsAnEntryOnThePages() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)

            let empty = try await browser.get("/children/\(child)/chronology")
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("Chronology for Amelia Smith-Jones"))
            #expect(empty.body.string.contains(#"href="/children/\#(child)/chronology/new""#))
            try await browser.get("/children/\(child)/chronology/new")
            let added = try await browser.post(
                "/children/\(child)/chronology",
                form: [
                    "occurredOn-day": "12", "occurredOn-month": "11", "occurredOn-year": "2026",
                    "occurredTime": "09:15",
                    "category": "home-visit", "significance": "critical", "summary": "No food in the house.",
                ])
            #expect(added.status == .seeOther, "\(added.body.string)")
            #expect(added.headers.first(name: .location) == "/children/\(child)/chronology?notice=added")
            let page = try await browser.get("/children/\(child)/chronology?notice=added").body.string
            #expect(page.contains("The entry has been added to the chronology"))
            #expect(page.contains(#"class="moj-timeline__item""#))
            #expect(page.contains("12 November 2026 at 09:15"))
            #expect(page.contains(#"govuk-tag govuk-tag--red">Critical"#))
            #expect(page.contains("No food in the house."))

            let entry = try #require(try await ChronologyEntryModel.query(on: world.app.db).first())
            let form = try await browser.get("/children/\(child)/chronology/\(entry.id!)/correct").body.string
            #expect(form.contains(#"id="original""#) && form.contains("No food in the house."))
            #expect(form.contains(#"<option value="home-visit" selected>"#), "starts from the original's kind")
            let corrected = try await browser.post(
                "/children/\(child)/chronology/\(entry.id!)/correct",
                form: [
                    "occurredOn-day": "12", "occurredOn-month": "11", "occurredOn-year": "2026",
                    "category": "home-visit", "significance": "significant",
                    "summary": "Correction: there was food; the fridge was in another room.",
                ])
            #expect(corrected.status == .seeOther, "\(corrected.body.string)")
            let after = try await browser.get("/children/\(child)/chronology").body.string
            #expect(after.contains("No food in the house."), "the original stays")
            #expect(after.contains(">Corrected</strong>"))
            #expect(after.contains("Corrected: see the correction"))
            #expect(after.contains("This entry corrects an earlier one"))
        }
    }

    @Test func aRefusedEntryKeepsWhatWasTypedAndAnOutsiderGetsNothing() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            try await browser.get("/children/\(child)/chronology/new")
            let refused = try await browser.post(
                "/children/\(child)/chronology",
                form: [
                    "occurredOn-day": "12", "occurredOn-month": "", "occurredOn-year": "2026", "category": "",
                    "significance": "", "summary": "Typed at length, and kept.",
                ])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("<title>Error: Add to the chronology"))
            #expect(html.contains("The date must include a month"))
            #expect(html.contains("Typed at length, and kept."))
            #expect(
                html.contains(#"name="occurredOn-day" type="text" inputmode="numeric" autocomplete="off" value="12""#))
            #expect(try await ChronologyEntryModel.query(on: world.app.db).count() == 0)

            let bad = try await browser.get("/children/\(child)/chronology?category=made-up")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Choose a category from the list."))

            let outsider = try await world.account(organisation: "TST-SCH")
            let other = TestBrowser(world.app)
            try #require(try await other.signIn(outsider, code: outsider.code(at: world.clock.now)).status == .seeOther)
            #expect(try await other.get("/children/\(child)/chronology").status == .notFound)
            // Even the blank form is asked of the policy, and the refusal is audited.
            #expect(try await other.get("/children/\(child)/chronology/new").status == .notFound)
            let refusals = try await AuditEventModel.query(on: try await world.auditLog)
                .filter(\.$action == "chronology.entry-form").all()
            #expect(refusals.map(\.outcome) == ["refused"])
        }
    }

    @Test func fiftyEntriesToAPageWithOlderEntriesBehindALink() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            for day in 1...51 {
                let date = CalendarDate(iso: "2026-01-01")!.adding(days: day).iso
                let body =
                    #"{"occurredOn":"\#(date)","category":"appointment","significance":"routine","summary":"Visit \#(day)"}"#
                try #require(
                    try await api.send(.POST, "/api/v1/children/\(child)/chronology", json: body).status == .created)
            }
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let first = try await browser.get("/children/\(child)/chronology?category=appointment").body.string
            #expect(first.components(separatedBy: #"class="moj-timeline__item""#).count - 1 == 50)
            #expect(first.contains(#"href="/children/\#(child)/chronology?category=appointment&amp;page=2""#))
            let second = try await browser.get("/children/\(child)/chronology?category=appointment&page=2").body.string
            #expect(second.contains("Visit 1<"))
            #expect(second.contains("Newer entries"))
        }
    }
}
