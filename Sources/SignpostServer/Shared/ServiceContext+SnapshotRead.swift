import Fluent
import Foundation
import SQLKit

/// What an audited read found, and the audit writes that must be durable before anyone sees it.
struct SnapshotRead<Value: Sendable>: Sendable {
    typealias Record = @Sendable (ServiceContext, any Database) async throws -> Void

    /// The value to answer with, or the refusal to answer with once it is recorded.
    var outcome: Result<Value, Refusal>
    /// The audit event and anything else the read records (access history, alerts, notifications).
    var record: Record
}

extension ServiceContext {
    /// An audited read that does not hold the database's one writer while it loads. `load` runs in a read
    /// transaction on a reader connection and sees one snapshot for everything it reads (SQLite's WAL read
    /// transaction; on PostgreSQL `REPEATABLE READ READ ONLY`, so a change that commits between two of its
    /// statements, such as a consent withdrawn, is seen by neither or both) and must not write; its
    /// `record` then runs on the writer, committed with other reads' in one transaction by `auditWrites`.
    /// Only after that commit is the value returned or the refusal thrown: nothing is shown before its
    /// event is durable, and a read whose event cannot be stored shows nothing.
    ///
    /// Inside another use case's transaction, both steps run in it, in order.
    func auditedSnapshotRead<T: Sendable>(
        _ load: @escaping @Sendable (ServiceContext, any Database) async throws -> SnapshotRead<T>
    ) async throws -> T {
        if db.inTransaction {
            let read = try await load(self, db)
            try await read.record(self, db)
            return try read.outcome.get()
        }
        let base = self
        let read = try await readers.transaction { snapshot in
            try await Self.beginSnapshot(on: snapshot)
            var reading = base
            reading.db = snapshot
            return try await load(reading, snapshot)
        }
        try await auditWrites.commit(on: db) { tx in
            var writing = base
            writing.db = tx
            try await read.record(writing, tx)
        }
        switch read.outcome {
        case .success(let value):
            return value
        case .failure(let refusal):
            var error = refusal.error
            error.audited = true
            throw error
        }
    }

    /// PostgreSQL's transactions are read committed by default: each statement sees what committed before it.
    /// A read-only repeatable-read transaction sees one snapshot and never fails to serialise.
    static func beginSnapshot(on snapshot: any Database) async throws {
        guard let sql = snapshot as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
    }
}
