import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing

@testable import SignpostServer

/// The audit log against a checkpoint a witness kept, on whichever engine the suite runs on. Each
/// attack is the insider's: raw SQL, then every later chain hash and the head recomputed, so the chain
/// on its own verifies ("audit chain intact") and only the checkpoint catches it.
@Suite("Audit Merkle tree: checkpoints and tampering")
struct AuditTreeTests {
    static let signer = try! SignedNote.Signer.generate(name: "signpost.test/audit")
    static var verifier: SignedNote.Verifier { try! SignedNote.Verifier(encoded: signer.verifierKey) }

    /// A log of 15 events, its checkpoint, then 5 more events written after it.
    static func loggedWithCheckpoint(_ world: TestWorld) async throws -> String {
        try await AuditLogTests.write(10, in: world)
        let note = try await AuditTree.checkpoint(signer: signer, now: world.context.now, on: world.app.db).note
        try await AuditLogTests.write(5, in: world)
        return note
    }

    /// What an insider with SQL access does after a change: recompute every hash and the head, in order.
    static func relink(_ world: TestWorld) async throws {
        var previous = AuditChain.genesisHash
        var last: Int64 = 0
        for row in try await AuditEventModel.query(on: try await world.auditLog).sort(\.$id, .ascending).all() {
            let hash = AuditChain.hash(previousHash: previous, entry: row.entry)
            try await world.sql.raw(
                "UPDATE audit_events SET previous_hash = \(bind: previous), hash = \(bind: hash) WHERE sequence = \(bind: row.id!)"
            ).run()
            (previous, last) = (hash, row.id!)
        }
        try await world.sql.raw(
            "UPDATE audit_chain_head SET last_sequence = \(bind: last), last_hash = \(bind: previous) WHERE id = 1"
        ).run()
    }

    static func verdict(_ note: String, _ world: TestWorld) async throws -> AuditTree.Verdict {
        try await AuditTree.verify(against: note, verifier: verifier, on: world.app.db)
    }

    /// The checkpoint check finds the change, and says so in words an auditor can act on.
    static func expectCaught(_ note: String, _ world: TestWorld, _ what: String, saying words: [String])
        async throws
    {
        guard case .broken(let problem) = try await verdict(note, world) else {
            Issue.record("\(what) was not detected")
            return
        }
        for word in words { #expect(problem.contains(word), "\(what): \(problem)") }
    }

    @Test func aGrowingLogExtendsItsCheckpointAndACheckpointFromAnotherKeyIsRefused() async throws {
        try await withSignpostApp { world in
            let note = try await Self.loggedWithCheckpoint(world)
            #expect(try await Self.verdict(note, world) == .extends(events: 20, covered: 15))
            let stranger = try SignedNote.Signer.generate(name: "signpost.test/audit")
            let forged = try stranger.sign(try Checkpoint(text: try Self.verifier.open(note)).text)
            guard case .broken(let problem) = try await Self.verdict(forged, world) else {
                Issue.record("a checkpoint signed by another key was accepted")
                return
            }
            #expect(problem.contains("not signed by the audit key"))
        }
    }

    @Test func truncatingTheTailAndResettingTheHeadIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            let note = try await Self.loggedWithCheckpoint(world)
            try await world.sql.raw("DELETE FROM audit_events WHERE sequence > 12").run()
            try await Self.relink(world)
            #expect(try await world.verifyAudit() == .intact(events: 12), "the chain alone is fooled")
            try await Self.expectCaught(
                note, world, "truncation below the checkpoint", saying: ["holds 12 events", "covers 15"])
        }
    }

    @Test func editingAMiddleEventAndRecomputingEveryLaterHashIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            let note = try await Self.loggedWithCheckpoint(world)
            try await world.sql.raw("UPDATE audit_events SET action = 'nothing.to.see' WHERE sequence = 8").run()
            try await Self.relink(world)
            #expect(try await world.verifyAudit() == .intact(events: 20), "the chain alone is fooled")
            try await Self.expectCaught(
                note, world, "an edit below the checkpoint", saying: ["edited, deleted or reordered"])
        }
    }

    @Test func deletingAMiddleEventAndRenumberingIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            let note = try await Self.loggedWithCheckpoint(world)
            try await world.sql.raw("DELETE FROM audit_events WHERE sequence = 5").run()
            for sequence in 6...20 {
                try await world.sql.raw(
                    "UPDATE audit_events SET sequence = \(bind: sequence - 1) WHERE sequence = \(bind: sequence)"
                ).run()
            }
            try await Self.relink(world)
            #expect(try await world.verifyAudit() == .intact(events: 19), "the chain alone is fooled")
            try await Self.expectCaught(
                note, world, "a deletion below the checkpoint", saying: ["edited, deleted or reordered"])
        }
    }

    @Test func reorderingTwoEventsIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            let note = try await Self.loggedWithCheckpoint(world)
            try await world.sql.raw("UPDATE audit_events SET sequence = 1000 WHERE sequence = 6").run()
            try await world.sql.raw("UPDATE audit_events SET sequence = 6 WHERE sequence = 9").run()
            try await world.sql.raw("UPDATE audit_events SET sequence = 9 WHERE sequence = 1000").run()
            try await Self.relink(world)
            #expect(try await world.verifyAudit() == .intact(events: 20), "the chain alone is fooled")
            try await Self.expectCaught(
                note, world, "reordering below the checkpoint", saying: ["edited, deleted or reordered"])
        }
    }

    @Test func aChangeAfterTheCheckpointIsNotItsToCatchButTheChainStillIs() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            let note = try await Self.loggedWithCheckpoint(world)
            try await world.sql.raw("UPDATE audit_events SET action = 'later.edit' WHERE sequence = 18").run()
            try await Self.expectCaught(note, world, "an unlinked edit", saying: ["chain is broken at sequence 18"])
        }
    }
}
