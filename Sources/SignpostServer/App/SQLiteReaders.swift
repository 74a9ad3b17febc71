import Fluent
import FluentSQLiteDriver
import Foundation
import Vapor

extension DatabaseID {
    /// Read-only connections to the SQLite file, beside its one writer. In WAL mode they read a consistent
    /// snapshot while the writer commits, so an audited read's loading does not wait for other requests.
    static let sqliteReaders = DatabaseID(string: "sqlite-readers")
}

/// The reader pool of a file database. A memory database has no second connection to the same data, and
/// PostgreSQL's pool already runs transactions side by side, so both read through their usual pool.
///
/// Fluent gives SQLite one connection per event loop (more would only contend, it says, which holds for
/// writers), so the readers get their own event loops: one connection each, on their own thread pool.
enum SQLiteReaders {
    /// Two cores: four connections keep both busy while some wait on a hop between threads.
    static let connections = 4
    static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: connections)
    static let threadPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: connections)
        pool.start()
        return pool
    }()

    static func register(_ app: Application, path: String) {
        let databases = Databases(threadPool: threadPool, on: eventLoops)
        databases.use(.sqlite(.file(readOnlyURI(path))), as: .sqliteReaders, isDefault: true)
        app.storage[PoolKey.self] = databases
        app.lifecycle.use(Shutdown())
    }

    /// A `file:` URI with `mode=ro`: SQLite itself refuses any write on these connections.
    static func readOnlyURI(_ path: String) -> String {
        // `?`, `#` and `%` would end or escape the path part of the URI (sqlite.org/uri.html).
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return "file:\(escaped)?mode=ro"
    }

    static func registered(in app: Application) -> Bool { app.storage[PoolKey.self] != nil }

    /// A reader connection's database, or nil where there is no reader pool.
    static func database(in app: Application, logger: Logger) -> (any Database)? {
        app.storage[PoolKey.self]?.database(.sqliteReaders, logger: logger, on: eventLoops.any())
    }

    private struct PoolKey: StorageKey {
        typealias Value = Databases
    }

    /// Closes the reader connections with the application; the event loops and threads are shared.
    private struct Shutdown: LifecycleHandler {
        func shutdownAsync(_ application: Application) async {
            await application.storage[PoolKey.self]?.shutdownAsync()
        }
    }
}

extension Application {
    private struct AuditWriteBatcherKey: StorageKey {
        typealias Value = AuditWriteBatcher
    }

    /// One batcher per application, made at start-up: the writer it commits through is the application's.
    var auditWriteBatcher: AuditWriteBatcher {
        if let existing = storage[AuditWriteBatcherKey.self] { return existing }
        let batcher = AuditWriteBatcher()
        storage[AuditWriteBatcherKey.self] = batcher
        return batcher
    }

    /// Where audited reads load from: the reader pool of a SQLite file, otherwise the usual pool.
    var readers: any Database { SQLiteReaders.database(in: self, logger: logger) ?? db }
}

extension Request {
    var readers: any Database { SQLiteReaders.database(in: application, logger: logger) ?? db }
}
