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

    @Sendable func lookUp(_ request: Request) async throws -> LookupResponse {
        let actor = try request.signedInPractitioner()
        let service = try request.nationalLookupService()
        let body = try request.content.decode(FederationLookupService.LookupRequest.self)
        let found = try await service.lookUp(body, by: actor, limiter: request.application.searchRateLimiter)
        return LookupResponse(found: found)
    }

    @Sendable func answer(_ request: Request) async throws -> RemoteInvolvementAnswer {
        let federation = try request.federationSettings()
        let body = try request.content.decode(RemoteInvolvementRequest.self)
        return try await RemoteInvolvementService(
            context: request.serviceContext, holdingAuthority: federation.nodeKey.node
        ).answer(body, from: try request.hubNode())
    }
}

extension RemoteInvolvementAnswer: Content {}

extension Request {
    /// This node's national signposting settings, or a 404: it is not part of national signposting.
    func federationSettings() throws -> FederationSettings {
        guard let federation = application.signpost.settings.federation else {
            throw ServiceError.notFound("This Signpost is not part of national signposting (no SIGNPOST_HUB_URL).")
        }
        return federation
    }

    /// The national look-up, asking the hub and the holding nodes over signed HTTP.
    func nationalLookupService() throws -> FederationLookupService {
        let federation = try federationSettings()
        let gateway = HTTPFederationGateway(
            client: SignedNodeClient(
                client: application.client, key: federation.nodeKey, now: application.signpost.clock),
            hubURL: federation.hubURL)
        return FederationLookupService(context: serviceContext, gateway: gateway, secret: federation.secret)
    }
}
