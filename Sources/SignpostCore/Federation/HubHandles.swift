import Crypto
import CryptoExtras
import Foundation

/// The opaque handles a node enrols its children with on the hub: each record id under a keyed pseudorandom
/// permutation (one AES block, since an id is 16 bytes) whose key is derived from the node's own key and the
/// epoch. So the handles of one child in two epochs share nothing, and a hub that keeps both epochs cannot join
/// a child's entries across a key rotation; the node alone can turn a handle back into its record. Only the
/// epoch's name and the node's own name go into the key with its secret, so a node still answers for the
/// handles of an epoch it has left. A new master key gives every child new handles: the next sync enrols them.
public struct HubHandles: Sendable {
    public let epoch: String
    private let key: SymmetricKey

    /// `nodeKey` is the node's own secret (its master key), never shared with the hub or other nodes; `node` is
    /// the authority it lists (two authorities served by one key still get unrelated handles).
    public init(nodeKey: SymmetricKey, node: String, epoch: String) {
        self.epoch = epoch
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: nodeKey, salt: Data("signpost-hub-handle v1".utf8),
            info: Data("\(node)\n\(epoch)".utf8), outputByteCount: 32)
    }

    /// The handle of a record: 32 lowercase hex digits.
    public func handle(for id: UUID) -> String {
        var block = withUnsafeBytes(of: id.uuid) { Array($0) }
        // A 16-byte block and a 32-byte key always fit AES; nothing here can throw.
        try! AES.permute(&block, key: key)
        return Hex.encode(block)
    }

    /// The record a handle stands for, or nil for text that is not a handle. Any 32 hex digits give some id:
    /// the caller finds no child of its own under a handle it did not make.
    public func id(for handle: String) -> UUID? {
        guard handle.utf8.count == 32, var block = Hex.decode(handle) else { return nil }
        try! AES.inversePermute(&block, key: key)
        return block.withUnsafeBytes { raw in
            UUID(uuid: raw.loadUnaligned(as: uuid_t.self))
        }
    }
}
