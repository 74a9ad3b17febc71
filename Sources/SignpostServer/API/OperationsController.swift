import Fluent
import SQLKit
import SignpostCore
import Vapor

/// Health check, Prometheus metrics and the API's OpenAPI document.
struct OperationsController {
    struct Health: Content {
        var status: String
        var database: String
    }

    func addRoutes(to routes: any RoutesBuilder, api: any RoutesBuilder) {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
        api.get("openapi.yaml", use: openAPIYAML)
        api.get("openapi.json", use: openAPIJSON)
    }

    @Sendable func health(_ request: Request) async throws -> Response {
        let engine = request.signpost.settings.database.engineName
        var healthy = false
        if let sql = request.db as? any SQLDatabase {
            healthy = (try? await sql.raw("SELECT 1 AS ok").first()) != nil
        }
        let response = Response(status: healthy ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: healthy ? "ok" : "database unavailable", database: engine))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if !healthy {
            response.headers.replaceOrAdd(name: .retryAfter, value: String(DatabaseOutage.retryAfterSeconds))
        }
        return response
    }

    /// Only for the operator's scraper, with `Authorization: Bearer $SIGNPOST_METRICS_TOKEN`. Without the
    /// setting, or with the wrong token, it answers like an unknown address.
    @Sendable func metrics(_ request: Request) async throws -> Response {
        guard let expected = request.signpost.settings.metricsToken,
            let given = request.headers.bearerAuthorization?.token,
            constantTimeEquals(given, expected)
        else { throw Abort(.notFound) }
        // A database that does not answer just now leaves the gauge at its last value: the other metrics
        // are still scraped.
        if let sql = request.db as? any SQLDatabase, let events = try? await AuditSequencer.committedCount(on: sql) {
            request.signpost.metrics.auditLogSize(events)
        }
        let text = request.signpost.metrics.registry.emitToString()
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(
            type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    static func document(_ request: Request) throws -> OpenAPIDocument {
        guard let document = request.application.openAPIDocument else {
            throw ServiceError(
                kind: .unavailable, title: "API document missing",
                detail: "openapi.yaml is not installed with this server.")
        }
        return document
    }

    @Sendable func openAPIYAML(_ request: Request) async throws -> Response {
        let document = try Self.document(request)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: document.yaml))
    }

    @Sendable func openAPIJSON(_ request: Request) async throws -> Response {
        let document = try Self.document(request)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: document.json))
    }
}
