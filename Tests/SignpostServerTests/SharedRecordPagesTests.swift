import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The agency contacts and forum pages, the child page's links to the shared record, and the lead's
/// home page listing a concern raised for attention.
@Suite("Shared record pages: contacts, forum, links")
struct SharedRecordPagesTests {
    @Test func contactsAreRecordedOnTheirPageAndTheChildPageLinksToTheRecord() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let api = try await APIClient.signIn(world, account)
            let child = try await api.createChild(amelia)
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let childPage = try await browser.get("/children/\(child)").body.string
            #expect(childPage.contains(#"href="/children/\#(child)/chronology""#))
            #expect(childPage.contains(#"href="/children/\#(child)/contacts""#))
            #expect(childPage.contains(#"href="/children/\#(child)/forum""#))

            let empty = try await browser.get("/children/\(child)/contacts").body.string
            #expect(empty.contains("The picture of contact") && empty.contains(#"id="no-contacts""#))
            let refused = try await browser.post(
                "/children/\(child)/contacts",
                form: [
                    "occurredOn-day": "9", "occurredOn-month": "11", "occurredOn-year": "2026", "kind": "",
                    "outcome": "seen", "note": "Kept as typed",
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Kept as typed"))
            let recorded = try await browser.post(
                "/children/\(child)/contacts",
                form: [
                    "occurredOn-day": "9", "occurredOn-month": "11", "occurredOn-year": "2026",
                    "kind": "home-visit", "outcome": "seen", "seenAlone": "yes", "note": "Seen in her room",
                ])
            #expect(recorded.status == .seeOther, "\(recorded.body.string)")
            let page = try await browser.get("/children/\(child)/contacts?notice=recorded").body.string
            #expect(page.contains("The contact has been recorded"))
            #expect(
                page.contains("9 November 2026") && page.contains("Yes, alone") && page.contains("Seen in her room"))
            #expect(page.contains("9 days ago"))

            // A school records a week's attendance on the page; a count that is not a number is kept.
            let badWeek = try await browser.post(
                "/children/\(child)/contacts",
                form: [
                    "occurredOn-day": "13", "occurredOn-month": "11", "occurredOn-year": "2026",
                    "kind": "school-attendance", "outcome": "seen", "sessionsPossible": "ten", "sessionsAttended": "7",
                ])
            #expect(badWeek.status == .unprocessableEntity)
            #expect(badWeek.body.string.contains(#"id="sessionsPossible-error""#))
            #expect(
                badWeek.body.string.contains(#"name="sessionsPossible" type="text" inputmode="numeric" value="ten""#))
            let week = try await browser.post(
                "/children/\(child)/contacts",
                form: [
                    "occurredOn-day": "13", "occurredOn-month": "11", "occurredOn-year": "2026",
                    "kind": "school-attendance", "outcome": "seen", "sessionsPossible": "10", "sessionsAttended": "7",
                ])
            #expect(week.status == .seeOther, "\(week.body.string)")
            let attendance = try await browser.get("/children/\(child)/contacts").body.string
            #expect(attendance.contains("7 of 10 sessions"))
            #expect(attendance.contains("70.0%") && attendance.contains("Persistent absence (below 90%)"))
        }
    }

    @Test func aConcernIsRaisedAndAcknowledgedOnTheForumPage() async throws {
        try await withSignpostApp { world in
            let lead = try await world.account()
            let api = try await APIClient.signIn(world, lead)
            let child = try await api.createChild(amelia)
            let school = try await world.account(organisation: "TST-SCH", name: "Sam Teacher")
            let manager = try await APIClient.signIn(world, try await world.account(roles: [.dataManager]))
            let admit = #"{"practitionerID":"\#(school.id)","reason":"Allocated by the authority"}"#
            try #require(
                try await manager.send(.POST, "/api/v1/children/\(child)/members", json: admit).status == .noContent)
            // The team may read one another's posts while the family's consent to share with the team holds.
            let consent =
                #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":["index","share-assessment"],"method":"written"}"#
            try #require(
                try await api.send(.POST, "/api/v1/children/\(child)/consents", json: consent).status == .created)
            let schoolAPI = try await APIClient.signIn(world, school)
            let raised = try await schoolAPI.send(
                .POST, "/api/v1/children/\(child)/forum/threads",
                json:
                    #"{"title":"Hungry at school","kind":"concern","body":"Asked for food twice.","raiseAttention":true}"#
            )
            try #require(raised.status == .created)

            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(lead, code: lead.code(at: world.clock.now)).status == .seeOther)
            let home = try await browser.get("/").body.string
            #expect(
                home.contains("Concerns raised for attention") && home.contains("A concern about Amelia Smith-Jones"))
            let forum = try await browser.get("/children/\(child)/forum").body.string
            #expect(forum.contains("Raised for attention") && forum.contains("Acknowledge the concern"))
            let post = try #require(try await ForumPostModel.query(on: world.app.db).first())
            let path = "/children/\(child)/forum/posts/\(post.id!)/acknowledge"
            let blank = try await browser.post(path, form: ["note": " "])
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.body.string.contains(##"href="#ack-\##(post.id!)-note""##))
            let done = try await browser.post(path, form: ["note": "Breakfast club place arranged."])
            #expect(done.status == .seeOther)
            let after = try await browser.get("/children/\(child)/forum?notice=acknowledged").body.string
            #expect(after.contains("Acknowledged by") && after.contains("Breakfast club place arranged."))
            #expect(!after.contains("Acknowledge the concern</button>"))
            let started = try await browser.post(
                "/children/\(child)/forum/threads",
                form: ["title": "", "kind": "observation", "body": "Typed, and kept", "raiseAttention": "yes"])
            #expect(started.status == .unprocessableEntity)
            #expect(started.body.string.contains("Typed, and kept"))
            #expect(started.body.string.contains("Only a concern can be raised for attention."))
        }
    }
}
