import ArgumentParser
import Foundation
import SignpostCore
import SignpostServer

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database while the server runs (VACUUM INTO), then verify the copy's audit log.",
        discussion: "For PostgreSQL use pg_dump or pg_basebackup (docs/operations.md).")

    @Option(help: "The backup file to write; it must not exist.") var out: String

    func run() async throws {
        let settings = try Runtime.settings()
        guard case .sqliteFile = settings.database else { Runtime.fail(SignpostOperations.postgresBackupAdvice) }
        let report = try await runOperation(settings: settings) { try await $0.backup(to: out) }
        // The copy is checked as a restore would check it, on a staged copy, so the backup stays untouched.
        let events = try await RestoreCommand.verifiedEvents(of: out, settings: settings)
        print("backed up to \(report.path) (\(report.bytes) bytes); its audit chain is intact: \(events) events")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with a backup, once the backup's audit log verifies.",
        discussion:
            "Stop the server first: a restore is refused while a server serves the file. The database it replaces is kept beside it as FILE.before-restore-TIME. For PostgreSQL use pg_restore (docs/operations.md)."
    )

    @Option(help: "The backup file to restore.") var from: String
    @Flag(help: "Replace an existing database (it is kept beside the restored one).") var force = false

    func run() async throws {
        let settings = try Runtime.settings()
        guard case .sqliteFile(let target) = settings.database else {
            Runtime.fail(SignpostOperations.postgresBackupAdvice)
        }
        // Held to the end, so that no server starts on the file while it is replaced.
        let lock: SQLiteServingLock
        do { lock = try SQLiteServingLock.restoring(target) } catch { Runtime.fail("\(error)") }
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: target) && !force {
            Runtime.fail("\(target) exists. Stop the server, then pass --force to replace it (it is kept beside).")
        }
        let staged = try staging { try SignpostOperations.stageRestore(from: from, for: target) }
        let events: Int
        do {
            events = try await Self.verifiedEvents(ofStaged: staged, settings: settings)
        } catch {
            SignpostOperations.removeDatabaseFiles(staged)
            throw error
        }
        let kept = try staging { try SignpostOperations.installRestore(staged: staged, over: target, at: Date()) }
        print("restored \(target) from \(from); its audit chain is intact: \(events) events")
        if let kept { print("the database it replaced is kept as \(kept)") }
    }

    private func staging<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SignpostOperations.OperationError {
            Runtime.fail(error.description)
        }
    }

    /// Opens a staged copy of `backup` and verifies its audit chain; exits with the reason when it is not a
    /// Signpost database or its chain is broken. The staged copy is removed afterwards.
    static func verifiedEvents(of backup: String, settings: Settings) async throws -> Int {
        let staged = try SignpostOperations.stageRestore(from: backup, for: backup + ".check")
        defer { SignpostOperations.removeDatabaseFiles(staged) }
        return try await verifiedEvents(ofStaged: staged, settings: settings)
    }

    static func verifiedEvents(ofStaged staged: String, settings: Settings) async throws -> Int {
        // Opening the copy takes its own lock file, which is not installed with it.
        defer { try? FileManager.default.removeItem(atPath: staged + ".lock") }
        var copy = settings
        copy.database = .sqliteFile(path: staged)
        let verdict: AuditChain.Verdict
        do {
            verdict = try await Runtime.withApp(settings: copy) { try await SignpostOperations(app: $0).verifyAudit() }
        } catch {
            SignpostOperations.removeDatabaseFiles(staged)
            Runtime.fail("the backup is not a Signpost database that can be opened (\(type(of: error)))")
        }
        switch verdict {
        case .intact(let events):
            return events
        case .broken(let sequence, let problem):
            SignpostOperations.removeDatabaseFiles(staged)
            Runtime.fail("the backup's audit chain is broken at sequence \(sequence) (\(problem)): not restored")
        }
    }
}
