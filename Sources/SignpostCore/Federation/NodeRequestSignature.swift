import Crypto
import Foundation

/// How one party of the national signposting service (a Signpost node or the hub) proves that it sent a
/// request: an Ed25519 signature over the method, path, sender, receiver, time, a nonce and a digest of the
/// body. Naming the receiver means a request signed for one party cannot be passed on to another. The
/// receiver holds each sender's public key, exchanged when an operator enrols the node, and accepts a request
/// only within `allowedSkew` of its own clock, so a captured request cannot be replayed later; inside that
/// window it accepts each sender's nonce once (the receiver keeps them in its database), so it cannot be
/// replayed sooner either.
public enum NodeRequestSignature {
    public static let allowedSkew: TimeInterval = 120
    /// The hub's name as a receiver: not a valid node name, so no node can be mistaken for it.
    public static let hub = "signpost-hub"

    public enum Header {
        public static let node = "Signpost-Node"
        public static let timestamp = "Signpost-Timestamp"
        public static let signature = "Signpost-Signature"
        public static let nonce = "Signpost-Nonce"
    }

    /// A fresh nonce: 128 random bits as 32 lowercase hex digits.
    public static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Whether a nonce has the form `newNonce` gives.
    public static func isValidNonce(_ nonce: String) -> Bool {
        nonce.utf8.count == 32 && nonce.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case missing
        case unknownNode
        case stale
        case badSignature
        case replayed
        case unendorsed

        public var description: String {
            switch self {
            case .missing:
                "the request is not signed (Signpost-Node, Signpost-Timestamp, Signpost-Nonce, Signpost-Signature)"
            case .unknownNode: "the sending node is not enrolled"
            case .stale: "the request's timestamp is more than two minutes from this server's clock"
            case .badSignature: "the signature does not verify with the node's enrolled key"
            case .replayed: "this signed request was received before, and each is accepted once"
            case .unendorsed: "the sending node's directory entry is not endorsed by the pinned key custodian"
            }
        }
    }

    /// The bytes signed: a version line, then one field a line. The body's digest stands for the body.
    public static func message(
        method: String, path: String, node: String, receiver: String, timestamp: Int64, nonce: String, body: Data
    ) -> Data {
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let fields = [method.uppercased(), path, node, receiver, String(timestamp), nonce, digest]
        return Data(("signpost-request v3\n" + fields.map { $0 + "\n" }.joined()).utf8)
    }

    /// Checks a received request's headers against the sender's key, this server's name and its clock. That
    /// the nonce is new is the receiver's to check, in its database.
    public static func verify(
        method: String, path: String, body: Data, node: String, timestamp: Int64, nonce: String, signature: String,
        key: NodePublicKey, receiver: String = hub, now: Date
    ) throws(Problem) {
        guard isValidNonce(nonce) else { throw .missing }
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= allowedSkew else { throw .stale }
        let signed = message(
            method: method, path: path, node: node, receiver: receiver, timestamp: timestamp, nonce: nonce,
            body: body)
        guard key.node == node, let raw = Data(base64Encoded: signature), key.key.isValidSignature(raw, for: signed)
        else { throw .badSignature }
    }
}

/// A node's private signing key. Its file holds one line: `signpost-node-key v1 NODE BASE64`.
public struct NodeSigningKey: Sendable {
    public let node: String
    let key: Curve25519.Signing.PrivateKey

    public static func generate(node: String) throws -> NodeSigningKey {
        try NodeSigningKey(node: node, key: Curve25519.Signing.PrivateKey())
    }

    init(node: String, key: Curve25519.Signing.PrivateKey) throws {
        guard NodePublicKey.isValidNode(node) else { throw NodeKeyProblem.badNode }
        self.node = node
        self.key = key
    }

    public init(encoded text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 4, parts[0] == "signpost-node-key", parts[1] == "v1",
            let raw = Data(base64Encoded: parts[3]),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw NodeKeyProblem.malformed }
        try self.init(node: parts[2], key: key)
    }

    public var encoded: String { "signpost-node-key v1 \(node) \(key.rawRepresentation.base64EncodedString())" }

    public var publicKey: NodePublicKey { NodePublicKey(node: node, key: key.publicKey) }

    /// The four headers of a request signed for `receiver` (the hub, or another node by its name), with a
    /// fresh nonce unless one is given.
    public func headers(
        method: String, path: String, body: Data, to receiver: String = NodeRequestSignature.hub, now: Date,
        nonce: String = NodeRequestSignature.newNonce()
    ) throws -> [(String, String)] {
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let message = NodeRequestSignature.message(
            method: method, path: path, node: node, receiver: receiver, timestamp: timestamp, nonce: nonce, body: body)
        let signature = try key.signature(for: message)
        return [
            (NodeRequestSignature.Header.node, node), (NodeRequestSignature.Header.timestamp, String(timestamp)),
            (NodeRequestSignature.Header.nonce, nonce),
            (NodeRequestSignature.Header.signature, signature.base64EncodedString()),
        ]
    }
}

/// A node's public key as the hub and other nodes hold it: `signpost-node-public v1 NODE BASE64`.
public struct NodePublicKey: Sendable, Equatable {
    public let node: String
    let key: Curve25519.Signing.PublicKey

    init(node: String, key: Curve25519.Signing.PublicKey) {
        self.node = node
        self.key = key
    }

    public init(encoded text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 4, parts[0] == "signpost-node-public", parts[1] == "v1",
            let raw = Data(base64Encoded: parts[3]),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw NodeKeyProblem.malformed }
        guard Self.isValidNode(parts[2]) else { throw NodeKeyProblem.badNode }
        self.init(node: parts[2], key: key)
    }

    public var encoded: String { "signpost-node-public v1 \(node) \(key.rawRepresentation.base64EncodedString())" }

    public static func == (lhs: NodePublicKey, rhs: NodePublicKey) -> Bool { lhs.encoded == rhs.encoded }

    /// A node is named by its authority code (or `hub`): 1 to 16 capital letters, digits or dashes.
    public static func isValidNode(_ node: String) -> Bool {
        !node.isEmpty && node.count <= 16
            && node.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
    }
}

public enum NodeKeyProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed
    case badNode

    public var description: String {
        switch self {
        case .malformed: "a node key file holds one line: signpost-node-key v1 NODE BASE64 (or signpost-node-public)"
        case .badNode: "a node is named by its authority code: 1 to 16 capital letters, digits or dashes"
        }
    }
}
