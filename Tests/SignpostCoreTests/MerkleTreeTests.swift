import Testing

@testable import SignpostCore

/// The audit log's Merkle tree against the published RFC 6962 / RFC 9162 test vectors, from
/// transparency-dev/merkle: `testonly/constants.go` (leaves, node and root hashes) and
/// `proof/verify_test.go` (inclusion and consistency proofs, with the same corruptions it tries).
/// A log whose roots no other implementation reproduces proves nothing to a witness.
@Suite("Audit Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

    static let inputs = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(bytes)
    static let leaves = inputs.map(MerkleTree.leafHash)
    /// Roots for sizes 0 to 8.
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(bytes)

    /// (0-based leaf index, tree size, proof).
    static let inclusion: [(Int, Int, [String])] = [
        (0, 1, []),
        (
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    /// (old size, new size, proof).
    static let consistency: [(Int, Int, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
    ]

    @Test func theRootsAreThePublishedOnesForEverySize() {
        #expect(MerkleTree.emptyRoot == Self.roots[0])
        for size in 0...8 {
            #expect(MerkleTree.root(Self.leaves.prefix(size)) == Self.roots[size], "size \(size)")
        }
    }

    @Test func theInclusionProofsAreThePublishedOnesAndVerify() {
        for (index, size, published) in Self.inclusion {
            let proof = published.map(Self.bytes)
            let leaves = Self.leaves[0..<size]
            #expect(MerkleTree.inclusionProof(index: index, leaves: leaves) == proof, "leaf \(index) of \(size)")
            #expect(
                MerkleTree.verifyInclusion(
                    index: index, size: size, leaf: Self.leaves[index], proof: proof, root: Self.roots[size]))
        }
    }

    @Test func theConsistencyProofsAreThePublishedOnesAndVerify() {
        for (old, new, published) in Self.consistency {
            let proof = published.map(Self.bytes)
            #expect(
                MerkleTree.consistencyProof(oldSize: old, leaves: Self.leaves[0..<new]) == proof, "\(old) to \(new)")
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: old, newSize: new, oldRoot: Self.roots[old], newRoot: Self.roots[new], proof: proof))
        }
    }

    /// The corruptions transparency-dev's `verify_test.go` tries: every one must be refused.
    @Test func everyCorruptedProofIsRefused() {
        let some = Self.bytes("abacaba000000000000000000000000000000000000000000060061e00123456")
        for (index, size, published) in Self.inclusion where !published.isEmpty {
            let proof = published.map(Self.bytes)
            let (leaf, root) = (Self.leaves[index], Self.roots[size])
            func refused(_ i: Int, _ n: Int, _ l: [UInt8], _ p: [[UInt8]], _ r: [UInt8]) -> Bool {
                !MerkleTree.verifyInclusion(index: i, size: n, leaf: l, proof: p, root: r)
            }
            #expect(refused(index + 1, size, leaf, proof, root) && refused(index ^ 2, size, leaf, proof, root))
            #expect(refused(index, size * 2, leaf, proof, root) && refused(index, size / 2, leaf, proof, root))
            #expect(refused(index, size, some, proof, root) && refused(index, size, leaf, proof, some))
            #expect(
                refused(index, size, leaf, proof + [root], root) && refused(index, size, leaf, [root] + proof, root))
            #expect(refused(index, size, leaf, Array(proof.dropLast()), root))
            for position in proof.indices {
                var flipped = proof
                flipped[position][0] ^= 8
                #expect(refused(index, size, leaf, flipped, root), "bit flipped in proof[\(position)]")
            }
        }
        for (old, new, published) in Self.consistency where !published.isEmpty {
            let proof = published.map(Self.bytes)
            let (a, b) = (Self.roots[old], Self.roots[new])
            func refused(_ m: Int, _ n: Int, _ ra: [UInt8], _ rb: [UInt8], _ p: [[UInt8]]) -> Bool {
                !MerkleTree.verifyConsistency(oldSize: m, newSize: n, oldRoot: ra, newRoot: rb, proof: p)
            }
            #expect(refused(old - 1, new, a, b, proof) && refused(old + 1, new, a, b, proof))
            #expect(refused(old, new * 2, a, b, proof) && refused(old, new / 2, a, b, proof))
            #expect(
                refused(old, new, some, b, proof) && refused(old, new, a, some, proof) && refused(old, new, b, a, proof)
            )
            #expect(
                refused(old, new, a, b, []) && refused(old, new, a, b, proof + [b])
                    && refused(old, new, a, b, [a] + proof))
            #expect(refused(old, new, a, b, Array(proof.dropLast())))
            for position in proof.indices {
                var flipped = proof
                flipped[position][0] ^= 16
                #expect(refused(old, new, a, b, flipped), "bit flipped in proof[\(position)]")
            }
        }
    }

    /// Every leaf of every tree up to 37 leaves, and every pair of sizes: so each shape of the
    /// recursion is covered, not only the eight-leaf tree of the vectors.
    @Test func everyProofOfEveryShapeVerifiesAndAnotherLeafDoesNot() {
        let many = (0..<37).map { MerkleTree.leafHash([UInt8($0), UInt8(($0 * 7) & 0xFF)]) }
        for size in 1...many.count {
            let tree = many[0..<size]
            let root = MerkleTree.root(tree)
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, leaves: tree)
                #expect(
                    MerkleTree.verifyInclusion(index: index, size: size, leaf: many[index], proof: proof, root: root))
                let other = many[(index + 1) % many.count]
                #expect(!MerkleTree.verifyInclusion(index: index, size: size, leaf: other, proof: proof, root: root))
            }
            for old in 1...size {
                let proof = MerkleTree.consistencyProof(oldSize: old, leaves: tree)
                let oldRoot = MerkleTree.root(many[0..<old])
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, proof: proof))
            }
        }
    }
}
