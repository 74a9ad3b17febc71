import Crypto
import Foundation

/// The key custodian's signature on one entry of the hub's directory: a node's name, its public key, its
/// contact route and its address. A node that pins the custodian's public key trusts a peer only as the
/// custodian endorsed it, so a captured hub cannot hand out its own key for a node (and then sign requests as
/// that node), send a node's requests to an address of its choosing, or give practitioners another phone
/// number to ring. The hub only relays the endorsements: it never holds the custodian's private key.
public enum DirectoryEndorsement {
    /// An endorsement as it travels: `v2 ISSUED NOT-AFTER SIGNATURE`, the second it was issued (Unix time), the
    /// last day it may be trusted (ISO), and the base64 signature over `message`.
    public struct Parts: Sendable, Equatable {
        public var issued: Int64
        public var notAfter: String
        public var signature: Data

        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
            guard parts.count == 4, parts[0] == "v2", let issued = Int64(parts[1]), issued >= 0,
                let day = CalendarDate(iso: parts[2]), day.iso == parts[2],
                let signature = Data(base64Encoded: parts[3]), signature.count == 64
            else { return nil }
            self.issued = issued
            self.notAfter = parts[2]
            self.signature = signature
        }

        init(issued: Int64, notAfter: String, signature: Data) {
            self.issued = issued
            self.notAfter = notAfter
            self.signature = signature
        }

        public var text: String { "v2 \(issued) \(notAfter) \(signature.base64EncodedString())" }
    }

    /// The bytes the custodian signs: a version line, then each field as its UTF-8 length, a colon and the
    /// field, so no two entries sign the same bytes (a contact route may hold any character). The issue time
    /// and the last day are signed with the entry, so neither can be moved.
    public static func message(for node: HubNode, issued: Int64, notAfter: String) -> Data {
        let fields = [
            node.node, node.publicKey.trimmingCharacters(in: .whitespacesAndNewlines), node.contactRoute,
            node.baseURL, String(issued), notAfter,
        ]
        return Data(("signpost-directory-entry v2\n" + fields.map { "\($0.utf8.count):\($0)\n" }.joined()).utf8)
    }

    /// Whether `text` has an endorsement's form (`Parts`).
    public static func isWellFormed(_ text: String) -> Bool { Parts(text) != nil }

    /// The directory's entries this node may trust, and the names of those it may not. A name listed more than
    /// once is refused in every entry: one of them would overwrite the other in the node's copy, so a hub could
    /// hide its own key behind a genuine entry. With no pinned key every other entry is trusted as the hub gives
    /// it (the hub is then the nodes' only source of keys); with one, only an entry whose endorsement verifies,
    /// field for field.
    ///
    /// With a pinned key an entry must also be in date on `today`, and no older than the one the node `held`
    /// for that name: a hub cannot hand back an endorsement the custodian has since replaced (a node's old,
    /// perhaps leaked, key) once the node has seen the newer one.
    public static func trusted(
        _ nodes: [HubNode], pinned: CustodianPublicKey?, today: String, held: [HubNode] = []
    ) -> (trusted: [HubNode], refused: [String]) {
        let repeated = Set(Dictionary(grouping: nodes, by: \.node).filter { $0.value.count > 1 }.keys)
        let heldIssued = Dictionary(
            held.compactMap { node in node.endorsement.flatMap(Parts.init).map { (node.node, $0.issued) } },
            uniquingKeysWith: max)
        func endorsed(_ node: HubNode) -> Bool {
            guard let pinned else { return true }
            guard pinned.endorses(node, on: today), let issued = node.endorsement.flatMap(Parts.init)?.issued
            else { return false }
            return issued >= heldIssued[node.node, default: 0]
        }
        var trusted: [HubNode] = []
        var refused: [String] = []
        for node in nodes {
            if !repeated.contains(node.node), endorsed(node) {
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

    /// The endorsement of `node` as it stands, issued at `issuedAt` and trusted through `validDays` days after.
    public func endorse(_ node: HubNode, issuedAt: Date, validDays: Int) throws -> String {
        let issued = Int64(issuedAt.timeIntervalSince1970.rounded(.down))
        let notAfter = CalendarDate(issuedAt).adding(days: validDays).iso
        let signature = try key.signature(
            for: DirectoryEndorsement.message(for: node, issued: issued, notAfter: notAfter))
        return DirectoryEndorsement.Parts(issued: issued, notAfter: notAfter, signature: signature).text
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

    /// Whether the entry carries this custodian's endorsement of exactly its fields, in date on `today` (ISO).
    public func endorses(_ node: HubNode, on today: String) -> Bool {
        guard let parts = node.endorsement.flatMap(DirectoryEndorsement.Parts.init), today <= parts.notAfter
        else { return false }
        return key.isValidSignature(
            parts.signature,
            for: DirectoryEndorsement.message(for: node, issued: parts.issued, notAfter: parts.notAfter))
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
