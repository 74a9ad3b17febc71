import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A server (and any command that opens the file) holds a shared lock on `DATABASE.lock` for as long as it
/// uses a SQLite file, and a restore takes it exclusively without waiting. So a restore refuses while a
/// server or a command runs (it would swap the file under their open connections), and they refuse to start
/// during a restore. `flock(2)` locks
/// are dropped by the kernel when the process ends, even by kill -9, so a crashed server leaves no stale
/// lock; the empty lock file itself may stay.
public final class SQLiteServingLock: @unchecked Sendable {
    private var descriptor: Int32

    public enum Problem: Error, CustomStringConvertible {
        case serving(String)
        case inUse(String)
        case restoring(String)
        case unusable(String)

        public var description: String {
            switch self {
            case .serving(let path):
                "a Signpost server is serving \(path): stop it before restoring (its lock is \(path).lock)"
            case .inUse(let path):
                "a Signpost server or a restore is using \(path): stop it first (its lock is \(path).lock)"
            case .restoring(let path):
                "\(path) is being restored: start the server, or run the command, once the restore has finished"
            case .unusable(let path): "the lock file \(path).lock could not be opened"
            }
        }
    }

    private init(database: String, operation: Int32, busy: Problem) throws {
        descriptor = open(database + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Problem.unusable(database) }
        guard flock(descriptor, operation | LOCK_NB) == 0 else {
            close(descriptor)
            throw busy
        }
    }

    /// For a server, while it serves `database`.
    public static func serving(_ database: String) throws -> SQLiteServingLock {
        try SQLiteServingLock(database: database, operation: LOCK_SH, busy: .restoring(database))
    }

    /// For a restore of `database`, refused while any server serves it.
    public static func restoring(_ database: String) throws -> SQLiteServingLock {
        try SQLiteServingLock(database: database, operation: LOCK_EX, busy: .serving(database))
    }

    /// For `demo`, which deletes and recreates `database` before it serves it: exclusive, so that it is refused
    /// while any server or restore uses the file. Call `share()` once the file is recreated.
    public static func recreating(_ database: String) throws -> SQLiteServingLock {
        try SQLiteServingLock(database: database, operation: LOCK_EX, busy: .inUse(database))
    }

    /// Turns an exclusive lock into a server's shared one, so that tools may run beside the server.
    public func share() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_SH)
    }

    /// Lets go of the lock (also done when the lock is released from memory, or the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
