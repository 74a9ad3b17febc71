import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Two Signpost servers on one database, as behind a load balancer: the lockout holds across them and they
/// write one audit log that verifies. On PostgreSQL they share the test's schema; on SQLite, a file.
///
/// Serialised: SQLiteNIO's busy handler retries at once, on a thread of the one shared thread pool. Two of
/// these tests at once can leave both threads retrying for locks whose holders wait for a thread, which
/// never happens across processes (each server has its own pool) but does inside one test process.
@Suite("Two servers on one database", .serialized)
struct TwoServersTests {
    @Test func guessesSpreadOverTwoServersStillLockAfterFiveAndTheLogIsOne() async throws {
        let file = NSTemporaryDirectory() + "signpost-two-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        try await withSignpostApp(adjust: { if !TestDatabase.isPostgres { $0.database = .sqliteFile(path: file) } }) {
            world in
            let second = try await secondServer(beside: world.app, file: file)
            do {
                let account = try await world.account()
                let servers = [world.context, second.serviceContext()]
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<40 {
                        let context = servers[index % 2]
                        group.addTask {
                            let outcome = try await AuthenticationService(context: context).authenticate(
                                email: account.email, password: "wrong-\(index)", code: "000000", channel: "api",
                                grant: { _, _ in true })
                            if case .granted = outcome { return true }
                            return false
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(granted == 0)
                // Sequence from the second server: either server's sequencer orders everyone's events.
                try await AuditSequencer.sequencePending(on: second.db)
                let failures = try await AuditEventModel.query(on: world.app.db)
                    .filter(\.$action == "auth.sign-in").filter(\.$outcome == "failure").count()
                #expect(failures == SignInRules.maximumFailures)
                #expect(
                    try await AuditEventModel.query(on: world.app.db).filter(\.$action == "auth.sign-in").count() == 40)
                let sequences = try await AuditEventModel.query(on: world.app.db).sort(\.$id).all().compactMap(\.id)
                #expect(sequences == Array(1...Int64(sequences.count)), "one log, no gaps")
                #expect(try await AuditVerification.verify(on: second.db) == .intact(events: sequences.count))
                // The real credentials are refused on both servers while the lock holds.
                for context in [world.context, second.serviceContext()] {
                    let outcome = try await AuthenticationService(context: context).authenticate(
                        email: account.email, password: account.password, code: account.code(at: world.clock.now),
                        channel: "api", grant: { _, _ in true })
                    if case .granted = outcome { Issue.record("a locked account signed in") }
                }
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    @Test func theSearchLimitAndTheAddressThrottleAreSharedByBothServers() async throws {
        let file = NSTemporaryDirectory() + "signpost-two-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        try await withSignpostApp(adjust: {
            $0.searchesPerMinute = 3
            if !TestDatabase.isPostgres { $0.database = .sqliteFile(path: file) }
        }) { world in
            let second = try await secondServer(beside: world.app, file: file)
            do {
                let account = try await world.account()
                let model = try #require(
                    try await PractitionerModel.query(on: world.app.db).filter(\.$id == account.id)
                        .with(\.$organisation) { $0.with(\.$authority) }.first())
                let actor = try AuthenticationService.authenticated(model)
                let request = SearchRequest(
                    reason: "new-referral", reasonText: nil, criteria: SearchCriteria(nhsNumber: "9990000018"))
                var outcomes: [String] = []
                for (index, app) in [world.app, second, world.app, second, world.app, second].enumerated() {
                    do {
                        _ = try await SearchService(context: app.serviceContext()).search(
                            request, by: actor, limiter: app.searchRateLimiter)
                        outcomes.append("ok")
                    } catch let error as ServiceError where error.kind == .rateLimited {
                        outcomes.append("limited")
                    } catch {
                        Issue.record("search \(index): \(error)")
                    }
                }
                #expect(outcomes == ["ok", "ok", "ok", "limited", "limited", "limited"])

                // Failed sign-ins from one address, spread over both servers, are checked up to the limit.
                var contexts = [world.context, second.serviceContext()]
                for index in contexts.indices {
                    contexts[index].client = ClientInfo(ip: "203.0.113.50", userAgent: nil)
                }
                let attempts = SignInRules.maximumFailuresPerAddressPerMinute + 10
                let checked = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<attempts {
                        let context = contexts[index % 2]
                        group.addTask {
                            let outcome = try await AuthenticationService(context: context).authenticate(
                                email: "spray\(index)@test.example", password: "guess", code: "000000",
                                channel: "api", grant: { _, _ in true })
                            if case .throttled = outcome { return false }
                            return true
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(checked == SignInRules.maximumFailuresPerAddressPerMinute)
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    /// A second app on the first one's database (its schema on PostgreSQL), with no migrations of its own.
    private func secondServer(beside first: Application, file: String) async throws -> Application {
        var environment = first.signpost
        if !TestDatabase.isPostgres { environment.settings.database = .sqliteFile(path: file) }
        let schema = try await currentSchema(of: first)
        return try await SignpostApp.make(
            environment: environment, vaporEnvironment: .testing, workingDirectory: packageRoot,
            databaseSchema: schema)
    }

    private func currentSchema(of app: Application) async throws -> String? {
        guard TestDatabase.isPostgres, let sql = app.db as? any SQLDatabase else { return nil }
        return try await sql.raw("SELECT current_schema() AS name").first()?.decode(column: "name", as: String.self)
    }
}
