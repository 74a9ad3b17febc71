import Fluent
import Foundation

/// Group commit for audited reads. A read loads on a reader connection and leaves only its audit writes
/// (the event, the access history row, any alert) to the database's one writer. Those of concurrent reads
/// commit together here: one transaction and one fsync for many, instead of one each. Every caller waits
/// until its own writes are durable, so no response goes out before its event is stored. A batch that
/// fails is retried one read at a time, so a bad write fails its own request and no other.
actor AuditWriteBatcher {
    typealias Write = @Sendable (any Database) async throws -> Void

    private struct Pending {
        var write: Write
        var done: CheckedContinuation<Void, any Error>
    }

    /// Enough to amortise the commit; small enough that one batch's transaction stays short.
    static let maxBatch = 128

    private var pending: [Pending] = []
    private var draining = false

    /// Runs `write` in a transaction on `db`, with whatever other writes are waiting; returns once committed.
    func commit(on db: any Database, _ write: @escaping Write) async throws {
        // Inside a caller's transaction the write belongs to it; grouping it would put other requests'
        // writes in that transaction.
        guard !db.inTransaction else { return try await write(db) }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(Pending(write: write, done: continuation))
            guard !draining else { return }
            draining = true
            Task { await self.drain(on: db) }
        }
    }

    private func drain(on db: any Database) async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            let writes = batch.map(\.write)
            do {
                try await db.transaction { tx in
                    for write in writes { try await write(tx) }
                }
                for item in batch { item.done.resume() }
            } catch {
                guard batch.count > 1 else {
                    batch[0].done.resume(throwing: error)
                    continue
                }
                for item in batch {
                    do {
                        try await db.transaction { try await item.write($0) }
                        item.done.resume()
                    } catch {
                        item.done.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }
}
