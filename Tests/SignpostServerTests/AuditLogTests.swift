import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Audit log: chain, tampering, concurrency")
struct AuditLogTests {
    /// Writes `count` events through the real append path.
    static func write(_ count: Int, in world: TestWorld) async throws {
        let context = world.context
        for index in 0..<count {
            try await world.app.db.transaction { tx in
                try await AuditLog.append(
                    AuditDraft(action: "test.event", actor: nil, subjectID: "s\(index)"), context: context, on: tx)
            }
        }
        // As the server's sequencer does within a fraction of a second.
        try await AuditSequencer.sequencePending(on: world.app.db)
    }

    @Test func aNewLogVerifies() async throws {
        try await withSignpostApp { world in
            try await Self.write(5, in: world)
            // 2 authorities + 3 organisations seeded, then 5 more.
            #expect(try await world.verifyAudit() == .intact(events: 10))
        }
    }

    @Test func anEditedRowIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            try await Self.write(5, in: world)
            try await world.sql.raw("UPDATE audit_events SET action = 'nothing.to.see' WHERE sequence = 7").run()
            guard case .broken(let sequence, _) = try await world.verifyAudit() else {
                Issue.record("edit not detected")
                return
            }
            #expect(sequence == 7)
        }
    }

    @Test func aDeletedRowIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            try await Self.write(5, in: world)
            try await world.sql.raw("DELETE FROM audit_events WHERE sequence = 4").run()
            #expect(
                try await world.verifyAudit()
                    == .broken(sequence: 4, problem: "event 4 is missing (next stored event is 5)"))
        }
    }

    @Test func aDeletedLastRowIsDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            try await Self.write(5, in: world)
            try await world.sql.raw("DELETE FROM audit_events WHERE sequence = 10").run()
            guard case .broken(let sequence, _) = try await world.verifyAudit() else {
                Issue.record("tail deletion not detected")
                return
            }
            #expect(sequence == 10)
        }
    }

    @Test func reorderedRowsAreDetected() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            try await Self.write(5, in: world)
            // Swap the sequence numbers of events 6 and 8 via a spare number.
            try await world.sql.raw("UPDATE audit_events SET sequence = 1000 WHERE sequence = 6").run()
            try await world.sql.raw("UPDATE audit_events SET sequence = 6 WHERE sequence = 8").run()
            try await world.sql.raw("UPDATE audit_events SET sequence = 8 WHERE sequence = 1000").run()
            guard case .broken(let sequence, _) = try await world.verifyAudit() else {
                Issue.record("reordering not detected")
                return
            }
            #expect(sequence == 6)
        }
    }

    @Test func aRolledBackChangeLeavesNoAuditEvent() async throws {
        try await withSignpostApp { world in
            let before = try await AuditEventModel.query(on: try await world.auditLog).count()
            let context = world.context
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await world.app.db.transaction { tx in
                    try await AuditLog.append(
                        AuditDraft(action: "test.rolled-back", actor: nil), context: context, on: tx)
                    throw Boom()
                }
            }
            #expect(try await AuditEventModel.query(on: try await world.auditLog).count() == before)
            #expect(try await world.verifyAudit() == .intact(events: before))
        }
    }

    @Test func parallelRequestsNeverForkTheChain() async throws {
        try await withSignpostApp { world in
            var accounts: [TestAccount] = []
            for index in 0..<6 { accounts.append(try await world.account("parallel\(index)@test.example")) }
            let before = try await AuditEventModel.query(on: try await world.auditLog).count()
            let now = world.clock.now
            let app = world.app
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for account in accounts {
                    // Each account: one good token request and two failures, all at once.
                    for attempt in 0..<3 {
                        group.addTask {
                            let body = try JSONSerialization.data(withJSONObject: [
                                "email": account.email, "password": attempt == 0 ? account.password : "wrong",
                                "totp": account.code(at: now),
                            ])
                            var headers = HTTPHeaders()
                            headers.contentType = .json
                            return try await TestBrowser(app).send(
                                .POST, "/api/v1/auth/token", headers: headers,
                                body: String(decoding: body, as: UTF8.self)
                            ).status
                        }
                    }
                }
                var all: [HTTPStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.count == 18)
            #expect(statuses.allSatisfy { $0 == .created || $0 == .unauthorized })
            let after = try await AuditEventModel.query(on: try await world.auditLog).count()
            // Every request wrote a sign-in event; successes also wrote a token event.
            #expect(after - before == 18 + statuses.filter { $0 == .created }.count)
            #expect(try await world.verifyAudit() == .intact(events: after))
        }
    }
}
