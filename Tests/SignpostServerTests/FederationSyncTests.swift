import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// A Signpost node and a hub on loopback: the node's sync puts exactly the children the access policy lets
/// it list on the hub, another authority finds them there as pointers, and withdrawn consent takes the child
/// off the hub at the next sync.
@Suite("National signposting: a node's sync with the hub")
struct FederationSyncTests {
    static let oliverOnConsent =
        #""givenName":"Oliver","familyName":"Reed","dateOfBirth":"2014-02-11","gender":"male","postcode":"LS7 3QP","addressLine":"12 Ash Road","tier":2,"indexBasis":"consent","involvement":{"role":"Family support worker","contactPhone":"01632 960123","leadProfessional":true}"#
    static let parentConsent =
        #"{"givenBy":"parent","giverName":"Karen Reed","purposes":["index"],"method":"written"}"#

    static func oliver(_ family: String = "Reed") -> MatchRecord {
        MatchRecord(
            id: "q", givenName: "Oliver", familyName: family, dateOfBirth: CalendarDate(iso: "2014-02-11"),
            sex: .male, postcode: "LS7 3QP", addressLine: "", nhsNumber: "")
    }

    @Test func theSyncListsWhatThePolicyAllowsAndWithdrawalTakesTheChildOff() async throws {
        try await withSignpostApp { node in
            let worker = try await APIClient.signIn(node, try await node.account())
            let amelia = try await worker.createChild(SignpostServerTests.amelia)
            let oliver = try await worker.createChild(Self.oliverOnConsent)
            try await withHubApp { hub in
                try await hub.app.server.start(address: .hostname("127.0.0.1", port: 0))
                do {
                    try await exercise(node: node, worker: worker, hub: hub, amelia: amelia, oliver: oliver)
                } catch {
                    await hub.app.server.shutdown()
                    throw error
                }
                await hub.app.server.shutdown()
            }
        }
    }

    private func exercise(node: TestWorld, worker: APIClient, hub: HubWorld, amelia: UUID, oliver: UUID)
        async throws
    {
        let port = try #require(hub.app.http.server.shared.localAddress?.port)
        let nodeKey = try NodeSigningKey.generate(node: "E06000001")
        try await SignpostHubApp.enrolNode(
            hub.app, node: nodeKey.node, publicKey: nodeKey.publicKey.encoded, contactRoute: "Testshire 01632 960001",
            baseURL: "https://testshire.signpost.test")
        let operations = SignpostOperations(app: node.app)
        let url = "http://127.0.0.1:\(port)"
        // Oliver is indexed on consent and none is recorded yet: only Amelia (public task) may be listed.
        var synced = try await operations.federationSync(hubURL: url, key: nodeKey, secret: HubWorld.secret)
        #expect(synced == .init(enrolled: 1, retired: 1, peers: 2))
        let found = try await HubTests().ask(hub, as: hub.york, HubTests.amelia)
        // The hub holds a keyed handle, never the record id, and only this node can read it back.
        let handles = HubHandles(nodeKey: node.context.masterKey.key, node: nodeKey.node, epoch: HubWorld.secret.epoch)
        #expect(found.map(\.handle) == [handles.handle(for: amelia)])
        #expect(found.first.flatMap { handles.id(for: $0.handle) } == amelia)
        #expect(!found.contains { $0.handle.contains(amelia.uuidString.lowercased().prefix(8)) })
        #expect(found.first?.contactRoute == "Testshire 01632 960001")
        #expect(try await HubTests().ask(hub, as: hub.york, Self.oliver()).isEmpty)

        let recorded = try await worker.send(.POST, "/api/v1/children/\(oliver)/consents", json: Self.parentConsent)
        try #require(recorded.status == .created, "\(recorded.body.string)")
        synced = try await operations.federationSync(hubURL: url, key: nodeKey, secret: HubWorld.secret)
        #expect(synced == .init(enrolled: 2, retired: 0, peers: 2))
        #expect(
            try await HubTests().ask(hub, as: hub.york, Self.oliver("Reede")).map(\.handle) == [
                handles.handle(for: oliver)
            ])

        let consent = try worker.decode(GovernanceView.Consent.self, recorded)
        let withdrawn = try await worker.send(.POST, "/api/v1/consents/\(consent.id)/withdraw", json: "{}")
        try #require(withdrawn.status == .ok, "\(withdrawn.body.string)")
        synced = try await operations.federationSync(hubURL: url, key: nodeKey, secret: HubWorld.secret)
        #expect(synced == .init(enrolled: 1, retired: 1, peers: 2))
        #expect(try await HubTests().ask(hub, as: hub.york, Self.oliver()).isEmpty)

        // Each side audited its part: the node its listings, the hub the enrolments it took.
        let listed = try await AuditEventModel.query(on: node.auditLog).filter(\.$action == "federation.listed")
            .count()
        #expect(listed == 3)
        #expect(try await hub.auditTrail().filter { $0.action == "hub.enrolled" }.count == 3)

        // A node key for an authority this Signpost does not serve is refused before anything is sent.
        let stranger = try NodeSigningKey.generate(node: "E09000001")
        await #expect(throws: SignpostOperations.OperationError.self) {
            _ = try await operations.federationSync(hubURL: url, key: stranger, secret: HubWorld.secret)
        }
        // A key the hub does not hold for the node is refused, and the operator is told why.
        let impostor = try NodeSigningKey.generate(node: "E06000001")
        await #expect(throws: SignpostOperations.OperationError.self) {
            _ = try await operations.federationSync(hubURL: url, key: impostor, secret: HubWorld.secret)
        }
        #expect(try await hub.auditTrail().contains { $0.action == "hub.request-refused" })
    }

    @Test func aNationalLookUpIsRateLimitedAndAnUnreachableHubIsAnAuditedRefusal() async throws {
        let key = try NodeSigningKey.generate(node: "E06000001")
        try await withSignpostApp(adjust: {
            $0.searchesPerMinute = 1
            // Nothing listens on port 9: the hub cannot be reached.
            $0.federation = FederationSettings(hubURL: "http://127.0.0.1:9", nodeKey: key, secret: HubWorld.secret)
        }) { node in
            let worker = try await APIClient.signIn(node, try await node.account())
            let body =
                #"{"reason":"new-referral","gender":"male","criteria":{"givenName":"Oliver","familyName":"Reed","dateOfBirth":"2014-02-11"}}"#
            let unreachable = try await worker.send(.POST, "/api/v1/national-lookups", json: body)
            #expect(unreachable.status == .serviceUnavailable, "\(unreachable.body.string)")
            let limited = try await worker.send(.POST, "/api/v1/national-lookups", json: body)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
            let invalid = try await worker.send(
                .POST, "/api/v1/national-lookups", json: #"{"reason":"curiosity","criteria":{"givenName":"O*"}}"#)
            #expect(invalid.status == .unprocessableEntity)
            let refused = try await AuditEventModel.query(on: node.auditLog)
                .filter(\.$action == "federation.looked-up").all()
            #expect(refused.map(\.outcome) == ["refused", "refused", "refused"])
            #expect(refused.allSatisfy { !$0.details.contains("Oliver") && !$0.details.contains("Reed") })
        }
    }

    @Test func aSignpostNotInNationalSignpostingAnswers404() async throws {
        try await withSignpostApp { node in
            let worker = try await APIClient.signIn(node, try await node.account())
            let response = try await worker.send(
                .POST, "/api/v1/national-lookups", json: #"{"reason":"new-referral","criteria":{}}"#)
            #expect(response.status == .notFound)
            let unsigned = try await TestBrowser(node.app).send(.POST, "/federation/v1/involvements", body: "{}")
            #expect(unsigned.status == .notFound)
        }
    }
}
