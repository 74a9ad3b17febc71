import Fluent
import Foundation
import Logging
import NIOPosix
import SignpostCore

/// Where a request came from: recorded on every audit event.
struct ClientInfo: Sendable {
    var ip: String?
    var userAgent: String?

    static let commandLine = ClientInfo(ip: nil, userAgent: "signpost-cli")
}

/// Everything a service needs for one call: the database, the time, who is asking and from where.
struct ServiceContext: Sendable {
    var db: any Database
    /// Read-only connections for an audited read's loading (`auditedSnapshotRead`); `db` where there are none.
    var readers: any Database
    /// Commits the audit writes of concurrent snapshot reads together.
    var auditWrites: AuditWriteBatcher
    var now: Date
    var client: ClientInfo
    var environment: SignpostEnvironment
    var threadPool: NIOThreadPool
    var logger: Logger

    var masterKey: MasterKey { environment.masterKey }
}

extension ServiceContext {
    /// One transaction with `self.db` swapped for it; a `Refusal` commits, any other error rolls back.
    func auditedTransaction<T: Sendable>(_ body: @escaping @Sendable (ServiceContext, any Database) async throws -> T)
        async throws -> T
    {
        // Inside another use case's transaction (one page composed of several reads), run in it and let a
        // `Refusal` reach the outermost call, which commits its audit event.
        if db.inTransaction { return try await body(self, db) }
        let base = self
        let outcome: Result<T, ServiceError> = try await db.transaction { tx in
            var inTransaction = base
            inTransaction.db = tx
            do {
                return .success(try await body(inTransaction, tx))
            } catch let refusal as Refusal {
                var error = refusal.error
                error.audited = true
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
