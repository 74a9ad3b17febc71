import Foundation
import NIOHTTP1
import Testing
import VaporTesting

@testable import SignpostServer

/// With the database unreachable, every route answers 503 with `Retry-After`, never a 500 that reads as a
/// defect, and the body says nothing of the database. Runs on either engine: the database is a PostgreSQL
/// address where nothing listens.
@Suite("A database outage")
struct DatabaseOutageTests {
    @Test func everyRouteAnswers503WithRetryAfter() async throws {
        var settings = Settings(database: .postgres(url: "postgres://signpost:x@127.0.0.1:9/none?tlsmode=disable"))
        settings.bcryptCost = 4
        settings.logLevel = .critical
        let environment = try SignpostEnvironment(
            settings: settings, masterKey: MasterKey(bytes: Array(repeating: 7, count: 32)))
        let app = try await SignpostApp.make(
            environment: environment, vaporEnvironment: .testing, workingDirectory: packageRoot)
        // Not TestBrowser: it counts audit events in the database after every request.
        let browser = PlainClient(app: app)
        var bearer = HTTPHeaders()
        bearer.bearerAuthorization = .init(token: "sp_not-a-real-token")
        let session: HTTPHeaders = ["Cookie": "signpost_session=not-a-real-session"]
        var json = bearer
        json.contentType = .json
        let requests: [(String, () async throws -> TestingHTTPResponse)] = [
            ("GET /healthz", { try await browser.get("/healthz") }),
            ("GET /api/v1/me", { try await browser.get("/api/v1/me", headers: bearer) }),
            ("GET child", { try await browser.get("/api/v1/children/\(UUID().uuidString)", headers: bearer) }),
            (
                "POST token",
                {
                    try await browser.send(
                        .POST, "/api/v1/auth/token", headers: json,
                        body: #"{"email":"a@b.example","password":"p","totp":"123456"}"#)
                }
            ),
            ("GET / signed in", { try await browser.get("/", headers: session) }),
            ("GET child page", { try await browser.get("/children/\(UUID().uuidString)", headers: session) }),
        ]
        for (route, send) in requests {
            do {
                let response = try await send()
                #expect(response.status == .serviceUnavailable, "\(route) answered \(response.status)")
                #expect(response.headers.first(name: .retryAfter) == "5", "\(route) has no Retry-After")
                // `/healthz` names the engine for the operator; nothing names the connection or the error.
                for leak in ["PSQL", "127.0.0.1", "connection refused", "errno"] {
                    #expect(!response.body.string.lowercased().contains(leak.lowercased()), "\(route) leaks \(leak)")
                }
            } catch {
                Issue.record("\(route) threw \(String(reflecting: error))")
            }
        }
        try await app.asyncShutdown()
    }
}

private struct PlainClient {
    let app: Application

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String? = nil) async throws
        -> TestingHTTPResponse
    {
        var captured: TestingHTTPResponse?
        try await app.testing().test(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            captured = $0
        }
        return try #require(captured)
    }
}
