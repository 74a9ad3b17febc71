import Foundation
import Testing

@testable import SignpostCore

/// Signed requests between the hub and the nodes: a request verifies only with the sender's enrolled key,
/// unchanged, and within two minutes of the receiver's clock.
@Suite("Signed requests between nodes and the hub")
struct NodeRequestSignatureTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let body = Data(#"{"records":[]}"#.utf8)

    static func signed(_ key: NodeSigningKey, at time: Date = now) throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try key.headers(method: "POST", path: "/hub/v1/enrolments", body: body, now: time))
    }

    static func verify(
        _ headers: [String: String], key: NodePublicKey, method: String = "POST", path: String = "/hub/v1/enrolments",
        body: Data = body, at time: Date = now, receiver: String = NodeRequestSignature.hub
    ) throws(NodeRequestSignature.Problem) {
        try NodeRequestSignature.verify(
            method: method, path: path, body: body, node: headers[NodeRequestSignature.Header.node] ?? "",
            timestamp: Int64(headers[NodeRequestSignature.Header.timestamp] ?? "") ?? 0,
            nonce: headers[NodeRequestSignature.Header.nonce] ?? "",
            signature: headers[NodeRequestSignature.Header.signature] ?? "", key: key, receiver: receiver, now: time)
    }

    @Test func aRequestSignedForOneReceiverFailsAtAnother() throws {
        let key = try NodeSigningKey.generate(node: "E08000035")
        let forYork = Dictionary(
            uniqueKeysWithValues: try key.headers(
                method: "POST", path: "/federation/v1/involvements", body: Self.body, to: "E06000014", now: Self.now))
        try Self.verify(forYork, key: key.publicKey, path: "/federation/v1/involvements", receiver: "E06000014")
        // Passed on to another node, or to the hub, it does not verify.
        #expect(throws: NodeRequestSignature.Problem.badSignature) {
            try Self.verify(forYork, key: key.publicKey, path: "/federation/v1/involvements", receiver: "E08000036")
        }
        #expect(throws: NodeRequestSignature.Problem.badSignature) {
            try Self.verify(forYork, key: key.publicKey, path: "/federation/v1/involvements")
        }
        // The hub's name is not a node's, so no node can be made to look like the hub.
        #expect(!NodePublicKey.isValidNode(NodeRequestSignature.hub))
    }

    @Test func aSignedRequestVerifiesWithTheSendersKey() throws {
        let key = try NodeSigningKey.generate(node: "E08000035")
        try Self.verify(try Self.signed(key), key: key.publicKey)
        // The keys survive their files.
        let reread = try NodeSigningKey(encoded: key.encoded)
        #expect(try NodePublicKey(encoded: key.publicKey.encoded) == reread.publicKey)
    }

    @Test func anyChangeToTheRequestFailsIt() throws {
        let key = try NodeSigningKey.generate(node: "E08000035")
        let headers = try Self.signed(key)
        #expect(throws: NodeRequestSignature.Problem.badSignature) {
            try Self.verify(headers, key: key.publicKey, body: Data(#"{"records":[1]}"#.utf8))
        }
        #expect(throws: NodeRequestSignature.Problem.badSignature) {
            try Self.verify(headers, key: key.publicKey, path: "/hub/v1/retirements")
        }
        #expect(throws: NodeRequestSignature.Problem.badSignature) {
            try Self.verify(headers, key: key.publicKey, method: "PUT")
        }
        var otherNode = headers
        otherNode[NodeRequestSignature.Header.node] = "E08000036"
        #expect(throws: NodeRequestSignature.Problem.badSignature) { try Self.verify(otherNode, key: key.publicKey) }
        var otherTime = headers
        otherTime[NodeRequestSignature.Header.timestamp] = String(Int64(Self.now.timeIntervalSince1970) + 1)
        #expect(throws: NodeRequestSignature.Problem.badSignature) { try Self.verify(otherTime, key: key.publicKey) }
        var otherNonce = headers
        otherNonce[NodeRequestSignature.Header.nonce] = NodeRequestSignature.newNonce()
        #expect(throws: NodeRequestSignature.Problem.badSignature) { try Self.verify(otherNonce, key: key.publicKey) }
    }

    /// The receiver accepts each nonce once, so every request needs a fresh, well-formed one that is signed.
    @Test func everyRequestCarriesAFreshSignedNonce() throws {
        let key = try NodeSigningKey.generate(node: "E08000035")
        let first = try Self.signed(key)
        let second = try Self.signed(key)
        let nonce = try #require(first[NodeRequestSignature.Header.nonce])
        #expect(NodeRequestSignature.isValidNonce(nonce))
        #expect(nonce != second[NodeRequestSignature.Header.nonce], "the same request signed twice differs")
        for bad in ["", "abc", String(nonce.dropLast()) + "g", String(repeating: "A", count: 32), nonce + "0"] {
            var headers = first
            headers[NodeRequestSignature.Header.nonce] = bad
            #expect(throws: NodeRequestSignature.Problem.missing) { try Self.verify(headers, key: key.publicKey) }
        }
    }

    @Test func anotherNodesKeyFailsIt() throws {
        let key = try NodeSigningKey.generate(node: "E08000035")
        let impostor = try NodeSigningKey.generate(node: "E08000035")
        #expect(throws: NodeRequestSignature.Problem.badSignature) {
            try Self.verify(try Self.signed(impostor), key: key.publicKey)
        }
    }

    @Test func aRequestOutsideTwoMinutesIsStale() throws {
        let key = try NodeSigningKey.generate(node: "E08000035")
        let headers = try Self.signed(key)
        try Self.verify(headers, key: key.publicKey, at: Self.now.addingTimeInterval(120))
        try Self.verify(headers, key: key.publicKey, at: Self.now.addingTimeInterval(-120))
        #expect(throws: NodeRequestSignature.Problem.stale) {
            try Self.verify(headers, key: key.publicKey, at: Self.now.addingTimeInterval(121))
        }
        #expect(throws: NodeRequestSignature.Problem.stale) {
            try Self.verify(headers, key: key.publicKey, at: Self.now.addingTimeInterval(-121))
        }
    }

    @Test func malformedKeysAndNodeNamesAreRefused() {
        #expect(throws: NodeKeyProblem.badNode) { try NodeSigningKey.generate(node: "e08 000035") }
        #expect(throws: NodeKeyProblem.badNode) { try NodeSigningKey.generate(node: "") }
        #expect(throws: NodeKeyProblem.malformed) { try NodeSigningKey(encoded: "signpost-node-key v1 E1") }
        #expect(throws: NodeKeyProblem.malformed) { try NodePublicKey(encoded: "signpost-node-public v2 E1 AAAA") }
    }
}

/// How the hub bands candidates: a matrix of Dice and NHS-number agreement, and near-ties flagged.
@Suite("Hub answer rules")
struct HubAnswerRulesTests {
    static func scored(_ dice: Double, nhs: Bool? = nil, authority: String = "A", handle: String = "h1")
        -> HubAnswerRules.Scored
    {
        HubAnswerRules.Scored(authority: authority, handle: handle, dice: dice, nhsAgreement: nhs)
    }

    @Test(
        arguments: [
            (0.95, nil, HubAnswerRules.Band.likely), (0.90, nil, .likely), (0.899, nil, .possible),
            (0.85, nil, .possible),
            (0.849, nil, nil), (0.5, true, .likely), (0.95, true, .likely), (0.95, false, .possible),
            (0.90, false, .possible),
            (0.899, false, nil), (0.2, false, nil),
        ] as [(Double, Bool?, HubAnswerRules.Band?)])
    func theBandOfEachCandidate(dice: Double, nhs: Bool?, band: HubAnswerRules.Band?) {
        #expect(HubAnswerRules.band(Self.scored(dice, nhs: nhs)) == band)
    }

    @Test func nearTiesInOneAuthorityAreFlaggedAndTheAskerIsLeftOut() {
        let pointers = HubAnswerRules.pointers(
            [
                Self.scored(0.93, authority: "A", handle: "twin1"), Self.scored(0.92, authority: "A", handle: "twin2"),
                Self.scored(0.86, authority: "A", handle: "other"), Self.scored(0.92, authority: "B", handle: "b1"),
                Self.scored(0.99, authority: "C", handle: "mine"), Self.scored(0.5, authority: "D", handle: "far"),
            ], askingNode: "C")
        #expect(pointers.map(\.handle) == ["twin1", "twin2", "b1", "other"])
        #expect(pointers.map(\.ambiguous) == [true, true, false, false])
        #expect(pointers.map(\.band) == [.likely, .likely, .likely, .possible])
    }

    @Test func oneAuthorityCannotCrowdOutAnother() {
        let copies = (0..<500).map { Self.scored(1.0, authority: "X", handle: "copy\($0)") }
        let pointers = HubAnswerRules.pointers(
            copies + [Self.scored(0.95, authority: "B", handle: "real")], askingNode: "C")
        #expect(pointers.filter { $0.authority == "X" }.count == HubAnswerRules.maxPerAuthority)
        #expect(pointers.contains { $0.handle == "real" })
    }
}
