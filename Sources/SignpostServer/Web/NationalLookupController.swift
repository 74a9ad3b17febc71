import SignpostCore
import Vapor

/// "Ask other authorities": the national look-up as a page, for a node that is part of national
/// signposting (elsewhere the address is unknown, as the API's is). One call to `FederationLookupService`,
/// which applies the search rules, the rate limit and the audit, and each holding node's own policy.
struct NationalLookupController {
    func addRoutes(to signedIn: any RoutesBuilder, app: Application) {
        guard app.signpost.settings.federation != nil else { return }
        let group = signedIn.grouped("national-lookup").grouped(RequirePermission(action: .searchChildren))
        group.get(use: show)
        group.post(use: lookUp)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await render(request, form: NationalLookupPage.Form(), errors: .none, status: .ok)
    }

    @Sendable func lookUp(_ request: Request) async throws -> Response {
        let form = try request.content.decode(NationalLookupPage.Form.self)
        do {
            let found = try await request.nationalLookupService().lookUp(
                NationalLookupPage.request(form), by: try request.signedInPractitioner(),
                limiter: request.application.searchRateLimiter)
            return try await render(request, form: form, errors: .none, results: found, status: .ok)
        } catch let error as ServiceError
            where error.kind == .invalid || error.kind == .rateLimited || error.kind == .unavailable
        {
            // The hub not answering is shown on the form, with what was typed, like a refusal to search.
            let errors = FormErrors(SearchPage.fieldErrors(error))
            return try await render(request, form: form, errors: errors, status: error.status)
        }
    }

    private func render(
        _ request: Request, form: NationalLookupPage.Form, errors: FormErrors,
        results: [FederationLookupService.Found]? = nil, status: HTTPResponseStatus
    ) async throws -> Response {
        let page = NationalLookupPage.model(
            layout: LayoutContext(request: request, title: NationalLookupPage.pageTitle(errors, results: results)),
            form: form, errors: errors, results: results)
        return try await request.render(NationalLookupPage.template, page, errors: errors, status: status)
    }
}
