import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// "Ask other authorities", the national look-up as a page: two nodes and the hub on loopback, as in
/// `ThreeNodeFederationTests`. The page shows what the holding node's policy let it tell, keeps what was
/// typed when it refuses, and exists only on a node that takes part.
@Suite("National look-up page")
struct NationalLookupPageTests {
    let nodes = ThreeNodeFederationTests()

    static func form(reason: String = "new-referral", given: String, family: String, dob: String, gender: String)
        -> [String: String]
    {
        ["reason": reason, "givenName": given, "familyName": family, "dateOfBirth": dob, "gender": gender]
    }

    @Test func aPractitionerFindsAChildKnownElsewhereAndWhomToContact() async throws {
        try await withHubApp { hub in
            try await hub.app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                try await nodes.withNode("E06000001", hubURL: hub.baseURL) { a in
                    try await nodes.withNode(
                        "E06000003", hubURL: hub.baseURL, seed: ThreeNodeFederationTests.seedThirdham
                    ) {
                        c in try await exercise(hub: hub, a: a, c: c)
                    }
                }
            } catch {
                await hub.app.server.shutdown()
                throw error
            }
            await hub.app.server.shutdown()
        }
    }

    private func exercise(hub: HubWorld, a: ThreeNodeFederationTests.Node, c: ThreeNodeFederationTests.Node)
        async throws
    {
        for node in [a, c] {
            try await SignpostHubApp.enrolNode(
                hub.app, node: node.key.node, publicKey: node.key.publicKey.encoded,
                contactRoute: "\(node.key.node) front door", baseURL: node.baseURL)
        }
        let aWorker = try await APIClient.signIn(a.world, try await a.world.account())
        _ = try await aWorker.createChild(amelia)
        for node in [a, c] {
            _ = try await SignpostOperations(app: node.world.app).federationSync(
                hubURL: hub.baseURL, key: node.key, secret: HubWorld.secret)
        }
        let account = try await c.world.account()
        let browser = TestBrowser(c.world.app)
        try await browser.signIn(account, code: account.code(at: c.world.clock.now))
        #expect(try await browser.get("/children/search").body.string.contains(#"href="/national-lookup""#))
        let blank = try await browser.get("/national-lookup")
        #expect(blank.status == .ok)
        #expect(blank.body.string.contains("Ask other authorities"))
        #expect(!blank.body.string.contains(#"name="upn""#), "the hub's encodings hold no UPN")
        // Amelia, typed a little differently in C, is known in A: A's policy names its service and phone.
        let found = try await browser.post(
            "/national-lookup",
            form: Self.form(given: "Amelia", family: "Smith Jones", dob: "2016-07-09", gender: "female"))
        #expect(found.status == .ok)
        let page = found.body.string
        #expect(page.contains("1 authority may know this child"))
        #expect(
            page.contains("Testshire Children&#39;s Social Care") || page.contains("Testshire Children's Social Care"))
        #expect(page.contains("01632 960777"))
        #expect(page.contains("Match</strong>") || page.contains("match</strong>"))
        // Nobody like this: said plainly, not an error.
        let none = try await browser.post(
            "/national-lookup",
            form: Self.form(given: "Zebedee", family: "Quartermaine", dob: "2011-01-30", gender: "male"))
        #expect(none.status == .ok)
        #expect(none.body.string.contains("No other authority knows a child like this"))
        // No reason: the error summary, with what was typed kept, and the refusal is audited in C.
        var noReason = Self.form(given: "Amelia", family: "Smith Jones", dob: "2016-07-09", gender: "female")
        noReason["reason"] = ""
        let refused = try await browser.post("/national-lookup", form: noReason)
        #expect(refused.status == .unprocessableEntity)
        #expect(refused.body.string.contains("govuk-error-summary"))
        #expect(refused.body.string.contains(#"value="Smith Jones""#))
        let events = try await AuditEventModel.query(on: c.world.auditLog).filter(\.$action == "federation.looked-up")
            .all()
        #expect(events.map(\.outcome).sorted() == ["refused", "success", "success"])
    }

    @Test func anUnreachableHubIsShownOnTheFormWithWhatWasTyped() async throws {
        // Nothing listens on port 9 of loopback.
        try await nodes.withNode("E06000003", hubURL: "http://127.0.0.1:9", seed: ThreeNodeFederationTests.seedThirdham)
        {
            c in
            let account = try await c.world.account()
            let browser = TestBrowser(c.world.app)
            try await browser.signIn(account, code: account.code(at: c.world.clock.now))
            try await browser.get("/national-lookup")
            let response = try await browser.post(
                "/national-lookup",
                form: Self.form(given: "Amelia", family: "Smith", dob: "2016-07-09", gender: "female"))
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("The national signposting hub could not be reached"))
            #expect(response.body.string.contains(#"value="Amelia""#))
        }
    }

    @Test func aNodeOutsideNationalSignpostingHasNoSuchPage() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            #expect(try await browser.get("/national-lookup").status == .notFound)
            #expect(!(try await browser.get("/children/search").body.string.contains("/national-lookup")))
        }
    }
}
