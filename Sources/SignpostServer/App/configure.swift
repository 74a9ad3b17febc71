import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOPosix
import SQLKit
import Vapor

/// The composition root: builds a configured Signpost application. The CLI, the tests and the
/// benchmarks all start here, so they run the same app.
public enum SignpostApp {
    /// SQLite has one writer. One event loop means one pooled connection, so writes (and the audit
    /// chain's appends) are serialised by the database pool rather than racing for the file lock.
    static let sqliteEventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    public static func make(
        environment: SignpostEnvironment, vaporEnvironment: Environment, workingDirectory: String? = nil,
        databaseSchema: String? = nil
    ) async throws -> Application {
        let group: any EventLoopGroup =
            switch environment.settings.database {
            case .sqliteFile, .sqliteMemory: sqliteEventLoopGroup
            case .postgres: MultiThreadedEventLoopGroup.singleton
            }
        let app = try await Application.make(vaporEnvironment, .shared(group))
        if let workingDirectory {
            app.directory = DirectoryConfiguration(workingDirectory: workingDirectory)
        }
        do {
            try await configure(app, environment: environment, databaseSchema: databaseSchema)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    static func configure(_ app: Application, environment: SignpostEnvironment, databaseSchema: String?) async throws {
        app.signpost = environment
        app.logger.logLevel = environment.settings.logLevel
        app.http.server.configuration.hostname = environment.settings.hostname
        app.http.server.configuration.port = environment.settings.port
        // The server header would only tell attackers what we run.
        app.http.server.configuration.serverName = nil
        // Requests to the hub and other nodes (national signposting): never follow a redirect, which would
        // carry a signed body elsewhere, and never wait on a peer for long.
        app.http.client.configuration.redirectConfiguration = .disallow
        app.http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        // Half-open and abandoned connections are closed; a slow-header (slowloris) client that trickles
        // bytes is a reverse proxy's to cut off (docs/operations.md).
        app.http.server.configuration.idleTimeout = .seconds(Int64(environment.settings.idleTimeoutSeconds))
        // An assessment page holds many answers of up to 10,000 characters each: Vapor's 16 KB default
        // would refuse a long page with 413 and lose it. Forms and JSON bodies may be up to 2 MB.
        app.routes.defaultMaxBodySize = "2mb"

        try await useDatabase(app, environment.settings.database, schema: databaseSchema)
        for migration in SignpostMigrations.all { app.migrations.add(migration) }

        app.views.use(.leaf)
        app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
        app.leaf.tags["dateInput"] = DateInputTag()
        app.leaf.tags["picture"] = PictureTag()

        app.middleware = Middlewares()
        app.middleware.use(ResponseMetricsMiddleware())
        app.middleware.use(SecurityHeadersMiddleware(tls: environment.settings.tls))
        app.middleware.use(ErrorResponseMiddleware())
        app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
        app.middleware.use(MethodNotAllowedMiddleware(routes: app.routes))

        _ = app.searchRateLimiter
        do {
            app.openAPIDocument = try OpenAPIDocument.load(from: app.directory.workingDirectory)
        } catch {
            app.logger.error(
                "openapi.yaml could not be loaded; the API document will not be served",
                metadata: ["errorType": "\(type(of: error))"])
        }
        try routes(app)
    }

    /// The database pools: SQLite's one writer (in WAL mode) and its readers, or PostgreSQL's pool.
    static func useDatabase(_ app: Application, _ target: Settings.DatabaseTarget, schema databaseSchema: String?)
        async throws
    {
        switch target {
        case .sqliteFile(let path):
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let databaseSchema { configuration.searchPath = [databaseSchema] }
            // Audited requests no longer queue on the chain head (events are sequenced after commit), so
            // each event loop can keep several transactions in flight.
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4), as: .psql)
        }
        if case .sqliteFile = target, let sql = app.db as? any SQLDatabase {
            // Readers never wait for the writer in WAL mode; the setting persists in the file.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        if let databaseSchema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: databaseSchema)").run()
        }
        if case .sqliteFile(let path) = target {
            SQLiteReaders.register(app, path: path)
        }
        _ = app.auditWriteBatcher
    }
}

/// Counts responses by status class for `/metrics`.
struct ResponseMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await next.respond(to: request)
            request.signpost.metrics.request(status: response.status.code)
            return response
        } catch {
            request.signpost.metrics.request(status: 500)
            throw error
        }
    }
}
