import Foundation
import SignpostCore
import SignpostServer

/// `signpost-bench audit-tree [stored events] [core events]`: what verifying the audit log costs.
///   - Core alone, 10,000,000 events by default: each event's canonical encoding, chain hash, RFC 9162
///     leaf and the streaming root, which is the work of `audit verify` and `verify --against` per event.
///   - On SQLite, 1,000,000 stored events by default: `audit verify` (the chain), `verify --against` a
///     checkpoint taken at half the log (tree, consistency proof), and inclusion proofs from stored nodes.
func auditTreeBenchmark(_ arguments: [String]) async throws {
    let stored = arguments.first.flatMap(Int.init) ?? 1_000_000
    let core = arguments.count > 1 ? Int(arguments[1]) ?? 10_000_000 : 10_000_000
    coreVerificationTiming(events: core)

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("signpost-bench-audit.sqlite").path
    let app = try await benchmarkApp(databasePath: path)
    let support = BenchmarkSupport(app: app)
    let operations = SignpostOperations(app: app)
    let signer = try SignedNote.Signer.generate(name: "bench.signpost.example/audit")
    let half = stored / 2
    let firstHalf = try await secondsThrowing { try await support.writeAuditEvents(half) }
    let checkpoint = try await operations.auditCheckpoint(signer: signer)
    let secondHalf = try await secondsThrowing { try await support.writeAuditEvents(stored - half) }
    print(
        String(
            format: "  %d events written pending and sequenced into the tree in %.1f s (%.0f events/s)", stored,
            firstHalf + secondHalf, Double(stored) / (firstHalf + secondHalf)))
    var chain: AuditChain.Verdict?
    let chainTime = try await secondsThrowing { chain = try await operations.verifyAudit() }
    print(String(format: "  audit verify (chain) over %d stored events: %.1f s, %@", stored, chainTime, "\(chain!)"))
    var against: (extends: Bool, message: String)?
    let againstTime = try await secondsThrowing {
        against = try await operations.verifyAudit(
            against: checkpoint, verifier: try SignedNote.Verifier(encoded: signer.verifierKey))
    }
    print(String(format: "  audit verify --against (tree + consistency): %.1f s, %@", againstTime, against!.message))
    let (proofs, verified) = try await support.inclusionProofTimes(2000)
    print("  inclusion proof from stored nodes (2,000 random events): \(percentiles(proofs)); all verify: \(verified)")
    try await app.asyncShutdown()
}

/// The per-event work of verification in Core, with no database: events are made as they are checked.
func coreVerificationTiming(events: Int) {
    var previous = AuditChain.genesisHash
    var builder = MerkleTree.RootBuilder()
    let start = DispatchTime.now().uptimeNanoseconds
    for n in 0..<events {
        let entry = AuditEntry(
            sequence: Int64(n + 1), occurredAtMillis: 1_796_000_000_000 + Int64(n), actorID: "9C0A3E4B-2F1D-4C55-8A3B",
            actorRole: "practitioner", actorOrganisation: "BENCH-\(n % 40)", action: "child.viewed",
            subjectType: "child", subjectID: "\(n)", reason: nil, outcome: "success", clientIP: "127.0.0.1",
            userAgent: "signpost-bench", details: #"{"route":"api"}"#)
        previous = AuditChain.hash(previousHash: previous, entry: entry)
        builder.append(MerkleTree.leafHash(entry.canonicalEncoding))
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(
        String(
            format: "audit tree, Core: %d events (chain hash, leaf, root) in %.1f s, %.0f events/s; root %@",
            events, elapsed, Double(events) / elapsed, Hex.encode(builder.root).prefix(16).description))
}
