import Foundation
import Logging
import Metrics
import Prometheus
import SignpostServer
import Vapor

/// Process-wide set-up shared by the commands: settings from the environment, logging, metrics,
/// and building the application.
/// Prints a line unbuffered, so a supervising process sees it before the server starts.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

enum Runtime {
    static func settings() throws -> Settings {
        do {
            return try Settings.fromEnvironment()
        } catch {
            fail(error.description)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }

    nonisolated(unsafe) private static var bootstrapped = false

    static func bootstrap(settings: Settings) -> SignpostMetrics {
        let metrics = SignpostMetrics()
        if !bootstrapped {
            bootstrapped = true
            let level = settings.logLevel
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        }
        return metrics
    }

    /// Builds the app for a command. `production` requires an explicit key file.
    static func makeApp(settings: Settings, production: Bool = false, arguments: [String] = ["signpost"]) async throws
        -> Application
    {
        let metrics = bootstrap(settings: settings)
        let key: MasterKey
        do {
            key = try MasterKey.load(path: settings.keyFile, allowGenerate: !production)
        } catch {
            fail(error.description)
        }
        let environment = try SignpostEnvironment(settings: settings, masterKey: key, metrics: metrics)
        let vaporEnvironment = Environment(name: production ? "production" : "development", arguments: arguments)
        let resources: String
        do {
            resources = try ResourceDirectory.locate()
        } catch let error as ConfigurationError {
            fail(error.description)
        }
        return try await SignpostApp.make(
            environment: environment, vaporEnvironment: vaporEnvironment, workingDirectory: resources)
    }

    /// Runs `body` with an app and always shuts it down. A command holds the SQLite file's lock shared, as a
    /// server does, while it has the file open: so a restore refuses while an import, an admin command or a
    /// sync runs, and such a command refuses while a restore replaces the file under it.
    static func withApp<T>(settings: Settings, _ body: (Application) async throws -> T) async throws -> T {
        let lock = servingLock(settings.database)
        defer { lock?.release() }
        let app = try await makeApp(settings: settings)
        do {
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The lock a server holds on its SQLite file while it serves (`SQLiteServingLock`); none for PostgreSQL.
    static func servingLock(_ database: Settings.DatabaseTarget, recreating: Bool = false) -> SQLiteServingLock? {
        guard case .sqliteFile(let path) = database else { return nil }
        do {
            return try recreating ? SQLiteServingLock.recreating(path) : SQLiteServingLock.serving(path)
        } catch { fail("\(error)") }
    }

    static func serveArguments(hostname: String, port: Int) -> [String] {
        ["signpost", "serve", "--hostname", hostname, "--port", String(port)]
    }
}
