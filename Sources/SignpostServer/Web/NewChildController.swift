import SignpostCore
import Vapor

/// The "add a child" page: it first shows possible existing records and creates only when the
/// practitioner confirms that none of them is this child. The page model lives in `Features/Children/Pages`.
struct NewChildController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let group = signedIn.grouped("children", "new").grouped(RequirePermission(action: .searchChildren))
        group.get(use: show)
        group.post(use: submit)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await showForm(request, form: NewChildPage.Form(), errors: .none)
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let form = try request.content.decode(NewChildPage.Form.self)
        do {
            switch try await ChildService(context: request.serviceContext).create(
                form.input, confirm: form.confirm == "yes", reason: form.searchReason, by: actor,
                limiter: request.application.searchRateLimiter)
            {
            case .created(let id):
                return request.redirect(to: SiteURL.child(id))
            case .possibleDuplicates(let found):
                return try await showForm(request, form: form, errors: .none, possible: found)
            }
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showForm(request, form: form, errors: FormErrors(NewChildPage.fieldErrors(error)))
        }
    }

    private func showForm(
        _ request: Request, form: NewChildPage.Form, errors: FormErrors, possible: [SearchResult] = []
    ) async throws -> Response {
        let page = NewChildPage.model(
            layout: { LayoutContext(request: request, title: $0) }, form: form, errors: errors,
            viewer: try request.signedInPractitioner(), possible: possible)
        return try await request.render(NewChildPage.template, page, errors: errors)
    }
}
