import SignpostCore
import Vapor

/// National signposting on a node: a practitioner's national look-up (`POST /api/v1/national-lookups`) and
/// the route other nodes ask who is involved (`POST /federation/v1/involvements`, signed by a node in the
/// hub's directory). Both answer 404 when this Signpost is not part of national signposting.
struct FederationAPIController {
    struct LookupResponse: Content { var found: [FederationLookupService.Found] }

    func addRoutes(api: any RoutesBuilder, app: Application) {
        api.post("national-lookups", use: lookUp)
        // Only a node that takes part takes signed requests: elsewhere nobody can make it write refusals.
        guard app.signpost.settings.federation != nil else { return }
        app.grouped("federation", "v1").grouped(NodeSignatureAuthenticator.peers).post("involvements", use: answer)
    }

    private func federation(_ request: Request) throws -> FederationSettings {
        guard let federation = request.application.signpost.settings.federation else {
            throw ServiceError.notFound("This Signpost is not part of national signposting (no SIGNPOST_HUB_URL).")
        }
        return federation
    }

    @Sendable func lookUp(_ request: Request) async throws -> LookupResponse {
        let actor = try request.signedInPractitioner()
        let federation = try federation(request)
        let body = try request.content.decode(FederationLookupService.LookupRequest.self)
        let gateway = HTTPFederationGateway(
            client: SignedNodeClient(
                client: request.application.client, key: federation.nodeKey,
                now: request.application.signpost.clock),
            hubURL: federation.hubURL)
        let found = try await FederationLookupService(
            context: request.serviceContext, gateway: gateway, secret: federation.secret
        ).lookUp(body, by: actor, limiter: request.application.searchRateLimiter)
        return LookupResponse(found: found)
    }

    @Sendable func answer(_ request: Request) async throws -> RemoteInvolvementAnswer {
        let federation = try federation(request)
        let body = try request.content.decode(RemoteInvolvementRequest.self)
        return try await RemoteInvolvementService(
            context: request.serviceContext, holdingAuthority: federation.nodeKey.node
        ).answer(body, from: try request.hubNode())
    }
}

extension RemoteInvolvementAnswer: Content {}
