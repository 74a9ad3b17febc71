import Foundation
import Testing

@testable import SignpostServer

/// A restore must never swap the database under a running server, and a server must not start in the
/// middle of a restore.
@Suite("SQLite serving lock: no restore under a running server")
struct SQLiteServingLockTests {
    static func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("serving-lock-\(UUID().uuidString).sqlite").path
    }

    @Test func aRestoreIsRefusedWhileAServerServesAndAllowedOnceItStops() throws {
        let database = Self.database()
        defer { try? FileManager.default.removeItem(atPath: database + ".lock") }
        let first = try SQLiteServingLock.serving(database)
        let second = try SQLiteServingLock.serving(database)  // servers share it: tools may run beside them
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.restoring(database) }
        first.release()
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.restoring(database) }
        second.release()
        let restore = try SQLiteServingLock.restoring(database)
        // While the restore holds it, a server does not start, and neither does another restore.
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.serving(database) }
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.restoring(database) }
        restore.release()
        _ = try SQLiteServingLock.serving(database)
    }

    @Test func theRefusalSaysWhatToDo() throws {
        let database = Self.database()
        defer { try? FileManager.default.removeItem(atPath: database + ".lock") }
        let server = try SQLiteServingLock.serving(database)
        do {
            _ = try SQLiteServingLock.restoring(database)
            Issue.record("a restore was allowed while a server serves")
        } catch let problem as SQLiteServingLock.Problem {
            #expect(problem.description.contains("stop it before restoring"))
        }
        server.release()
    }

    /// The demo deletes and recreates its file: only when nobody else uses it, then it serves like any server.
    @Test func theDemoRecreatesItsFileOnlyWhenNobodyUsesIt() throws {
        let database = Self.database()
        defer { try? FileManager.default.removeItem(atPath: database + ".lock") }
        let server = try SQLiteServingLock.serving(database)
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.recreating(database) }
        server.release()
        let demo = try SQLiteServingLock.recreating(database)
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.serving(database) }
        demo.share()
        let tool = try SQLiteServingLock.serving(database)
        #expect(throws: SQLiteServingLock.Problem.self) { try SQLiteServingLock.restoring(database) }
        tool.release()
        demo.release()
    }
}
