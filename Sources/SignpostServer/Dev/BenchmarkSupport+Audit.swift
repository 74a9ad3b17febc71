import Fluent
import Foundation
import SQLKit
import SignpostCore

extension BenchmarkSupport {
    /// Writes `count` synthetic events into `audit_pending`, 1,000 rows a statement, then lets the
    /// sequencer place them in the chain and the tree as the server would.
    public func writeAuditEvents(_ count: Int) async throws {
        let context = makeContext()
        var written = 0
        while written < count {
            let rows = min(1000, count - written)
            let first = written
            try await context.db.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { return }
                var insert = sql.insert(into: AuditSequencer.pendingTable).columns(AuditSequencer.eventColumns)
                for offset in 0..<rows {
                    let n = first + offset
                    insert = insert.values(
                        SQLBind(Int64(1_796_000_000_000 + n)), SQLBind(UUID().uuidString), SQLBind("practitioner"),
                        SQLBind("BENCH-\(n % 40)"), SQLBind(n % 3 == 0 ? "child.searched" : "child.viewed"),
                        SQLBind("child"), SQLBind(UUID().uuidString), SQLBind(String?.none), SQLBind("success"),
                        SQLBind("127.0.0.1"), SQLBind("signpost-bench"), SQLBind(#"{"route":"api"}"#))
                }
                try await insert.run()
            }
            written += rows
        }
        try await AuditSequencer.sequencePending(on: context.db)
    }

    /// Seconds for each of `samples` inclusion proofs of random events, read from the stored tree (one
    /// query each), and whether every one verified against the stored root.
    public func inclusionProofTimes(_ samples: Int) async throws -> (seconds: [Double], allVerified: Bool) {
        guard let sql = makeContext().db as? any SQLDatabase else { return ([], false) }
        let size = Int(try await AuditSequencer.headSize(on: sql))
        let root = try await AuditTree.storedRoot(size: size, on: sql)
        var seconds: [Double] = []
        var allVerified = size > 0
        for _ in 0..<samples where size > 0 {
            let sequence = Int64.random(in: 1...Int64(size))
            let start = DispatchTime.now().uptimeNanoseconds
            let (leaf, proof) = try await AuditTree.inclusionProof(sequence: sequence, size: size, on: sql)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            allVerified =
                allVerified
                && MerkleTree.verifyInclusion(
                    index: Int(sequence - 1), size: size, leaf: leaf, proof: proof, root: root)
        }
        return (seconds, allVerified)
    }
}
