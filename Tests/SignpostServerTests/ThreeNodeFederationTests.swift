import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Three Signpost nodes (three authorities) and one hub, all serving on 127.0.0.1: a practitioner in C finds
/// a child known to A through the hub and gets A's involvements through A's own policy; a shielded child in
/// B yields only B's brokering route; a child whose consent A withdraws is not found. Every step is in each
/// party's audit log.
@Suite("National signposting: three nodes and a hub on loopback")
struct ThreeNodeFederationTests {
    struct Node {
        let world: TestWorld
        let key: NodeSigningKey
        let baseURL: String
    }

    /// A node app for `authority`, part of national signposting through `hubURL`, serving on a free port.
    func withNode(
        _ authority: String, hubURL: String, seed: @escaping (TestWorld) async throws -> Void = { _ in },
        _ body: (Node) async throws -> Void
    ) async throws {
        let key = try NodeSigningKey.generate(node: authority)
        try await withSignpostApp(adjust: {
            $0.federation = FederationSettings(hubURL: hubURL, nodeKey: key, secret: HubWorld.secret)
        }) { world in
            try await seed(world)
            try await world.app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(world.app.http.server.shared.localAddress?.port)
                try await body(Node(world: world, key: key, baseURL: "http://127.0.0.1:\(port)"))
            } catch {
                await world.app.server.shutdown()
                throw error
            }
            await world.app.server.shutdown()
        }
    }

    static let oliverOnConsent =
        #""givenName":"Oliver","familyName":"Reed","dateOfBirth":"2014-02-11","gender":"male","postcode":"LS7 3QP","addressLine":"12 Ash Road","tier":2,"indexBasis":"consent","involvement":{"role":"Family support worker","contactPhone":"01632 960123","leadProfessional":true}"#
    static let priya =
        #""givenName":"Priya","familyName":"Shah","dateOfBirth":"2012-05-03","gender":"female","postcode":"BD7 1AA","addressLine":"4 Mill Lane","tier":1,"involvement":{"role":"Social worker","contactPhone":"01632 960444","leadProfessional":true}"#

    static func lookup(_ given: String, _ family: String, _ dob: String, gender: String) -> String {
        #"{"reason":"new-referral","gender":"\#(gender)","criteria":{"givenName":"\#(given)","familyName":"\#(family)","dateOfBirth":"\#(dob)"}}"#
    }

    static func seedThirdham(_ world: TestWorld) async throws {
        _ = try await ReferenceDataService(context: world.context).addAuthority(
            onsCode: "E06000003", name: "Thirdham Council", officeHoursPhone: "01632 960005",
            emergencyDutyPhone: "01632 960006")
    }

    static func seedOtherton(_ world: TestWorld) async throws {
        _ = try await ReferenceDataService(context: world.context).addOrganisation(
            code: "OTH-CSC", name: "Otherton Children's Services", kind: "childrens-social-care",
            authorityCode: "E06000002", sensitive: false)
    }

    @Test func aChildIsFoundAcrossAuthoritiesThroughTheHubAndEachPolicy() async throws {
        try await withHubApp { hub in
            try await hub.app.server.start(address: .hostname("127.0.0.1", port: 0))
            let hubURL = hub.baseURL
            do {
                try await withNode("E06000001", hubURL: hubURL) { a in
                    try await withNode("E06000002", hubURL: hubURL, seed: Self.seedOtherton) { b in
                        try await withNode("E06000003", hubURL: hubURL, seed: Self.seedThirdham) { c in
                            try await exercise(hub: hub, a: a, b: b, c: c)
                        }
                    }
                }
            } catch {
                await hub.app.server.shutdown()
                throw error
            }
            await hub.app.server.shutdown()
        }
    }

    struct Found: Decodable {
        struct Answer: Decodable {
            struct Involvement: Decodable {
                var organisation: String
                var role: String
                var contactPhone: String?
            }
            var kind: String
            var authority: String
            var brokeringRoute: String
            var involvements: [Involvement]
        }
        var authority: String
        var band: String
        var answer: Answer?
    }

    func lookUp(_ client: APIClient, _ body: String) async throws -> [Found] {
        let response = try await client.send(.POST, "/api/v1/national-lookups", json: body)
        try #require(response.status == .ok, "\(response.body.string)")
        struct Response: Decodable { var found: [Found] }
        return try JSONDecoder().decode(Response.self, from: Data(response.body.string.utf8)).found
    }

    private func exercise(hub: HubWorld, a: Node, b: Node, c: Node) async throws {
        for node in [a, b, c] {
            try await SignpostHubApp.enrolNode(
                hub.app, node: node.key.node, publicKey: node.key.publicKey.encoded,
                contactRoute: "\(node.key.node) front door", baseURL: node.baseURL)
        }
        // A: Amelia (tier 2 on public task) and Oliver on consent, with consent recorded.
        let aWorker = try await APIClient.signIn(a.world, try await a.world.account())
        _ = try await aWorker.createChild(amelia)
        let oliver = try await aWorker.createChild(Self.oliverOnConsent)
        let consentResponse = try await aWorker.send(
            .POST, "/api/v1/children/\(oliver)/consents",
            json: #"{"givenBy":"parent","giverName":"Karen Reed","purposes":["index"],"method":"written"}"#)
        try #require(consentResponse.status == .created, "\(consentResponse.body.string)")
        let consent = try aWorker.decode(GovernanceView.Consent.self, consentResponse)
        // B: Priya, shielded by B's data manager.
        let bWorker = try await APIClient.signIn(b.world, try await b.world.account(organisation: "OTH-CSC"))
        let priya = try await bWorker.createChild(Self.priya)
        let bManager = try await APIClient.signIn(
            b.world, try await b.world.account(roles: [.dataManager], organisation: "OTH-CSC"))
        let review = CalendarDate(b.world.clock.now).adding(days: 90).iso
        let shielded = try await bManager.send(
            .POST, "/api/v1/children/\(priya)/shield",
            json: #"{"grounds":"Fleeing domestic abuse: the father must not find her","reviewOn":"\#(review)"}"#)
        try #require(shielded.status == .created, "\(shielded.body.string)")
        // C lists nothing (its authority has no children) but takes the hub's directory of the others.
        for (node, listed) in [(a, 2), (b, 1), (c, 0)] {
            let synced = try await SignpostOperations(app: node.world.app).federationSync(
                hubURL: hub.baseURL, key: node.key, secret: HubWorld.secret)
            #expect(synced.enrolled == listed)
        }
        try await findAndCheck(hub: hub, a: a, b: b, c: c, withdraw: { try await aWorker.withdraw(consent.id) })
    }

    private func findAndCheck(
        hub: HubWorld, a: Node, b: Node, c: Node, withdraw: () async throws -> Void
    ) async throws {
        let cWorker = try await APIClient.signIn(c.world, try await c.world.account())
        // Amelia, typed a little differently in C, is found in A with A's involvement.
        let ameliaFound = try await lookUp(
            cWorker, Self.lookup("Amelia", "Smith Jones", "2016-07-09", gender: "female"))
        #expect(ameliaFound.map(\.authority) == ["E06000001"])
        #expect(ameliaFound.first?.answer?.kind == "involvements")
        #expect(ameliaFound.first?.answer?.involvements.map(\.organisation) == ["Testshire Children's Social Care"])
        #expect(ameliaFound.first?.answer?.involvements.first?.contactPhone == "01632 960777")
        // Priya is shielded in B: only B's brokering route, never who is involved.
        let priyaFound = try await lookUp(cWorker, Self.lookup("Priya", "Shah", "2012-05-03", gender: "female"))
        #expect(priyaFound.map(\.authority) == ["E06000002"])
        #expect(priyaFound.first?.answer?.kind == "brokering-route")
        #expect(priyaFound.first?.answer?.brokeringRoute == "01632 960003")
        #expect(priyaFound.first?.answer?.involvements.isEmpty == true)
        // Oliver's consent is withdrawn in A: A's policy refuses at once, and the next sync takes him off.
        let oliverLookup = Self.lookup("Oliver", "Reed", "2014-02-11", gender: "male")
        #expect(try await lookUp(cWorker, oliverLookup).first?.answer?.kind == "involvements")
        try await withdraw()
        let stale = try await lookUp(cWorker, oliverLookup)
        #expect(stale.allSatisfy { $0.answer == nil }, "A answered for a child whose consent was withdrawn")
        _ = try await SignpostOperations(app: a.world.app).federationSync(
            hubURL: hub.baseURL, key: a.key, secret: HubWorld.secret)
        #expect(try await lookUp(cWorker, oliverLookup).isEmpty)
        try await checkAudit(hub: hub, a: a, b: b, c: c)
    }

    private func checkAudit(hub: HubWorld, a: Node, b: Node, c: Node) async throws {
        func actions(_ node: Node) async throws -> [AuditEventModel] {
            try await AuditEventModel.query(on: node.world.auditLog).filter(
                \.$action ~~ [
                    "federation.looked-up", "federation.involvements-answered", "federation.listed",
                    "federation.request-refused",
                ]
            ).all()
        }
        let inC = try await actions(c)
        #expect(inC.filter { $0.action == "federation.looked-up" && $0.outcome == "success" }.count == 5)
        let inA = try await actions(a)
        let answered = inA.filter { $0.action == "federation.involvements-answered" }
        #expect(answered.filter { $0.outcome == "success" }.count == 2)
        #expect(answered.filter { $0.outcome == "refused" }.count == 1)
        #expect(answered.allSatisfy { $0.actorID == c.key.node && $0.reason == "new-referral" })
        let inB = try await actions(b)
        #expect(inB.filter { $0.action == "federation.involvements-answered" }.map(\.outcome) == ["success"])
        #expect(
            try await hub.auditTrail().filter { $0.action == "hub.queried" && $0.subjectId == c.key.node }.count == 5)
        // An unsigned involvement request to A is refused and audited in A's log.
        let unsigned = try await TestBrowser(a.world.app).send(
            .POST, "/federation/v1/involvements", headers: ["Content-Type": "application/json"],
            body: #"{"handle":"x","purpose":"new-referral","requestReference":"r"}"#)
        #expect(unsigned.status == .unauthorized)
        #expect(try await actions(a).contains { $0.action == "federation.request-refused" })
        // A signed request with a bad purpose, or for a handle A does not have, is refused and audited under
        // C's name in A's log.
        // A's real handle read under another epoch, or any 32 hex digits, is no child: 404, audited alike.
        struct Handle: Decodable { var handle: String }
        let real = try #require(
            try await ModelRows.sql(hub.app.db).select().column("handle").from(HubTables.encodings)
                .where("node", .equal, SQLBind(a.key.node)).first(decoding: Handle.self)?.handle)
        let randomHex = Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        for (body, status) in [
            (#"{"handle":"x","purpose":"curiosity","requestReference":"r1"}"#, HTTPStatus.unprocessableEntity),
            (#"{"handle":"\#(UUID())","purpose":"new-referral","requestReference":"r2"}"#, .notFound),
            (#"{"handle":"\#(randomHex)","purpose":"new-referral","requestReference":"r3"}"#, .notFound),
            (
                #"{"handle":"\#(real)","purpose":"new-referral","requestReference":"r4","epoch":"2026-other"}"#,
                .notFound
            ),
            (
                #"{"handle":"\#(real)","purpose":"new-referral","requestReference":"r5","epoch":"not an epoch"}"#,
                .unprocessableEntity
            ),
        ] {
            var headers = HTTPHeaders()
            headers.contentType = .json
            for (name, value) in try c.key.headers(
                method: "POST", path: "/federation/v1/involvements", body: Data(body.utf8), to: a.key.node,
                now: a.world.clock.now)
            {
                headers.add(name: name, value: value)
            }
            let response = try await TestBrowser(a.world.app).send(
                .POST, "/federation/v1/involvements", headers: headers, body: body)
            #expect(response.status == status, "\(response.body.string)")
        }
        let refusedForC = try await actions(a).filter {
            $0.action == "federation.involvements-answered" && $0.outcome == "refused" && $0.actorID == c.key.node
        }
        #expect(refusedForC.count == 6)
        // A handle that is no child of A's names none in A's log, though it reads back as some id.
        let unknown = refusedForC.filter { event in
            ["\"r2\"", "\"r3\"", "\"r4\""].contains { event.details.contains($0) }
        }
        #expect(unknown.count == 3 && unknown.allSatisfy { $0.subjectID == nil })
    }
}

extension HubWorld {
    /// Where the hub serves, once its server is started on a free port.
    var baseURL: String { "http://127.0.0.1:\(app.http.server.shared.localAddress?.port ?? 0)" }
}

extension APIClient {
    func withdraw(_ consent: UUID) async throws {
        let withdrawn = try await send(.POST, "/api/v1/consents/\(consent)/withdraw", json: "{}")
        try #require(withdrawn.status == .ok, "\(withdrawn.body.string)")
    }
}
