import SignpostCore
import Vapor

/// The auditors' page for reading the audit log.
struct AuditLogController {
    struct AuditPage: Encodable {
        var layout: LayoutContext
        var filter: AuditQueryService.Filter
        var errors: FormErrors
        var events: [AuditQueryService.EventRow]
        var page: Int
        var previousPageQuery: String?
        var nextPageQuery: String?
    }

    func addRoutes(to signedIn: any RoutesBuilder) {
        signedIn.grouped(RequirePermission(action: .viewAuditLog)).get("audit", use: index)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let auditor = try request.signedInPractitioner()
        let filter = try request.query.decode(AuditQueryService.Filter.self)
        do {
            let result = try await AuditQueryService(context: request.serviceContext).search(filter, by: auditor)
            let page = AuditPage(
                layout: LayoutContext(request: request, title: "Audit log"), filter: filter, errors: .none,
                events: result.events, page: result.page,
                previousPageQuery: result.page > 1 ? Self.query(filter, page: result.page - 1) : nil,
                nextPageQuery: result.hasNextPage ? Self.query(filter, page: result.page + 1) : nil)
            return try await request.view.render("audit", page).encodeResponse(for: request)
        } catch let error as ServiceError where error.kind == .invalid {
            let page = AuditPage(
                layout: LayoutContext(request: request, title: "Error: Audit log"), filter: filter,
                errors: FormErrors(error.fieldErrors), events: [], page: 1)
            let response = try await request.view.render("audit", page).encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
    }

    static func query(_ filter: AuditQueryService.Filter, page: Int) -> String {
        var components = URLComponents()
        var items: [URLQueryItem] = []
        for (name, value) in [
            ("actor", filter.actor), ("subjectType", filter.subjectType), ("subjectID", filter.subjectID),
            ("action", filter.action), ("from", filter.from), ("to", filter.to),
        ] {
            if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) }
        }
        items.append(URLQueryItem(name: "page", value: String(page)))
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}
