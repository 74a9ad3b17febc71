import ArgumentParser
import Foundation
import SignpostServer
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Migrate the database, then serve Signpost (settings from the environment).")

    @ArgumentParser.Flag(help: "Production mode: SIGNPOST_KEY_FILE is required and no key is generated.")
    var production = false

    func run() async throws {
        let settings = try Runtime.settings()
        let servingLock = Runtime.servingLock(settings.database)
        defer { servingLock?.release() }
        let app = try await Runtime.makeApp(
            settings: settings, production: production,
            arguments: Runtime.serveArguments(hostname: settings.hostname, port: settings.port))
        do {
            try await SignpostOperations(app: app).migrate()
            SignpostApp.runAuditBackgroundWork(in: app)
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a fresh demo database with synthetic data, print the demo accounts and serve on 127.0.0.1.")

    @ArgumentParser.Option(help: "Port to serve on.") var port = 8080
    @ArgumentParser.Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "SQLite file for the demo; it is deleted and recreated.") var database =
        "signpost-demo.sqlite"
    @ArgumentParser.Option(
        help: ArgumentHelp(
            "Seed this PostgreSQL database instead of the SQLite file: every Signpost table in it is dropped "
                + "and recreated. The credentials are still written beside --database."))
    var postgres: String?
    @ArgumentParser.Flag(help: "Seed and print the accounts, then exit without serving.") var seedOnly = false
    @ArgumentParser.Flag(
        help: "National signposting: the three authorities as three nodes (PORT, PORT+1, PORT+2) and a hub (PORT+10).")
    var federated = false

    func run() async throws {
        if federated {
            let folder = URL(fileURLWithPath: database).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try await FederatedDemo(hostname: hostname, port: port, folder: folder, seedOnly: seedOnly).run()
        }
        var settings = try Runtime.settings()
        settings.database = .sqliteFile(path: database)
        if let postgres {
            guard case .postgres = try? Settings.parseDatabaseURL(postgres) else {
                Runtime.fail("--postgres needs a postgres:// URL, as in postgres://user:password@host/database.")
            }
            settings.database = try Settings.parseDatabaseURL(postgres)
        }
        settings.hostname = hostname
        settings.port = port
        if ProcessInfo.processInfo.environment["SIGNPOST_BCRYPT_COST"] == nil { settings.bcryptCost = 10 }
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Exclusive while the old file is deleted: never under another server or a restore.
        let servingLock = Runtime.servingLock(settings.database, recreating: true)
        defer { servingLock?.release() }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: database + suffix)
        }
        let app = try await Runtime.makeApp(
            settings: settings, arguments: Runtime.serveArguments(hostname: hostname, port: port))
        servingLock?.share()
        do {
            if postgres != nil { try await SignpostOperations(app: app).migrate(revert: true) }
            try await SignpostOperations(app: app).migrate()
            let accounts = try await DemoSeeder(application: app).seed()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let credentialsPath = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent(
                "demo-credentials.json"
            ).path
            _ = FileManager.default.createFile(
                atPath: credentialsPath, contents: try encoder.encode(accounts), attributes: [.posixPermissions: 0o600])
            say("Signpost demo: synthetic data only. Accounts (also in \(credentialsPath)):")
            for account in accounts {
                let note = account.note.map { "  [\($0)]" } ?? ""
                say(
                    "  \(account.role.padding(toLength: 13, withPad: " ", startingAt: 0)) \(account.email)  password: \(account.password)  TOTP secret: \(account.totpSecret)\(note)"
                )
            }
            say("Get a sign-in code with: swift run signpost totp SECRET")
            if seedOnly {
                try await app.asyncShutdown()
                return
            }
            say("Serving on http://\(hostname):\(port)/")
            SignpostApp.runAuditBackgroundWork(in: app)
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply (or revert) database migrations.")

    @ArgumentParser.Flag(help: "Revert every migration (destroys all data).") var revert = false

    func run() async throws {
        let settings = try Runtime.settings()
        try await Runtime.withApp(settings: settings) { app in
            try await SignpostOperations(app: app).migrate(revert: revert)
        }
        print(revert ? "migrations reverted" : "migrations applied")
    }
}
