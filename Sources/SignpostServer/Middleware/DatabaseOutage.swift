import AsyncKit
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOCore
import Vapor

/// Tells an unavailable database (stopped, unreachable, out of connections, busy, out of disk) from a
/// defect. An outage is the operator's to fix and the client's to retry, so it answers 503 with
/// `Retry-After` on every route; anything else stays a 500 and is logged as unexpected.
enum DatabaseOutage {
    /// Seconds a client is asked to wait before trying again.
    static let retryAfterSeconds = 5

    static func isOutage(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionPoolTimeoutError, is ConnectionPoolError, is IOError, is ChannelError:
            return true
        case let error as PSQLError:
            return isOutage(error)
        case let error as SQLiteError:
            return isOutage(error.reason)
        default:
            return false
        }
    }

    private static func isOutage(_ error: PSQLError) -> Bool {
        let connectionCodes: [PSQLError.Code] = [
            .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
        ]
        if connectionCodes.contains(error.code) { return true }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P0x operator intervention
        // (shutdown, cannot connect now), 40001 / 40P01 serialisation failure and deadlock, which a retry
        // clears.
        return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P0") || state == "40001"
            || state == "40P01"
    }

    private static func isOutage(_ reason: SQLiteError.Reason) -> Bool {
        // The extended codes are families of the basic ones (busyTimeout, ioErrorFailedWrite, …).
        let name = String(describing: reason)
        return ["busy", "locked", "ioError", "full", "cantOpen", "readonly", "readOnly"].contains {
            name.hasPrefix($0)
        }
    }
}
