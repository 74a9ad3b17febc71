import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Audited reads load from a snapshot beside the one writer, and their audit writes commit in groups. What
/// must not change: every read and refusal has its event stored before the answer, a read whose event cannot
/// be stored shows nothing, and one bad write in a group fails only its own request.
@Suite("Snapshot reads and grouped audit commits", .serialized)
struct SnapshotReadTests {
    /// On a SQLite file the reader pool exists and is read-only; elsewhere reads use the usual pool.
    @Test func theReaderPoolOfASQLiteFileRefusesWrites() async throws {
        try await withFileDatabase { world in
            #expect(SQLiteReaders.registered(in: world.app) == !TestDatabase.isPostgres)
            guard !TestDatabase.isPostgres, let readers = world.app.readers as? any SQLDatabase else { return }
            let children = try await readers.raw("SELECT COUNT(*) AS n FROM children").first()
            #expect(try children?.decode(column: "n", as: Int.self) == 0)
            await #expect(throws: (any Error).self) {
                try await readers.raw("DELETE FROM audit_events").run()
            }
        }
    }

    /// Fifty team members' reads and fifty outsiders' refusals at once: each answer waits for its own event.
    @Test func concurrentReadsAndRefusalsEachHaveTheirEventBeforeTheirAnswer() async throws {
        try await withFileDatabase { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let outsider = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            let id = try await team.createChild(amelia)
            let statuses = try await withThrowingTaskGroup(of: (Bool, HTTPStatus, Bool).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let member = index.isMultiple(of: 2)
                        let response = try await concurrentGET("/api/v1/children/\(id)", as: member ? team : outsider)
                        return (member, response.status, response.body.string.contains("Amelia"))
                    }
                }
                return try await group.reduce(into: [(Bool, HTTPStatus, Bool)]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 && $0.1 == .ok && $0.2 }.count == 50, "every member saw the child")
            #expect(statuses.filter { !$0.0 && $0.1 == .notFound && !$0.2 }.count == 50, "every outsider got 404")
            // Counted straight after the answers: each was sent only once its event had committed.
            let pending = try await (world.app.db as! any SQLDatabase)
                .raw("SELECT outcome FROM audit_pending WHERE action = 'child.viewed'").all()
                .map { try $0.decode(column: "outcome", as: String.self) }
            let sequenced = try await AuditEventModel.query(on: world.app.db).filter(\.$action == "child.viewed").all()
                .map(\.outcome)
            let outcomes = pending + sequenced
            #expect(outcomes.filter { $0 == "success" }.count == 50)
            #expect(outcomes.filter { $0 == "refused" }.count == 50)
            #expect(try await ChildAccessModel.query(on: world.app.db).filter(\.$childID == id).count() == 50)
        }
    }

    /// A read's statements see one snapshot: a change committed by another connection half-way through the
    /// read is seen by none of them (on PostgreSQL this needs repeatable read; read committed fails it).
    @Test func aReadSeesOneSnapshotThoughOthersCommitMeanwhile() async throws {
        try await withFileDatabase { world in
            struct Count: Decodable { var n: Int }
            let writer = world.app.db as! any SQLDatabase
            @Sendable func count(_ db: any Database) async throws -> Int {
                try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM rate_windows")
                    .first(decoding: Count.self)?.n ?? -1
            }
            let counts = try await world.app.serviceContext().auditedSnapshotRead { _, snapshot in
                let before = try await count(snapshot)
                try await writer.raw("INSERT INTO rate_windows (bucket, window_start, hits) VALUES ('t', 1, 1)").run()
                let after = try await count(snapshot)
                return SnapshotRead(outcome: .success([before, after]), record: { _, _ in })
            }
            #expect(counts[0] == counts[1], "the second statement saw a commit the first did not")
            #expect(try await count(world.app.db) == counts[0] + 1, "the insert did commit")
        }
    }

    /// While the writer is held by someone else, a read can load but cannot answer: its event is not stored.
    @Test func anAnswerWaitsUntilItsEventCanCommit() async throws {
        try await withFileDatabase { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            let released = Flag()
            let holding = Flag()
            let holder = Task {
                try await world.app.db.transaction { tx in
                    // SQLite has one writer connection; on PostgreSQL, take the audit table from everyone else.
                    if TestDatabase.isPostgres, let sql = tx as? any SQLDatabase {
                        try await sql.raw("LOCK TABLE audit_pending IN EXCLUSIVE MODE").run()
                    }
                    await holding.set()
                    try await Task.sleep(for: .milliseconds(500))
                    await released.set()
                }
            }
            while await !holding.value { try await Task.sleep(for: .milliseconds(5)) }
            let response = try await concurrentGET("/api/v1/children/\(id)", as: team)
            #expect(response.status == .ok)
            #expect(await released.value, "the child was shown before the writer could store its event")
            try await holder.value
        }
    }

    /// A group whose transaction fails is retried one write at a time: the bad one fails alone, and none of
    /// its rows remain.
    @Test func oneFailingWriteInAGroupFailsOnlyItself() async throws {
        try await withFileDatabase { world in
            struct Broken: Error {}
            let context = world.context
            let batcher = AuditWriteBatcher()
            let results = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            try await batcher.commit(on: context.db) { tx in
                                var writing = context
                                writing.db = tx
                                try await AuditLog.append(
                                    AuditDraft(action: "test.grouped", actor: nil, subjectID: String(index)),
                                    context: writing, on: tx)
                                if index == 7 { throw Broken() }
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 39)
            let stored = try await AuditEventModel.query(on: try await world.auditLog)
                .filter(\.$action == "test.grouped").all().compactMap(\.subjectID)
            #expect(stored.count == 39)
            #expect(!stored.contains("7"))
        }
    }
}

private actor Flag {
    private(set) var value = false
    func set() { value = true }
}

/// A GET without the test browser's check that counts refusal events before and after, which only holds for
/// one request at a time; the test counts them itself.
private func concurrentGET(_ path: String, as client: APIClient) async throws -> TestingHTTPResponse {
    var headers = HTTPHeaders()
    headers.bearerAuthorization = BearerAuthorization(token: client.token)
    var captured: TestingHTTPResponse?
    try await client.world.app.testing().test(.GET, path, headers: headers) { captured = $0 }
    return captured!
}

/// A test app on a SQLite file (so that the reader pool exists), or on the test's PostgreSQL schema.
private func withFileDatabase(_ body: @escaping @Sendable (TestWorld) async throws -> Void) async throws {
    let file = NSTemporaryDirectory() + "signpost-snapshot-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
    try await withSignpostApp(adjust: { if !TestDatabase.isPostgres { $0.database = .sqliteFile(path: file) } }) {
        try await body($0)
    }
}
