import Fluent
import Foundation
import SQLKit
import SignpostCore

/// Backup and restore of a SQLite database. PostgreSQL has its own tools, which do this better than a copy
/// through the server could: `pg_dump` and `pg_basebackup` (docs/operations.md).
extension SignpostOperations {
    public static let postgresBackupAdvice =
        "this database is PostgreSQL: back it up with pg_dump --format=custom (or pg_basebackup for the "
        + "whole cluster) and restore with pg_restore, as docs/operations.md describes"

    public struct BackupReport: Sendable {
        public var path: String
        public var bytes: Int
    }

    /// A consistent copy of the database while the server runs (`VACUUM INTO`), into a file that must not
    /// exist yet: a backup never overwrites anything.
    public func backup(to path: String) async throws -> BackupReport {
        guard case .sqliteFile = app.signpost.settings.database else {
            throw OperationError(description: Self.postgresBackupAdvice)
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw OperationError(description: "\(path) already exists: a backup never overwrites a file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw OperationError(description: "the folder \(folder) does not exist or cannot be written")
        }
        guard let sql = app.db as? any SQLDatabase else {
            throw OperationError(description: "the database cannot be backed up")
        }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
        // VACUUM INTO does not sync its output: a backup reported good must survive a power cut.
        try Self.syncToDisk(path)
        try Self.syncToDisk(folder)
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return BackupReport(path: path, bytes: size)
    }

    /// Copies a backup beside the database it will replace, as `TARGET.restoring`, to be checked (opened
    /// and its audit log verified) before it is put in place. The backup itself is never opened or changed.
    public static func stageRestore(from backup: String, for target: String) throws -> String {
        guard FileManager.default.fileExists(atPath: backup) else {
            throw OperationError(description: "there is no backup at \(backup)")
        }
        let staged = target + ".restoring"
        removeDatabaseFiles(staged)
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: staged)
            // A file kept from an unclean stop has its last commits in its WAL: they come with it.
            if FileManager.default.fileExists(atPath: backup + "-wal") {
                try FileManager.default.copyItem(atPath: backup + "-wal", toPath: staged + "-wal")
            }
        } catch {
            removeDatabaseFiles(staged)
            throw OperationError(description: "the backup could not be copied beside \(target)")
        }
        return staged
    }

    /// Puts a checked staged copy in place of the database. The database it replaces (with its WAL) is kept
    /// as `TARGET.before-restore-TIME`, so a restore loses nothing; returns that path, or nil when there was
    /// no database. The server must be stopped first.
    public static func installRestore(staged: String, over target: String, at now: Date) throws -> String? {
        let manager = FileManager.default
        try syncToDisk(staged)
        // Everything of the old database moves aside, its WAL first, even when the main file is gone: SQLite
        // would replay a WAL left behind into the restored file, since a WAL does not say whose it is.
        let suffixes = ["-wal", "-shm", "-journal", ""]
        var kept: String?
        if suffixes.contains(where: { manager.fileExists(atPath: target + $0) }) {
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
            let aside = "\(target).before-restore-\(stamp)"
            for suffix in suffixes where manager.fileExists(atPath: target + suffix) {
                try manager.moveItem(atPath: target + suffix, toPath: aside + suffix)
            }
            kept = manager.fileExists(atPath: aside) ? aside : aside + "-wal"
        }
        // The main file first, then its WAL (if the staged copy kept one): a crash between leaves the restored
        // database without its last pages rather than the old database's WAL over it.
        try manager.moveItem(atPath: staged, toPath: target)
        for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: staged + suffix) {
            try manager.moveItem(atPath: staged + suffix, toPath: target + suffix)
        }
        try syncToDisk(URL(fileURLWithPath: target).deletingLastPathComponent().path)
        return kept
    }

    /// fsync of a file or a folder (a rename is durable once its folder is synced).
    static func syncToDisk(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw OperationError(description: "\(path) could not be opened to sync it to disk")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw OperationError(description: "\(path) could not be synced to disk") }
    }

    /// Removes a database file and its WAL and shared-memory files.
    public static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
