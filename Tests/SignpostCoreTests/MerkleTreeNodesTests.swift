import Testing

@testable import SignpostCore

/// The stored-node form of the tree (what the server keeps in `audit_tree_nodes`) must give exactly
/// the roots and proofs of the leaf form, which the published RFC 6962 vectors pin in `MerkleTreeTests`.
@Suite("Audit Merkle tree from stored nodes")
struct MerkleTreeNodesTests {
    /// Grows a tree one leaf at a time as the sequencer does, keeping every node the frontier names.
    static func grow(_ leaves: [MerkleTree.Hash]) -> (store: [MerkleTree.NodeID: MerkleTree.Hash], roots: [[UInt8]]) {
        var store: [MerkleTree.NodeID: MerkleTree.Hash] = [:]
        var frontier = MerkleTree.Frontier(size: 0, rightEdgeHashes: [])!
        var roots: [[UInt8]] = []
        for leaf in leaves {
            for (node, hash) in frontier.append(leaf) {
                #expect(store[node] == nil, "each node is stored once: \(node)")
                store[node] = hash
            }
            roots.append(frontier.root)
        }
        return (store, roots)
    }

    @Test func thePublishedVectorsComeOutOfTheStoredNodes() {
        let (store, roots) = Self.grow(MerkleTreeTests.leaves)
        #expect(roots == Array(MerkleTreeTests.roots.dropFirst()))
        for size in 1...MerkleTreeTests.leaves.count {
            #expect(MerkleTree.root(size: size) { store[$0]! } == MerkleTreeTests.roots[size])
        }
        for (index, size, expected) in MerkleTreeTests.inclusion {
            #expect(
                MerkleTree.inclusionProof(index: index, size: size) { store[$0]! }
                    == expected.map(MerkleTreeTests.bytes))
        }
    }

    /// Every leaf of every tree up to 70 leaves: the stored-node proof is the leaf-form proof, reads only
    /// the nodes it names, and a frontier restarted from a stored right edge carries on identically.
    @Test func everyShapeMatchesTheLeafFormAndReadsOnlyWhatItNames() {
        let leaves = (0..<70).map { MerkleTree.leafHash([UInt8($0), UInt8(($0 * 13) & 0xFF)]) }
        let (store, roots) = Self.grow(leaves)
        for size in 1...leaves.count {
            #expect(MerkleTree.root(size: size) { store[$0]! } == MerkleTree.root(leaves[0..<size]))
            #expect(roots[size - 1] == MerkleTree.root(leaves[0..<size]))
            for index in 0..<size {
                let named = MerkleTree.inclusionProofNodes(index: index, size: size)
                let proof = MerkleTree.inclusionProof(index: index, size: size) { node in
                    #expect(named.contains(node), "read \(node) without naming it")
                    return store[node]!
                }
                #expect(proof == MerkleTree.inclusionProof(index: index, leaves: leaves[0..<size]))
            }
            var restarted = MerkleTree.Frontier(
                size: size, rightEdgeHashes: MerkleTree.rightEdge(size: size).map { store[$0]! })!
            if size < leaves.count {
                let completed = restarted.append(leaves[size])
                #expect(completed.allSatisfy { store[$0.node] == $0.hash })
                #expect(restarted.root == roots[size])
            }
        }
    }

    @Test func aFrontierRefusesAWrongRightEdge() {
        #expect(MerkleTree.Frontier(size: 5, rightEdgeHashes: [MerkleTreeTests.leaves[0]]) == nil)
        #expect(
            MerkleTree.rightEdge(size: 13) == [
                .init(level: 3, index: 0), .init(level: 2, index: 2), .init(level: 0, index: 12),
            ])
    }

    /// A ten-million-event log needs at most 2 · 24 stored nodes for any proof.
    @Test func aProofOfAHugeLogReadsAFewDozenNodes() {
        let size = 10_000_000
        for index in [0, 1, 4_999_999, 8_388_608, size - 1] {
            #expect(MerkleTree.inclusionProofNodes(index: index, size: size).count <= 48)
        }
    }
}
