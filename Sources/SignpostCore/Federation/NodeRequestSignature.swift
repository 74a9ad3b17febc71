import Crypto
import Foundation

/// How one party of the national signposting service (a Signpost node or the hub) proves that it sent a
/// request: an Ed25519 signature over the method, path, sender, receiver, time and a digest of the body.
/// Naming the receiver means a request signed for one party cannot be passed on to another. The receiver
/// holds each sender's public key, exchanged when an operator enrols the node, and accepts a request only
/// within `allowedSkew` of its own clock, so a captured request cannot be replayed later.
public enum NodeRequestSignature {
    public static let allowedSkew: TimeInterval = 120
    /// The hub's name as a receiver: not a valid node name, so no node can be mistaken for it.
    public static let hub = "signpost-hub"

    public enum Header {
        public static let node = "Signpost-Node"
        public static let timestamp = "Signpost-Timestamp"
        public static let signature = "Signpost-Signature"
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case missing
        case unknownNode
        case stale
        case badSignature

        public var description: String {
            switch self {
            case .missing: "the request is not signed (Signpost-Node, Signpost-Timestamp, Signpost-Signature)"
            case .unknownNode: "the sending node is not enrolled"
            case .stale: "the request's timestamp is more than two minutes from this server's clock"
            case .badSignature: "the signature does not verify with the node's enrolled key"
            }
        }
    }

    /// The bytes signed: a version line, then one field a line. The body's digest stands for the body.
    public static func message(
        method: String, path: String, node: String, receiver: String, timestamp: Int64, body: Data
    ) -> Data {
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        return Data(
            "signpost-request v2\n\(method.uppercased())\n\(path)\n\(node)\n\(receiver)\n\(timestamp)\n\(digest)\n".utf8
        )
    }

    /// Checks a received request's headers against the sender's key, this server's name and its clock.
    public static func verify(
        method: String, path: String, body: Data, node: String, timestamp: Int64, signature: String,
        key: NodePublicKey, receiver: String = hub, now: Date
    ) throws(Problem) {
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= allowedSkew else { throw .stale }
        let signed = message(
            method: method, path: path, node: node, receiver: receiver, timestamp: timestamp, body: body)
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

    /// The three headers of a request signed for `receiver` (the hub, or another node by its name).
    public func headers(
        method: String, path: String, body: Data, to receiver: String = NodeRequestSignature.hub, now: Date
    ) throws -> [(String, String)] {
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let message = NodeRequestSignature.message(
            method: method, path: path, node: node, receiver: receiver, timestamp: timestamp, body: body)
        let signature = try key.signature(for: message)
        return [
            (NodeRequestSignature.Header.node, node), (NodeRequestSignature.Header.timestamp, String(timestamp)),
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
