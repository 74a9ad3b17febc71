import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Metrics: the audit log's size")
struct AuditMetricsTests {
    /// The metric counts committed events only: a transaction that rolls back (a retried batch) adds nothing,
    /// and events committed but not yet placed in the chain are counted once.
    @Test func theAuditMetricCountsCommittedEventsOnly() async throws {
        let metricsToken = String(repeating: "m", count: 40)
        try await withSignpostApp(adjust: { $0.metricsToken = metricsToken }) { world in
            let browser = TestBrowser(world.app)
            func logged() async throws -> Int? {
                let text = try await browser.get("/metrics", headers: ["Authorization": "Bearer \(metricsToken)"])
                    .body.string
                let line = text.split(separator: "\n").first { $0.hasPrefix("signpost_audit_log_events ") }
                return line.flatMap { Double($0.split(separator: " ")[1]) }.map { Int($0) }
            }
            let before = try #require(try await logged())
            let context = world.context
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await world.app.db.transaction { tx in
                    try await AuditLog.append(
                        [AuditDraft(action: "test.rolled-back", actor: nil), AuditDraft(action: "test.x", actor: nil)],
                        context: context, on: tx)
                    throw Boom()
                }
            }
            #expect(try await logged() == before)
            try await world.app.db.transaction { tx in
                try await AuditLog.append(
                    [AuditDraft(action: "test.kept", actor: nil), AuditDraft(action: "test.kept", actor: nil)],
                    context: context, on: tx)
            }
            #expect(try await logged() == before + 2)
            try await AuditSequencer.sequencePending(on: world.app.db)
            #expect(try await logged() == before + 2)
        }
    }
}
