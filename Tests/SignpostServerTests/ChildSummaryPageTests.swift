import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The printable one-page summary of a child (`GET /children/:childID/summary`): what the child page
/// shows the viewer, decided by the same disclosure, with no forms, and audited as its own read.
@Suite("The printable child summary: the child page's disclosure, on one page, audited")
struct ChildSummaryPageTests {
    @Test func aTeamMemberGetsTheChildTheServicesInvolvedAndTheOpenEpisodeWithItsReview() async throws {
        try await withSignpostApp { world in
            let creator = try await world.account(name: "Casey Creator")
            let api = try await apiSession(world, creator)
            let id = try await api.createChild(amelia)
            try await recordSchoolInvolvement(world, id)
            let episode = try await startFullAssessment(api, id)
            let due = CalendarDate(world.clock.now).adding(days: -1)
            let stored = try #require(try await EpisodeModel.find(episode, on: world.app.db))
            stored.nextReviewOn = due.iso
            try await stored.update(on: world.app.db)

            let team = try await browser(world, creator)
            let childPage = try await team.get("/children/\(id)")
            #expect(childPage.status == .ok)
            #expect(
                section(childPage.body.string, from: #"id="print-summary""#, to: "</p>").contains(
                    #"href="/children/\#(id.uuidString)/summary">Print a one-page summary</a>"#))

            let summary = try await team.get("/children/\(id)/summary")
            #expect(summary.status == .ok)
            let body = summary.body.string
            #expect(body.contains("<title>Summary: Amelia Smith-Jones"))
            #expect(body.contains(#"<h1 class="govuk-heading-l">Amelia Smith-Jones</h1>"#))
            let services = section(body, from: #"id="services""#, to: "</dl>")
            for shown in [
                "Testshire Children&#39;s Social Care", "Casey Creator, Key worker", "01632 960777",
                "Testshire School", "Class teacher", "01632 960888",
            ] {
                #expect(services.contains(shown), "the services list lacks \(shown)")
            }
            let identity = section(body, from: #"id="identity""#, to: "</dl>")
            #expect(identity.contains("9 July 2016"))
            #expect(identity.contains("9990000018"))
            #expect(identity.contains("Lead professional"))
            let earlyHelp = section(body, from: #"id="early-help""#, to: "</dl>")
            #expect(earlyHelp.contains("A full early-help assessment"))
            #expect(earlyHelp.contains("Next review:"))
            #expect(earlyHelp.contains(DisplayTime.day(due.iso)))
            #expect(earlyHelp.contains("Review overdue"))
            #expect(section(body, from: #"id="consent""#, to: "</dl>").contains("Basis for the index"))
            #expect(body.contains("Produced on \(DisplayTime.minute(world.clock.now))."))
            #expect(body.contains("Printed by Casey Creator, Testshire Children&#39;s Social Care."))
            #expect(section(body, from: #"id="confidential""#, to: "</div>").contains("shred it"))
            #expect(section(body, from: #"id="print-hint""#, to: "</div>").contains("Print this page"))
            // A page for paper: no forms, buttons or inputs in the content (the layout has its own).
            let main = section(body, from: "<main", to: "</main>")
            #expect(!main.isEmpty)
            for control in ["<form", "<button", "<input", "<textarea", "<script"] {
                #expect(!main.contains(control), "the summary has a \(control)")
            }
        }
    }

    @Test func onlyTheTeamPrintsAndARefusalShowsNoCaseContent() async throws {
        try await withSignpostApp { world in
            let api = try await apiSession(world, try await world.account(name: "Casey Creator"))
            let id = try await api.createChild(amelia)
            _ = try await startFullAssessment(api, id)

            // No route to the child: refused exactly as the child page refuses, naming nothing.
            let outsider = try await browser(world, try await world.account(organisation: "TST-SCH"))
            let refusedPage = try await outsider.get("/children/\(id)")
            let refusedSummary = try await outsider.get("/children/\(id)/summary")
            #expect(refusedPage.status == .notFound)
            #expect(refusedSummary.status == refusedPage.status)
            #expect(!refusedSummary.body.string.contains("Smith-Jones"))
            #expect(
                section(refusedSummary.body.string, from: "<main", to: "</main>")
                    == section(refusedPage.body.string, from: "<main", to: "</main>"))

            // A reasoned search: the signpost, as on the child page, and none of the record.
            let searcherAccount = try await world.account(organisation: "TST-SCH")
            #expect(try await apiSession(world, searcherAccount).search(#""nhsNumber":"9990000018""#).status == .ok)
            let searcher = try await browser(world, searcherAccount)
            let page = try await searcher.get("/children/\(id)")
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Print a one-page summary"))
            // Printing is for the team (`Policy.decide(.printSummary)`): a glimpse never becomes paper.
            let summary = try await searcher.get("/children/\(id)/summary")
            #expect(summary.status == .forbidden)
            let body = summary.body.string
            #expect(body.contains("Only members of the child&#39;s team can print its summary."))
            for hidden in [
                "9990000018", "3 Elm Grove", "LS6 2AB", "Dawn Smith", "NHS number", "Index record",
                "A full early-help assessment", "Next review", "Consent and lawful basis", "Basis for the index",
                "Casey Creator",
            ] {
                #expect(!body.contains(hidden), "the refused summary shows \(hidden)")
                #expect(
                    !page.body.string.contains(hidden) || hidden == "Casey Creator", "the child page shows \(hidden)")
            }
        }
    }

    @Test func aShieldedChildsSummaryIsRefusedToASearcher() async throws {
        try await withSignpostApp { world in
            let api = try await apiSession(world, try await world.account())
            let id = try await api.createChild(amelia)
            let manager = try await apiSession(world, try await world.account(roles: [.dataManager]))
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            let shielded = try await manager.send(
                .POST, "/api/v1/children/\(id)/shield",
                json: #"{"grounds":"Fleeing domestic abuse","reviewOn":"\#(review)"}"#)
            try #require(shielded.status == .created, "\(shielded.body.string)")
            let searcherAccount = try await world.account(organisation: "TST-SCH")
            let search = try await apiSession(world, searcherAccount).search(
                #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#)
            #expect(search.status == .ok)

            let summary = try await browser(world, searcherAccount).get("/children/\(id)/summary")
            #expect(summary.status == .forbidden)
            let body = summary.body.string
            for hidden in [
                "3 Elm Grove", "LS6 2AB", "9990000018", "Key worker", "01632 960777", "Lead professional",
                "Who is working with this child", "Fleeing domestic abuse", "Responsible authority",
            ] {
                #expect(!body.contains(hidden), "the refused summary shows \(hidden)")
            }
        }
    }

    @Test func theSummaryIsAuditedAsItsOwnReadAndSoIsItsRefusal() async throws {
        try await withSignpostApp { world in
            let creator = try await world.account()
            let id = try await apiSession(world, creator).createChild(amelia)
            let team = try await browser(world, creator)
            let viewsBefore = try await auditEvents(world, "child.viewed", subject: id).count

            #expect(try await team.get("/children/\(id)/summary").status == .ok)
            let events = try await auditEvents(world, "child.summary-viewed", subject: id)
            #expect(events.count == 1)
            #expect(events.first?.outcome == "success")
            #expect(events.first?.actorID == creator.id.uuidString)
            #expect(events.first?.details.contains(#""visibility":"record""#) == true)
            // Its own action: the summary is not logged as a view of the child page.
            #expect(try await auditEvents(world, "child.viewed", subject: id).count == viewsBefore)

            let outsiderAccount = try await world.account(organisation: "TST-SCH")
            #expect(try await browser(world, outsiderAccount).get("/children/\(id)/summary").status == .notFound)
            let refused = try await auditEvents(world, "child.summary-viewed", subject: id).filter {
                $0.actorID == outsiderAccount.id.uuidString
            }
            #expect(refused.map(\.outcome) == ["refused"])
            #expect(refused.first?.details.contains(#""why":"not found""#) == true)
        }
    }
}

// MARK: - Fixtures

/// A school practitioner finds the child with a reason and records their involvement, through the API.
private func recordSchoolInvolvement(_ world: TestWorld, _ id: UUID) async throws {
    let school = try await apiSession(world, try await world.account(organisation: "TST-SCH"))
    #expect(try await school.search(#""nhsNumber":"9990000018""#).status == .ok)
    let added = try await school.send(
        .POST, "/api/v1/children/\(id)/involvements", json: #"{"role":"Class teacher","contactPhone":"01632 960888"}"#)
    try #require(added.status == .created, "\(added.body.string)")
}

/// A full early-help assessment of the child, waiting for the consent statement.
private func startFullAssessment(_ api: APIClient, _ id: UUID) async throws -> UUID {
    let response = try await api.send(
        .POST, "/api/v1/children/\(id.uuidString)/assessments",
        json: #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":false,"#
            + #""needsUnclearOrBroad":true}"#)
    try #require(response.status == .created, "\(response.body.string)")
    return try api.decode(EpisodeView.self, response).id
}

private func auditEvents(_ world: TestWorld, _ action: String, subject: UUID) async throws -> [AuditEventModel] {
    try await AuditEventModel.query(on: try await world.auditLog).filter(\.$action == action)
        .filter(\.$subjectID == subject.uuidString).sort(\.$id).all()
}

/// Signs in to the API half a minute on, so the security code is never one this account has used.
private func apiSession(_ world: TestWorld, _ account: TestAccount) async throws -> APIClient {
    world.clock.advance(seconds: 30)
    return try await APIClient.signIn(world, account)
}

/// Signs in through the page half a minute on (a fresh security code); sign-in must succeed.
private func browser(_ world: TestWorld, _ account: TestAccount) async throws -> TestBrowser {
    world.clock.advance(seconds: 30)
    let browser = TestBrowser(world.app)
    let response = try await browser.signIn(account, code: account.code(at: world.clock.now))
    try #require(response.status == .seeOther, "sign-in failed: \(response.status)")
    return browser
}

/// The part of `body` from the first `start` to the next `end`, or "" when `start` is absent.
private func section(_ body: String, from start: String, to end: String) -> String {
    guard let lower = body.range(of: start) else { return "" }
    guard let upper = body.range(of: end, range: lower.upperBound..<body.endIndex) else {
        return String(body[lower.lowerBound...])
    }
    return String(body[lower.lowerBound..<upper.upperBound])
}
