import Foundation
import SignpostCore
import SnapshotTesting
import Testing
import VaporTesting

@testable import SignpostServer

/// The HTML each role sees, pinned: the child page at every visibility level, the episode page and
/// the dashboard. A change to what a role is shown (a template, a page model, a disclosure) shows up
/// here as a diff to review, not as a silent widening. Identifiers, tokens and the clock-driven
/// times are replaced by placeholders, so the pages compare equal on SQLite and PostgreSQL.
///
/// To re-record after an intended change: delete the files under `__Snapshots__/PageSnapshotTests`
/// and run the suite once (the first run writes them and fails), then review the diff.
@Suite("HTML snapshots: what each role sees")
struct PageSnapshotTests {
    @Test func theChildPageAtEachVisibilityLevel() async throws {
        try await withSignpostApp { world in
            let scene = try await SnapshotScene(world)
            try await scene.signIn()
            for (name, viewer) in [
                ("record-creator", scene.creator), ("record-data-manager", scene.dataManager),
                ("signpost-searcher", scene.searcher), ("shielded-searcher", scene.searcherOfShielded),
            ] {
                let page = try await viewer.browser.get(scene.childPath(for: viewer))
                #expect(page.status == .ok, "\(name)")
                assertSnapshot(of: normalised(page.body.string), as: .lines, named: name)
            }
            let hidden = try await scene.outsider.browser.get("/children/\(scene.ameliaID.uuidString)")
            #expect(hidden.status == .notFound)
            assertSnapshot(of: normalised(hidden.body.string), as: .lines, named: "nothing-outsider")
        }
    }

    @Test func theEpisodePage() async throws {
        try await withSignpostApp { world in
            let scene = try await SnapshotScene(world)
            try await scene.signIn()
            let episode = try await scene.startAssessment()
            let page = try await scene.creator.browser.get("/assessments/\(episode.uuidString)")
            #expect(page.status == .ok)
            assertSnapshot(of: normalised(page.body.string), as: .lines, named: "assessor")
        }
    }

    @Test func theDashboard() async throws {
        try await withSignpostApp { world in
            let scene = try await SnapshotScene(world)
            try await scene.signIn()
            for (name, viewer) in [("practitioner", scene.creator), ("data-manager", scene.dataManager)] {
                let page = try await viewer.browser.get("/")
                #expect(page.status == .ok)
                assertSnapshot(of: normalised(page.body.string), as: .lines, named: name)
            }
        }
    }

    /// The normaliser itself: a test that cannot fail is a defect.
    @Test func theNormaliserReplacesOnlyWhatVaries() {
        let html =
            #"<a href="/children/9E0C7D8A-4F7B-4C55-9F1E-3D2B1A0C9E8F">x</a>"#
            + #"<input name="csrfToken" value="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ">"# + "<p>Amelia</p>"
        #expect(
            normalised(html)
                == #"<a href="/children/<uuid>">x</a><input name="csrfToken" value="<csrf>"><p>Amelia</p>"#)
    }
}

/// Replaces what differs between runs: record identifiers and the CSRF token.
func normalised(_ html: String) -> String {
    html
        .replacingOccurrences(
            of: #"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, with: "<uuid>",
            options: .regularExpression
        )
        .replacingOccurrences(
            of: #"name="csrfToken" value="[^"]*""#, with: #"name="csrfToken" value="<csrf>""#,
            options: .regularExpression)
}

/// One child, Amelia, and the people who see her differently: her creator and lead (the record), the
/// authority's data manager (the record and its governance), a school searcher (the signpost),
/// a searcher of a shielded child (the brokering route), and a service elsewhere (nothing).
struct SnapshotScene {
    struct Viewer {
        var account: TestAccount
        var browser: TestBrowser
    }

    let world: TestWorld
    let creator: Viewer
    let dataManager: Viewer
    let searcher: Viewer
    let searcherOfShielded: Viewer
    let outsider: Viewer
    let ameliaID: UUID
    let mayaID: UUID

    init(_ world: TestWorld) async throws {
        self.world = world
        func viewer(_ email: String, _ name: String, _ organisation: String, _ roles: [SystemRole] = [.practitioner])
            async throws -> Viewer
        {
            let account = try await world.account(email, roles: roles, organisation: organisation, name: name)
            return Viewer(account: account, browser: TestBrowser(world.app))
        }
        creator = try await viewer("casey@test.example", "Casey Creator", "TST-CSC")
        dataManager = try await viewer("dana@test.example", "Dana Manager", "TST-CSC", [.dataManager])
        searcher = try await viewer("sam@test.example", "Sam Searcher", "TST-SCH")
        searcherOfShielded = try await viewer("sol@test.example", "Sol Searcher", "TST-SCH")
        outsider = try await viewer("olly@test.example", "Olly Outsider", "OTH-CAMHS")
        let api = try await APIClient.signIn(world, creator.account)
        ameliaID = try await api.createChild(amelia)
        mayaID = try await api.createChild(
            #""givenName":"Maya","familyName":"Clarke","dateOfBirth":"2019-03-14","gender":"female","#
                + #""postcode":"LS9 7AA","tier":2,"involvement":{"role":"Social worker"}"#)
        world.clock.advance(seconds: 30)
        let manager = try await APIClient.signIn(world, dataManager.account)
        let review = CalendarDate(world.clock.now).adding(days: 90).iso
        let shielded = try await manager.send(
            .POST, "/api/v1/children/\(mayaID.uuidString)/shield",
            json: #"{"grounds":"Fleeing domestic abuse","reviewOn":"\#(review)"}"#)
        #expect(shielded.status == .created)
        // The searchers find their child: a search grant is their route to it.
        world.clock.advance(seconds: 30)
        let school = try await APIClient.signIn(world, searcher.account)
        #expect(try await school.search(#""nhsNumber":"9990000018""#).status == .ok)
        world.clock.advance(seconds: 30)
        let other = try await APIClient.signIn(world, searcherOfShielded.account)
        #expect(
            try await other.search(#""givenName":"Maya","familyName":"Clarke","dateOfBirth":"2019-03-14""#).status
                == .ok)
    }

    func childPath(for viewer: Viewer) -> String {
        "/children/\((viewer.account.email == searcherOfShielded.account.email ? mayaID : ameliaID).uuidString)"
    }

    /// Signs every viewer in through the sign-in page, half a minute apart (each code is used once).
    func signIn() async throws {
        for viewer in [creator, dataManager, searcher, searcherOfShielded, outsider] {
            world.clock.advance(seconds: 30)
            let response = try await viewer.browser.signIn(
                viewer.account, code: viewer.account.code(at: world.clock.now))
            try #require(response.status == .seeOther)
        }
    }

    /// A full assessment of Amelia by her creator, waiting for the consent statement.
    func startAssessment() async throws -> UUID {
        world.clock.advance(seconds: 30)
        let api = try await APIClient.signIn(world, creator.account)
        let response = try await api.send(
            .POST, "/api/v1/children/\(ameliaID.uuidString)/assessments",
            json: #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":false,"#
                + #""needsUnclearOrBroad":true}"#)
        #expect(response.status == .created, "\(response.body.string)")
        return try api.decode(EpisodeView.self, response).id
    }
}
