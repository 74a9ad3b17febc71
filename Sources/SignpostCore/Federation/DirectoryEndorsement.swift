import Crypto
import Foundation

/// The key custodian's signature on one entry of the hub's directory: a node's name, its public key, its
/// contact route and its address. A node that pins the custodian's public key trusts a peer only as the
/// custodian endorsed it, so a captured hub cannot hand out its own key for a node (and then sign requests as
/// that node), send a node's requests to an address of its choosing, or give practitioners another phone
/// number to ring. The hub only relays the endorsements: it never holds the custodian's private key.
public enum DirectoryEndorsement {
    /// The bytes the custodian signs: a version line, then each field as its UTF-8 length, a colon and the
    /// field, so no two entries sign the same bytes (a contact route may hold any character).
    public static func message(for node: HubNode) -> Data {
        let fields = [
            node.node, node.publicKey.trimmingCharacters(in: .whitespacesAndNewlines), node.contactRoute,
            node.baseURL,
        ]
        return Data(("signpost-directory-entry v1\n" + fields.map { "\($0.utf8.count):\($0)\n" }.joined()).utf8)
    }

    /// Whether `text` has an endorsement's form: the base64 of a 64-byte Ed25519 signature.
    public static func isWellFormed(_ text: String) -> Bool {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 64
    }

    /// The directory's entries this node may trust, and the names of those it may not. A name listed more than
    /// once is refused in every entry: one of them would overwrite the other in the node's copy, so a hub could
    /// hide its own key behind a genuine entry. With no pinned key every other entry is trusted as the hub gives
    /// it (the hub is then the nodes' only source of keys); with one, only an entry whose endorsement verifies,
    /// field for field.
    public static func trusted(_ nodes: [HubNode], pinned: CustodianPublicKey?) -> (
        trusted: [HubNode], refused: [String]
    ) {
        let repeated = Set(Dictionary(grouping: nodes, by: \.node).filter { $0.value.count > 1 }.keys)
        var trusted: [HubNode] = []
        var refused: [String] = []
        for node in nodes {
            if !repeated.contains(node.node), pinned?.endorses(node) ?? true {
                trusted.append(node)
            } else if !refused.contains(node.node) {
                refused.append(node.node)
            }
        }
        return (trusted, refused)
    }

    /// What a practitioner is shown for a hub pointer to `authority`: the node's own copy of that authority's
    /// entry (`peer`, from `trusted`) wins over what the hub's answer says. With a pinned key a pointer to an
    /// authority not in that copy is not shown at all (nil): its route and its very existence are the hub's
    /// word alone. Without one, the hub's route stands.
    public static func route(
        forPointerTo authority: String, hubRoute: String, peer: HubNode?, pinned: CustodianPublicKey?
    ) -> String? {
        if let peer, peer.node == authority { return peer.contactRoute }
        return pinned == nil ? hubRoute : nil
    }
}

/// The key custodian's private signing key for directory entries. Its file holds one line:
/// `signpost-custodian-key v1 BASE64`. It is kept offline by the custodian, never by the hub or a node.
public struct CustodianSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    public static func generate() -> CustodianSigningKey { CustodianSigningKey(key: Curve25519.Signing.PrivateKey()) }

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    public init(encoded text: String) throws(CustodianKeyProblem) {
        guard let raw = CustodianKeyProblem.bytes(of: text, kind: "signpost-custodian-key"),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .malformed }
        self.init(key: key)
    }

    public var encoded: String { "signpost-custodian-key v1 \(key.rawRepresentation.base64EncodedString())" }

    public var publicKey: CustodianPublicKey { CustodianPublicKey(key: key.publicKey) }

    /// The endorsement of `node` as it stands: base64 of the signature over `DirectoryEndorsement.message`.
    public func endorse(_ node: HubNode) throws -> String {
        try key.signature(for: DirectoryEndorsement.message(for: node)).base64EncodedString()
    }
}

/// The custodian's public key, which every node pins: `signpost-custodian-public v1 BASE64`.
public struct CustodianPublicKey: Sendable, Equatable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    public init(encoded text: String) throws(CustodianKeyProblem) {
        guard let raw = CustodianKeyProblem.bytes(of: text, kind: "signpost-custodian-public"),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw .malformed }
        self.init(key: key)
    }

    public var encoded: String { "signpost-custodian-public v1 \(key.rawRepresentation.base64EncodedString())" }

    public static func == (lhs: CustodianPublicKey, rhs: CustodianPublicKey) -> Bool { lhs.encoded == rhs.encoded }

    /// Whether the entry carries this custodian's endorsement of exactly its fields.
    public func endorses(_ node: HubNode) -> Bool {
        guard let endorsement = node.endorsement,
            let raw = Data(base64Encoded: endorsement.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return false }
        return key.isValidSignature(raw, for: DirectoryEndorsement.message(for: node))
    }
}

public enum CustodianKeyProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed

    public var description: String {
        "a custodian key file holds one line: signpost-custodian-key v1 BASE64 (or signpost-custodian-public)"
    }

    /// The key bytes of a `KIND v1 BASE64` line, or nil for any other text.
    static func bytes(of text: String, kind: String) -> Data? {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 3, parts[0] == kind, parts[1] == "v1" else { return nil }
        return Data(base64Encoded: parts[2])
    }
}
