/// A tree kept as its complete subtrees, so that roots and inclusion proofs of a log of millions of
/// events read a few dozen stored hashes instead of every leaf. Node (level, index) is the root of the
/// complete subtree over leaves `index · 2^level ..< (index + 1) · 2^level`; level 0 holds the leaves.
/// Every range RFC 9162's recursion asks about starts on a boundary of its own largest power of two,
/// so it is covered by complete subtrees, and the hash of the range is those subtrees folded right to left.
extension MerkleTree {
    public struct NodeID: Hashable, Sendable {
        public var level: Int
        public var index: Int

        public init(level: Int, index: Int) {
            self.level = level
            self.index = index
        }
    }

    /// The complete subtrees over leaves `start..<end`, largest (leftmost) first.
    public static func cover(start: Int, end: Int) -> [NodeID] {
        precondition(start >= 0 && start < end, "a range of leaves")
        var nodes: [NodeID] = []
        var start = start
        while start < end {
            let count = end - start
            let width = count & (count - 1) == 0 ? count : split(count)
            let level = width.trailingZeroBitCount
            nodes.append(NodeID(level: level, index: start >> level))
            start += width
        }
        return nodes
    }

    /// The complete subtrees of a tree of `size` leaves, largest first: its right edge.
    public static func rightEdge(size: Int) -> [NodeID] { size == 0 ? [] : cover(start: 0, end: size) }

    /// MTH of leaves `start..<end` from stored nodes.
    static func rangeHash(start: Int, end: Int, node: (NodeID) throws -> Hash) rethrows -> Hash {
        let hashes = try cover(start: start, end: end).map(node)
        var hash = hashes[hashes.count - 1]
        for left in hashes.dropLast().reversed() { hash = nodeHash(left, hash) }
        return hash
    }

    /// The root of a tree of `size` leaves from its stored right edge.
    public static func root(size: Int, node: (NodeID) throws -> Hash) rethrows -> Hash {
        size == 0 ? emptyRoot : try rangeHash(start: 0, end: size, node: node)
    }

    /// The leaf ranges whose hashes make PATH(index, D[size]), in the proof's order (nearest the leaf first).
    static func inclusionRanges(index: Int, start: Int, end: Int) -> [(start: Int, end: Int)] {
        guard end - start > 1 else { return [] }
        let middle = start + split(end - start)
        if index < middle {
            return inclusionRanges(index: index, start: start, end: middle) + [(middle, end)]
        }
        return inclusionRanges(index: index, start: middle, end: end) + [(start, middle)]
    }

    /// Every stored node an inclusion proof for `index` in a tree of `size` reads: fetch these in one query.
    public static func inclusionProofNodes(index: Int, size: Int) -> Set<NodeID> {
        precondition(index >= 0 && index < size, "a leaf of the tree")
        return Set(inclusionRanges(index: index, start: 0, end: size).flatMap { cover(start: $0.start, end: $0.end) })
    }

    /// PATH(index, D[size]) of RFC 9162 §2.1.3.1, from stored nodes.
    public static func inclusionProof(index: Int, size: Int, node: (NodeID) throws -> Hash) rethrows -> [Hash] {
        precondition(index >= 0 && index < size, "a leaf of the tree")
        return try inclusionRanges(index: index, start: 0, end: size).map {
            try rangeHash(start: $0.start, end: $0.end, node: node)
        }
    }

    /// Appends leaves to a stored tree, naming each node that completes so it can be stored with them.
    public struct Frontier: Sendable {
        public private(set) var size: Int
        /// The right edge: (node, hash) of each complete subtree, largest first.
        private var edge: [(node: NodeID, hash: Hash)]

        /// A tree of `size` leaves whose right edge (`MerkleTree.rightEdge(size:)`, in order) has `hashes`.
        public init?(size: Int, rightEdgeHashes hashes: [Hash]) {
            let nodes = MerkleTree.rightEdge(size: size)
            guard nodes.count == hashes.count else { return nil }
            self.size = size
            self.edge = Array(zip(nodes, hashes)).map { (node: $0.0, hash: $0.1) }
        }

        /// Adds the leaf; returns it and every interior node it completes, each to be stored once.
        public mutating func append(_ leaf: Hash) -> [(node: NodeID, hash: Hash)] {
            var current = (node: NodeID(level: 0, index: size), hash: leaf)
            var completed = [current]
            while let last = edge.last, last.node.level == current.node.level {
                edge.removeLast()
                current = (
                    NodeID(level: current.node.level + 1, index: last.node.index / 2),
                    MerkleTree.nodeHash(last.hash, current.hash)
                )
                completed.append(current)
            }
            edge.append(current)
            size += 1
            return completed
        }

        public var root: Hash {
            guard var hash = edge.last?.hash else { return MerkleTree.emptyRoot }
            for left in edge.dropLast().reversed() { hash = MerkleTree.nodeHash(left.hash, hash) }
            return hash
        }
    }
}
