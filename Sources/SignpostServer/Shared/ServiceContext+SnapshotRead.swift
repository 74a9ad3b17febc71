import Fluent
import Foundation

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
    /// transaction on a reader connection (on SQLite one snapshot for everything it reads; on PostgreSQL read
    /// committed, as every transaction there) and must not write; its
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
}
