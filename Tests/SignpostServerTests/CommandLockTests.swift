import Foundation
import SignpostServer
import Testing

/// The `signpost` commands that open a SQLite file hold its lock shared, as a server does: run while a
/// restore holds it, a command refuses with the reason and touches nothing. The built binary is run, since
/// the wiring is in the command line's own runtime.
@Suite("Commands and a restore never use one SQLite file at once")
struct CommandLockTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/signpost")

    func run(_ arguments: [String], database: String, in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = "sqlite://\(database)"
        environment["SIGNPOST_KEY_FILE"] = nil  // a key is made in the directory for the test
        process.environment = environment
        // Output goes to two files of its own: one handle given as both stdout and stderr is closed twice by
        // Foundation after the launch, and the second close can hit a descriptor another test has just opened.
        let files = ["out", "err"].map { directory.appendingPathComponent("command-\(UUID()).\($0)") }
        for file in files { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handles = try files.map { try FileHandle(forWritingTo: $0) }
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        try process.run()
        process.waitUntilExit()
        for handle in handles { try handle.close() }
        let output = try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        return (process.terminationStatus, output)
    }

    @Test func aCommandRefusesWhileARestoreHoldsTheFile() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "build the signpost binary first (swift build --build-tests)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signpost-lock-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("signpost.sqlite").path
        let restore = try SQLiteServingLock.restoring(database)
        let refused = try run(["migrate"], database: database, in: directory)
        #expect(refused.status != 0)
        #expect(refused.output.contains("is being restored"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: database), "the refused command opened the database")
        restore.release()
        let migrated = try run(["migrate"], database: database, in: directory)
        #expect(migrated.status == 0, "\(migrated.output)")
        // The command let go of the lock when it ended: a restore may take it again.
        _ = try SQLiteServingLock.restoring(database)
    }
}
