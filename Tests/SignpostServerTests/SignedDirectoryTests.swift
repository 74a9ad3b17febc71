import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// A node that pins the key custodian's key trusts a peer only as the custodian endorsed it: a captured hub
/// that swaps in its own key for a node (to sign requests as that node) or reroutes it is refused, named in
/// the node's audit log, and its forged requests answered 401. A hub that pins the key enrols nothing else.
@Suite("National signposting: the signed directory")
struct SignedDirectoryTests {
    @Test func aNodeThatPinsTheCustodianRefusesAnEntryTheHubChanged() async throws {
        let nodeKey = try NodeSigningKey.generate(node: "E06000001")
        try await withSignpostApp(adjust: {
            $0.directoryCustodian = HubWorld.custodian.publicKey
            // Serving /federation/v1 needs the node's part in national signposting.
            $0.federation = FederationSettings(hubURL: "http://127.0.0.1:9", nodeKey: nodeKey, secret: HubWorld.secret)
        }) { node in
            try await withHubApp { hub in
                try await hub.app.server.start(address: .hostname("127.0.0.1", port: 0))
                do {
                    try await refuseTheSwappedKey(node: node, nodeKey: nodeKey, hub: hub)
                } catch {
                    await hub.app.server.shutdown()
                    throw error
                }
                await hub.app.server.shutdown()
            }
        }
    }

    private func refuseTheSwappedKey(node: TestWorld, nodeKey: NodeSigningKey, hub: HubWorld) async throws {
        try await HubWorld.enrol(
            hub.app, nodeKey, contactRoute: "Testshire 01632 960001", baseURL: "https://testshire.signpost.test")
        // The captured hub keeps Leeds's endorsement but lists its own key for Leeds.
        let impostor = try NodeSigningKey.generate(node: hub.leeds.node)
        let genuine = try #require(
            try await SignedNodeRequests.node(hub.leeds.node, in: HubTables.nodes, on: ModelRows.sql(hub.app.db)))
        try await SignpostHubApp.enrolNode(
            hub.app, node: genuine.node, publicKey: impostor.publicKey.encoded, contactRoute: genuine.contactRoute,
            baseURL: genuine.baseURL, endorsement: genuine.endorsement)

        let synced = try await SignpostOperations(app: node.app).federationSync(
            hubURL: hub.baseURL, key: nodeKey, secret: HubWorld.secret)
        #expect(synced.peers == 1)
        #expect(synced.unendorsed == 1)
        let peers = try await SignedNodeRequests.nodes(
            in: SignedNodeRequests.peersTable, on: ModelRows.sql(node.app.db))
        #expect(peers.map(\.node) == [hub.york.node])
        #expect(peers.first.map { HubWorld.custodian.publicKey.endorses($0, on: "2026-12-01") } == true)
        let refreshed = try await AuditEventModel.query(on: node.auditLog)
            .filter(\.$action == "federation.peers-refreshed").all()
        #expect(refreshed.map(\.outcome) == [AuditOutcome.refused.rawValue])
        #expect(refreshed.first?.details.contains(hub.leeds.node) == true)

        // A request the impostor signs as Leeds is refused like any node's not in the directory, and audited.
        let forged = try await Self.involvementRequest(to: node, as: impostor, nodeKey: nodeKey)
        #expect(forged.status == .unauthorized)
        let refusals = try await AuditEventModel.query(on: node.auditLog)
            .filter(\.$action == "federation.request-refused").all()
        #expect(refusals.map(\.subjectID) == [hub.leeds.node])

        // A row kept from before the key was pinned (no endorsement) is refused at once, not at the next sync.
        let stale = try NodeSigningKey.generate(node: "E08000036")
        try await SignedNodeRequests.put(
            HubNode(
                node: stale.node, publicKey: stale.publicKey.encoded, contactRoute: "x",
                baseURL: "https://x.test"), key: stale.publicKey, in: SignedNodeRequests.peersTable,
            at: node.clock.now, on: ModelRows.sql(node.app.db))
        #expect(try await Self.involvementRequest(to: node, as: stale, nodeKey: nodeKey).status == .unauthorized)
        let why = try await AuditEventModel.query(on: node.auditLog)
            .filter(\.$action == "federation.request-refused").filter(\.$subjectID == stale.node).all()
        #expect(why.count == 1 && why[0].details.contains("not endorsed"))
        // York, endorsed and kept, is let through (and answered 404: it asks for no child of this node).
        #expect(try await Self.involvementRequest(to: node, as: hub.york, nodeKey: nodeKey).status == .notFound)

        // The hub hands back an endorsement of York older than the one the node holds: York is refused.
        let york = try #require(
            try await SignedNodeRequests.node(hub.york.node, in: HubTables.nodes, on: ModelRows.sql(hub.app.db)))
        try await SignpostHubApp.enrolNode(
            hub.app, node: york.node, publicKey: york.publicKey, contactRoute: york.contactRoute, baseURL: york.baseURL,
            endorsement: try HubWorld.custodian.endorse(
                york, issuedAt: HubWorld.endorsedAt.addingTimeInterval(-86_400), validDays: 400))
        let rolledBack = try await SignpostOperations(app: node.app).federationSync(
            hubURL: hub.baseURL, key: nodeKey, secret: HubWorld.secret)
        #expect(rolledBack.peers == 0 && rolledBack.unendorsed == 2)
    }

    /// A captured hub lists Leeds twice, the genuine entry and its own key under the same endorsement: the
    /// node refuses both, rather than let the second overwrite the first.
    @Test func aNameListedTwiceIsRefusedInBothEntries() async throws {
        try await withSignpostApp(adjust: { $0.directoryCustodian = HubWorld.custodian.publicKey }) { node in
            try await withHubApp { hub in
                let sql = try ModelRows.sql(hub.app.db)
                let genuine = try #require(
                    try await SignedNodeRequests.node(hub.leeds.node, in: HubTables.nodes, on: sql))
                var swapped = genuine
                swapped.publicKey = try NodeSigningKey.generate(node: genuine.node).publicKey.encoded
                let directory = try await SignedNodeRequests.nodes(in: HubTables.nodes, on: sql) + [swapped]
                let refreshed = try await FederationPeerService(context: node.context).replace(directory)
                #expect(refreshed == .init(peers: 1, unendorsed: 1))
                let peers = try await SignedNodeRequests.nodes(
                    in: SignedNodeRequests.peersTable, on: ModelRows.sql(node.app.db))
                #expect(peers.map(\.node) == [hub.york.node])
            }
        }
    }

    static func involvementRequest(to node: TestWorld, as key: NodeSigningKey, nodeKey: NodeSigningKey)
        async throws -> TestingHTTPResponse
    {
        let body = #"{"handle":"\#(UUID())","purpose":"new-referral","requestReference":"r2"}"#
        var headers = HTTPHeaders()
        headers.contentType = .json
        for (name, value) in try key.headers(
            method: "POST", path: "/federation/v1/involvements", body: Data(body.utf8), to: nodeKey.node,
            now: node.clock.now)
        {
            headers.add(name: name, value: value)
        }
        return try await TestBrowser(node.app).send(.POST, "/federation/v1/involvements", headers: headers, body: body)
    }

    @Test func aHubThatPinsTheCustodianEnrolsOnlyEndorsedEntries() async throws {
        try await withHubApp(adjust: { $0.directoryCustodian = HubWorld.custodian.publicKey }) { hub in
            let key = try NodeSigningKey.generate(node: "E06000001")
            let entry = HubNode(
                node: key.node, publicKey: key.publicKey.encoded, contactRoute: "Testshire 01632 960001",
                baseURL: "https://testshire.signpost.test")
            let other = try CustodianSigningKey.generate().endorse(entry, issuedAt: HubWorld.endorsedAt, validDays: 400)
            var rerouted = entry
            rerouted.baseURL = "https://elsewhere.test"
            for endorsement in [
                nil, "not an endorsement", other,
                try HubWorld.custodian.endorse(rerouted, issuedAt: HubWorld.endorsedAt, validDays: 400),
            ] {
                await #expect(throws: SignpostOperations.OperationError.self) {
                    try await SignpostHubApp.enrolNode(
                        hub.app, node: entry.node, publicKey: entry.publicKey, contactRoute: entry.contactRoute,
                        baseURL: entry.baseURL, endorsement: endorsement)
                }
            }
            #expect(
                try await SignedNodeRequests.node(key.node, in: HubTables.nodes, on: ModelRows.sql(hub.app.db)) == nil)
            let refused = try await hub.auditTrail().filter { $0.action == "hub.node-added" && $0.outcome == "refused" }
            #expect(refused.count == 4 && refused.allSatisfy { $0.subjectId == key.node })
            try await HubWorld.enrol(
                hub.app, key, contactRoute: entry.contactRoute, baseURL: entry.baseURL)
            let enrolled = try await SignedNodeRequests.node(
                key.node, in: HubTables.nodes, on: ModelRows.sql(hub.app.db))
            #expect(enrolled.map { HubWorld.custodian.publicKey.endorses($0, on: "2026-12-01") } == true)
        }
    }
}
