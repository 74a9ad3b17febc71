import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Events are written pending in the request's transaction and placed in the chain and tree after commit.
/// The sequencer must never skip, reorder or duplicate one, however commits interleave, and the proofs it
/// makes possible must check out with nothing but the event and the public key.
@Suite("Audit sequencing after commit, and inclusion proofs")
struct AuditSequencerTests {
    static func pending(_ world: TestWorld) async throws -> Int {
        try await world.sql.raw("SELECT COUNT(*) AS n FROM audit_pending").first()!.decode(column: "n", as: Int.self)
    }

    @Test func anEventThatCommitsLateTakesTheNextPlaceAndNoneIsLost() async throws {
        try await withSignpostApp { world in
            let before = try await AuditEventModel.query(on: try await world.auditLog).count()
            // PostgreSQL hands out ids before commit, so id 9,000 can commit and be placed before id 5,000
            // commits. Here both are inserted with those ids, the later one first.
            for (id, action) in [(9000, "test.early-commit"), (5000, "test.late-commit")] {
                try await world.sql.raw(
                    """
                    INSERT INTO audit_pending (id, occurred_at_ms, action, outcome, details)
                    VALUES (\(bind: id), 0, \(bind: action), 'success', '{}')
                    """
                ).run()
                #expect(try await AuditSequencer.sequencePending(on: world.app.db) == 1)
            }
            let placed = try await AuditEventModel.query(on: world.app.db).sort(\.$id, .ascending).all()
            #expect(placed.count == before + 2)
            #expect(placed.suffix(2).map(\.action) == ["test.early-commit", "test.late-commit"])
            #expect(try await Self.pending(world) == 0)
            #expect(try await world.verifyAudit() == .intact(events: before + 2))
        }
    }

    @Test func sequencersRunningAtOnceMakeOneLog() async throws {
        try await withSignpostApp { world in
            let context = world.context
            let app = world.app
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<150 {
                            try await app.db.transaction { tx in
                                try await AuditLog.append(
                                    AuditDraft(action: "test.concurrent", actor: nil, subjectID: "\(writer)-\(index)"),
                                    context: context, on: tx)
                            }
                            if index % 25 == 0 { try await AuditSequencer.sequencePending(on: app.db) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await AuditSequencer.sequencePending(on: world.app.db)
            let events = try await AuditEventModel.query(on: world.app.db).filter(\.$action == "test.concurrent").all()
            #expect(events.count == 600)
            #expect(Set(events.compactMap(\.subjectID)).count == 600, "each event placed once")
            #expect(try await Self.pending(world) == 0)
            guard case .intact = try await world.verifyAudit() else {
                Issue.record("the chain forked or has a gap")
                return
            }
        }
    }

    /// What a family's adviser does with a subject-access copy: recompute the leaf from the event, then
    /// check the path to the root of a checkpoint signed by the published key.
    @Test func anInclusionProofChecksOutWithOnlyTheEventAndThePublicKey() async throws {
        let (path, signer) = try AuditCheckpointAPITests.keyFile()
        try await withSignpostApp(adjust: { $0.auditSigningKeyFile = path }) { world in
            try await AuditLogTests.write(40, in: world)
            let verifier = try SignedNote.Verifier(encoded: signer.verifierKey)
            let browser = TestBrowser(world.app)
            let events = try await AuditEventModel.query(on: world.app.db).sort(\.$id, .ascending).all()
            for event in [events[0], events[17], events[events.count - 1]] {
                let response = try await browser.get("/api/v1/audit/events/\(event.id!)/proof")
                #expect(response.status == .ok)
                let proof = try JSONDecoder().decode(
                    AuditTreeAPIController.InclusionProofResponse.self, from: Data(response.body.readableBytesView))
                let checkpoint = try Checkpoint(text: try verifier.open(proof.checkpoint))
                #expect(checkpoint.size == events.count && proof.treeSize == events.count)
                let leaf = MerkleTree.leafHash(event.entry.canonicalEncoding)
                #expect(Data(leaf).base64EncodedString() == proof.leafHash)
                let path = proof.auditPath.map { Array(Data(base64Encoded: $0)!) }
                #expect(
                    MerkleTree.verifyInclusion(
                        index: Int(proof.leafIndex), size: checkpoint.size, leaf: leaf, proof: path,
                        root: checkpoint.root))
                var edited = event.entry
                edited.action = "test.something-else"
                #expect(
                    !MerkleTree.verifyInclusion(
                        index: Int(proof.leafIndex), size: checkpoint.size,
                        leaf: MerkleTree.leafHash(edited.canonicalEncoding), proof: path, root: checkpoint.root),
                    "an edited event does not prove")
            }
            #expect(try await browser.get("/api/v1/audit/events/\(events.count + 1)/proof").status == .notFound)
            for bad in ["0", "-3", "abc", "99999999999999999999"] {
                let response = try await browser.get("/api/v1/audit/events/\(bad)/proof")
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.headers.contentType?.description.contains("problem+json") == true)
            }
        }
    }

    /// The tree kept in `audit_tree_nodes` is the tree of the events: its root is the one recomputed
    /// from every stored event.
    @Test func theStoredTreeIsTheTreeOfTheEvents() async throws {
        try await withSignpostApp { world in
            try await AuditLogTests.write(23, in: world)
            let leaves = try await AuditTree.leaves(on: world.app.db)
            let stored = try await AuditTree.storedRoot(size: leaves.count, on: world.sql)
            #expect(stored == MerkleTree.root(leaves))
        }
    }
}
