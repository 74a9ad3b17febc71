import Vapor

/// The audit log's public face for witnesses: its verifier key and a freshly signed checkpoint, both as
/// plain text in the C2SP formats, with no sign-in (neither holds personal data).
struct AuditTreeAPIController {
    func addRoutes(to api: any RoutesBuilder) {
        let audit = api.grouped("audit")
        audit.get("public-key", use: publicKey)
        audit.get("checkpoints", "latest", use: latestCheckpoint)
    }

    @Sendable func publicKey(_ request: Request) async throws -> Response {
        Self.text(try AuditCheckpointService(context: request.serviceContext).publicKey() + "\n")
    }

    @Sendable func latestCheckpoint(_ request: Request) async throws -> Response {
        Self.text(try await AuditCheckpointService(context: request.serviceContext).latest())
    }

    static func text(_ body: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
