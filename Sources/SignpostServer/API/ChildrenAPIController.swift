import SignpostCore
import Vapor

/// `/api/v1/children...`: search, create, view, involvements, merge. Thin: parse, call one service.
struct ChildrenAPIController {
    struct CreateRequest: Content {
        var child: ChildInput
        var confirm: Bool?
        /// Why the index is checked for this child first, as for a search (needed unless `confirm`).
        var reason: String?
        var reasonText: String?
    }

    struct CreateResponse: Content {
        var created: Bool
        var id: UUID?
        var possibleExisting: [SearchResult]?
    }

    struct MergeResponse: Content {
        var mergeID: UUID
    }

    func addRoutes(to api: any RoutesBuilder) {
        let children = api.grouped("children")
        children.post("search", use: search)
        children.post(use: create)
        children.get(":childID", use: view)
        children.get(":childID", "involvements", use: involvements)
        children.post(":childID", "involvements", use: addInvolvement)
        children.post(":childID", "merge", use: merge)
        api.post("involvements", ":involvementID", "end", use: endInvolvement)
        api.post("merges", ":mergeID", "reverse", use: reverseMerge)
    }

    @Sendable func search(_ request: Request) async throws -> SearchResponse {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(SearchRequest.self)
        let results = try await SearchService(context: request.serviceContext).search(
            body, by: actor, limiter: request.application.searchRateLimiter)
        return SearchResponse(results: results)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(CreateRequest.self)
        let reason = body.reason.map { SearchReason(code: $0, text: body.reasonText) }
        switch try await ChildService(context: request.serviceContext).create(
            body.child, confirm: body.confirm ?? false, reason: reason, by: actor,
            limiter: request.application.searchRateLimiter)
        {
        case .created(let id):
            let response = Response(status: .created)
            response.headers.replaceOrAdd(name: .location, value: SiteURL.apiChild(id).path)
            try response.content.encode(CreateResponse(created: true, id: id))
            return response
        case .possibleDuplicates(let found):
            let response = Response(status: .ok)
            try response.content.encode(CreateResponse(created: false, possibleExisting: found))
            return response
        }
    }

    @Sendable func view(_ request: Request) async throws -> SignpostView {
        let actor = try request.signedInPractitioner()
        return try await ChildService(context: request.serviceContext).view(
            childID: try request.idParameter("childID"), by: actor)
    }

    @Sendable func involvements(_ request: Request) async throws -> [SignpostView.Involvement] {
        let actor = try request.signedInPractitioner()
        return try await InvolvementService(context: request.serviceContext).list(
            childID: try request.idParameter("childID"), by: actor)
    }

    @Sendable func addInvolvement(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(InvolvementService.NewInvolvement.self)
        let added = try await InvolvementService(context: request.serviceContext).add(
            body, childID: try request.idParameter("childID"), by: actor)
        let response = Response(status: .created)
        try response.content.encode(added)
        return response
    }

    @Sendable func endInvolvement(_ request: Request) async throws -> HTTPStatus {
        let actor = try request.signedInPractitioner()
        try await InvolvementService(context: request.serviceContext).end(
            involvementID: try request.idParameter("involvementID"), by: actor)
        return .noContent
    }

    @Sendable func merge(_ request: Request) async throws -> MergeResponse {
        let actor = try request.signedInPractitioner()
        let body = try request.content.decode(MergeService.MergeRequest.self)
        let id = try await MergeService(context: request.serviceContext).merge(
            childID: try request.idParameter("childID"), into: body.mergeInto, reason: body.reason, by: actor)
        return MergeResponse(mergeID: id)
    }

    @Sendable func reverseMerge(_ request: Request) async throws -> HTTPStatus {
        let actor = try request.signedInPractitioner()
        try await MergeService(context: request.serviceContext).reverse(
            mergeID: try request.idParameter("mergeID"), by: actor)
        return .noContent
    }
}
