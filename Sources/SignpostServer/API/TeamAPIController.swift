import SignpostCore
import Vapor

/// `/api/v1/...` for team membership: join requests, their decisions, and direct admission.
struct TeamAPIController {
    struct JoinBody: Content {
        var reason: String?
    }

    struct AdmitBody: Content {
        var practitionerID: UUID
        var reason: String?
    }

    struct JoinRequests: Content {
        var requests: [TeamService.JoinRequestView]
    }

    func addRoutes(to api: any RoutesBuilder) {
        api.post("children", ":childID", "join-requests", use: requestToJoin)
        api.post("children", ":childID", "members", use: admitDirectly)
        api.get("join-requests", use: pending)
        api.post("join-requests", ":requestID", "admit", use: admit)
        api.post("join-requests", ":requestID", "decline", use: decline)
    }

    @Sendable func requestToJoin(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(JoinBody.self)
        let created = try await TeamService(context: request.serviceContext).requestToJoin(
            childID: try request.idParameter("childID"), reason: body.reason, by: actor)
        let response = Response(status: .created)
        try response.content.encode(created)
        return response
    }

    @Sendable func admitDirectly(_ request: Request) async throws -> HTTPStatus {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(AdmitBody.self)
        try await TeamService(context: request.serviceContext).admitDirectly(
            childID: try request.idParameter("childID"), practitionerID: body.practitionerID,
            reason: body.reason, by: actor)
        return .noContent
    }

    @Sendable func pending(_ request: Request) async throws -> JoinRequests {
        let actor = try request.signedInPractitioner()
        return JoinRequests(requests: try await TeamService(context: request.serviceContext).pendingRequests(by: actor))
    }

    @Sendable func admit(_ request: Request) async throws -> TeamService.JoinRequestView {
        try await decide(request, admit: true)
    }

    @Sendable func decline(_ request: Request) async throws -> TeamService.JoinRequestView {
        try await decide(request, admit: false)
    }

    private func decide(_ request: Request, admit: Bool) async throws -> TeamService.JoinRequestView {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(JoinBody.self)
        return try await TeamService(context: request.serviceContext).decide(
            requestID: try request.idParameter("requestID"), admit: admit, reason: body.reason, by: actor)
    }
}
