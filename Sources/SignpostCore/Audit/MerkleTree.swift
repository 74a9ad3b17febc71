import Crypto

/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0, §2.1), the structure whose signed heads
/// witnesses hold outside Signpost's database: leaves are `SHA-256(0x00 ‖ data)`, interior nodes
/// `SHA-256(0x01 ‖ left ‖ right)`, and a tree of n leaves splits at the largest power of two below n.
/// Pure functions of leaf hashes; checked against the RFC 6962 vectors transparency-dev publishes.
public enum MerkleTree {
    public typealias Hash = [UInt8]

    /// `SHA-256("")`: the root of the empty tree.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))

    public static func leafHash(_ data: [UInt8]) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[n]), computed in one pass with a stack of complete subtrees (a compact range), so a log of
    /// millions of events needs only a few dozen hashes of memory beyond its leaves.
    public static func root<Leaves: Collection>(_ leaves: Leaves) -> Hash where Leaves.Element == Hash {
        var builder = RootBuilder()
        for leaf in leaves { builder.append(leaf) }
        return builder.root
    }

    /// The root of the leaves appended so far, without holding them: each complete subtree is merged
    /// as soon as its sibling completes.
    public struct RootBuilder: Sendable {
        /// (size, hash) of complete subtrees, sizes strictly decreasing powers of two.
        private var stack: [(size: Int, hash: Hash)] = []
        public private(set) var size = 0

        public init() {}

        public mutating func append(_ leaf: Hash) {
            var node = (size: 1, hash: leaf)
            while let last = stack.last, last.size == node.size {
                stack.removeLast()
                node = (last.size * 2, MerkleTree.nodeHash(last.hash, node.hash))
            }
            stack.append(node)
            size += 1
        }

        /// Folding the subtrees right to left is exactly RFC 9162's split at the largest power of two.
        public var root: Hash {
            guard var hash = stack.last?.hash else { return MerkleTree.emptyRoot }
            for subtree in stack.dropLast().reversed() { hash = MerkleTree.nodeHash(subtree.hash, hash) }
            return hash
        }
    }

    /// PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path for the leaf at `index`.
    public static func inclusionProof(index: Int, leaves: ArraySlice<Hash>) -> [Hash] {
        precondition(index >= 0 && index < leaves.count, "a leaf of the tree")
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let start = leaves.startIndex
        if index < k {
            return inclusionProof(index: index, leaves: leaves[start..<(start + k)])
                + [root(leaves[(start + k)...])]
        }
        return inclusionProof(index: index - k, leaves: leaves[(start + k)...]) + [root(leaves[start..<(start + k)])]
    }

    /// PROOF(m, D[n]) of RFC 9162 §2.1.4.1: that the first `oldSize` leaves are a prefix of `leaves`.
    public static func consistencyProof(oldSize: Int, leaves: ArraySlice<Hash>) -> [Hash] {
        precondition(oldSize >= 0 && oldSize <= leaves.count, "an earlier size of the tree")
        guard oldSize > 0, oldSize < leaves.count else { return [] }
        return subproof(oldSize, leaves, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Hash>, complete: Bool) -> [Hash] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        let start = leaves.startIndex
        if m <= k {
            return subproof(m, leaves[start..<(start + k)], complete: complete) + [root(leaves[(start + k)...])]
        }
        return subproof(m - k, leaves[(start + k)...], complete: false) + [root(leaves[start..<(start + k)])]
    }
}
