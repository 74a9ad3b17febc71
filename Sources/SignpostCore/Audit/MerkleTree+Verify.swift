/// Checking proofs as a witness or an auditor does, holding only a signed tree head: the algorithms of
/// RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), written from the RFC's steps.
extension MerkleTree {
    /// Whether `proof` shows the leaf `leaf` at `index` in the tree of `size` leaves with `root`.
    public static func verifyInclusion(index: Int, size: Int, leaf: Hash, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < size, leaf.count == 32, root.count == 32 else { return false }
        var fn = index
        var sn = size - 1
        var r = leaf
        for p in proof {
            guard sn != 0, p.count == 32 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of `oldSize` leaves with `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with `newRoot`: nothing in it was changed, removed or reordered.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: Hash, newRoot: Hash, proof: [Hash]
    ) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty, proof.allSatisfy({ $0.count == 32 }) else { return false }
        // An old tree whose size is a power of two is itself a node of the new one: the proof omits it.
        let path = oldSize & (oldSize - 1) == 0 ? [oldRoot] + proof : proof
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
