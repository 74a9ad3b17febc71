import Fluent
import NIOPosix
import SQLKit
import SignpostCore
import Vapor

/// The composition root of `signpost-hub`, the national signposting hub: the same database engines, error
/// pages, security headers and signed audit log as a Signpost node, but only the hub's tables and routes.
/// It refuses to start when it is given a linkage secret: the hub must never hold one (docs/national-signposting.md).
public enum SignpostHubApp {
    public static func make(
        environment: SignpostEnvironment, vaporEnvironment: Environment, databaseSchema: String? = nil
    ) async throws -> Application {
        try refuseLinkageSecret(in: ProcessInfo.processInfo.environment)
        let group: any EventLoopGroup =
            switch environment.settings.database {
            case .sqliteFile, .sqliteMemory: SignpostApp.sqliteEventLoopGroup
            case .postgres: MultiThreadedEventLoopGroup.singleton
            }
        let app = try await Application.make(vaporEnvironment, .shared(group))
        do {
            app.signpost = environment
            app.logger.logLevel = environment.settings.logLevel
            app.http.server.configuration.hostname = environment.settings.hostname
            app.http.server.configuration.port = environment.settings.port
            app.http.server.configuration.serverName = nil
            app.http.server.configuration.idleTimeout = .seconds(Int64(environment.settings.idleTimeoutSeconds))
            app.routes.defaultMaxBodySize = "2mb"
            try await SignpostApp.useDatabase(app, environment.settings.database, schema: databaseSchema)
            for migration in HubMigrations.all { app.migrations.add(migration) }
            app.middleware = Middlewares()
            app.middleware.use(ResponseMetricsMiddleware())
            app.middleware.use(SecurityHeadersMiddleware(tls: environment.settings.tls))
            app.middleware.use(ErrorResponseMiddleware())
            app.middleware.use(MethodNotAllowedMiddleware(routes: app.routes))
            let hub = app.grouped("hub", "v1")
            HubAPIController().addRoutes(to: hub)
            AuditTreeAPIController().addRoutes(to: hub)
            app.get("healthz") { _ in "ok" }
            _ = app.hubDirectory
            _ = app.hubScans  // made before any request, since storage is not safe to fill concurrently
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// The hub must never be given the linkage secret, not even by a mistaken deployment: a hub that held
    /// it could decode every encoding it stores (the dictionary attack of docs/national-signposting.md).
    public static func refuseLinkageSecret(in environment: [String: String]) throws {
        for setting in ["SIGNPOST_LINKAGE_KEY_FILE", "SIGNPOST_LINKAGE_KEY"] where environment[setting] != nil {
            throw ConfigurationError(
                setting: setting, problem: "the hub must never hold the linkage secret; unset it for signpost-hub")
        }
    }

    /// Migrates the hub's database and loads its encodings into memory: run before serving.
    public static func prepare(_ app: Application) async throws {
        try await app.autoMigrate()
        try await app.hubDirectory.load(context: app.serviceContext())
    }

    public static func enrolNode(
        _ app: Application, node: String, publicKey: String, contactRoute: String, baseURL: String,
        endorsement: String? = nil
    ) async throws {
        try await SignpostOperations(app: app).translating {
            try await HubNodeService(context: app.serviceContext()).add(
                HubNode(
                    node: node, publicKey: publicKey, contactRoute: contactRoute, baseURL: baseURL,
                    endorsement: endorsement))
        }
    }

    public static func removeNode(_ app: Application, node: String) async throws {
        try await SignpostOperations(app: app).translating {
            try await HubNodeService(context: app.serviceContext()).remove(node, directory: app.hubDirectory)
        }
    }

    /// Node, contact route and address of each enrolled node.
    public static func nodes(_ app: Application) async throws -> [(node: String, contactRoute: String, baseURL: String)]
    {
        try await HubNodeService(context: app.serviceContext()).directory().map {
            ($0.node, $0.contactRoute, $0.baseURL)
        }
    }
}

extension Application {
    private struct HubDirectoryKey: StorageKey { typealias Value = HubDirectory }
    private struct HubScansKey: StorageKey { typealias Value = HubScanQueue }

    var hubDirectory: HubDirectory {
        if let existing = storage[HubDirectoryKey.self] { return existing }
        let directory = HubDirectory()
        storage[HubDirectoryKey.self] = directory
        return directory
    }

    /// The hub's directory if this process has one (a serving hub); nil on a node.
    var loadedHubDirectory: HubDirectory? { storage[HubDirectoryKey.self] }

    /// Where the hub's queries wait for a scan of `hubDirectory`.
    var hubScans: HubScanQueue {
        if let existing = storage[HubScansKey.self] { return existing }
        let scans = HubScanQueue(directory: hubDirectory)
        storage[HubScansKey.self] = scans
        return scans
    }
}
