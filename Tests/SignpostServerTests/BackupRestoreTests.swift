import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// `signpost backup` and `signpost restore` on SQLite: a copy taken while the server runs holds every
/// committed child and an audit chain that verifies; a restore keeps the database it replaces.
@Suite("Backup and restore", .serialized)
struct BackupRestoreTests {
    @Test func aBackupTakenWhileServingRestoresWithAnIntactAuditLogAndLosesNothing() async throws {
        guard !TestDatabase.isPostgres else { return }
        let folder = NSTemporaryDirectory() + "signpost-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let live = folder + "/live.sqlite"
        let backup = folder + "/backup.sqlite"
        try await withSignpostApp(adjust: { $0.database = .sqliteFile(path: live) }) { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let child = try await team.createChild(amelia)
            #expect(try await team.send(.GET, "/api/v1/children/\(child)").status == .ok)
            let operations = SignpostOperations(app: world.app)
            let report = try await operations.backup(to: backup)
            #expect(report.bytes > 0)
            // Never over an existing file.
            await #expect(throws: SignpostOperations.OperationError.self) { try await operations.backup(to: backup) }

            // Restore over a database that exists: it is kept aside, and the restored copy verifies.
            let target = folder + "/restored.sqlite"
            try Data("the database before the restore".utf8).write(to: URL(fileURLWithPath: target))
            let staged = try SignpostOperations.stageRestore(from: backup, for: target)
            var environment = world.app.signpost
            environment.settings.database = .sqliteFile(path: staged)
            let restored = try await SignpostApp.make(
                environment: environment, vaporEnvironment: .testing, workingDirectory: packageRoot)
            do {
                let verdict = try await SignpostOperations(app: restored).verifyAudit()
                let liveVerdict = try await SignpostOperations(app: world.app).verifyAudit()
                guard case .intact(let events) = verdict, case .intact(let liveEvents) = liveVerdict else {
                    Issue.record("a backup's audit chain is broken: \(verdict)")
                    try await restored.asyncShutdown()
                    return
                }
                #expect(events > 0 && events <= liveEvents)
                #expect(try await ChildModel.find(child, on: restored.db)?.givenName == "Amelia")
                let viewed = try await AuditEventModel.query(on: restored.db)
                    .filter(\.$action == "child.viewed").filter(\.$subjectID == child.uuidString).count()
                #expect(viewed == 1, "the read before the backup is in the backup's log")
            } catch {
                try? await restored.asyncShutdown()
                throw error
            }
            try await restored.asyncShutdown()
            let kept = try SignpostOperations.installRestore(staged: staged, over: target, at: world.clock.now)
            let keptPath = try #require(kept)
            #expect(try String(contentsOfFile: keptPath, encoding: .utf8) == "the database before the restore")
            #expect(!FileManager.default.fileExists(atPath: staged))
            #expect(FileManager.default.contents(atPath: target)?.prefix(15) == Data("SQLite format 3".utf8))
        }
    }

    /// A WAL does not say which database it belongs to: one left beside a deleted database must move aside,
    /// or SQLite would replay it into the restored file. A backup's own WAL comes with it.
    @Test func walFilesGoWithTheirOwnDatabaseOnly() throws {
        let folder = NSTemporaryDirectory() + "signpost-wal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let backup = folder + "/kept.sqlite"
        try Data("main pages".utf8).write(to: URL(fileURLWithPath: backup))
        try Data("its last commits".utf8).write(to: URL(fileURLWithPath: backup + "-wal"))
        let target = folder + "/signpost.sqlite"
        try Data("a stale WAL".utf8).write(to: URL(fileURLWithPath: target + "-wal"))

        let staged = try SignpostOperations.stageRestore(from: backup, for: target)
        #expect(FileManager.default.contents(atPath: staged + "-wal") == Data("its last commits".utf8))
        let kept = try SignpostOperations.installRestore(staged: staged, over: target, at: Date())
        #expect(FileManager.default.contents(atPath: target) == Data("main pages".utf8))
        #expect(FileManager.default.contents(atPath: target + "-wal") == Data("its last commits".utf8))
        #expect(kept.flatMap { FileManager.default.contents(atPath: $0) } == Data("a stale WAL".utf8))
    }

    @Test func aMissingBackupAndPostgreSQLGetClearAnswers() async throws {
        #expect(throws: SignpostOperations.OperationError.self) {
            try SignpostOperations.stageRestore(from: "/nonexistent/backup.sqlite", for: "/tmp/x.sqlite")
        }
        guard TestDatabase.isPostgres else { return }
        try await withSignpostApp { world in
            await #expect(throws: SignpostOperations.OperationError.self) {
                try await SignpostOperations(app: world.app).backup(to: NSTemporaryDirectory() + "\(UUID()).sqlite")
            }
        }
    }
}
