import SignpostCore
import Vapor

/// The search page, the child page and its printable summary. Visibility comes from the services (and so
/// from Policy); templates only show what they are given. Page models live in `Features/Children/Pages`.
struct ChildrenController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let children = signedIn.grouped("children")
        let searchers = children.grouped(RequirePermission(action: .searchChildren))
        searchers.get("search", use: searchPage)
        searchers.post("search", use: search)
        children.get(":childID", use: show)
        children.get(":childID", "summary", use: summary)
    }

    @Sendable func searchPage(_ request: Request) async throws -> Response {
        try await showSearch(request, form: SearchPage.Form(), errors: .none)
    }

    @Sendable func search(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SearchPage.Form.self)
        do {
            let results = try await SearchService(context: request.serviceContext).search(
                form.request, by: try request.signedInPractitioner(), limiter: request.application.searchRateLimiter)
            return try await showSearch(request, form: form, errors: .none, results: results)
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .rateLimited {
            let errors = FormErrors(SearchPage.fieldErrors(error))
            return try await showSearch(request, form: form, errors: errors, status: error.status)
        }
    }

    private func showSearch(
        _ request: Request, form: SearchPage.Form, errors: FormErrors, results: [SearchResult]? = nil,
        status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        var page = SearchPage.model(
            layout: LayoutContext(request: request, title: SearchPage.title(errors, results: results)), form: form,
            errors: errors,
            results: results)
        page.nationalLookup = request.application.signpost.settings.federation != nil
        return try await request.render(SearchPage.template, page, errors: errors, status: status)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.ChildNotice.init(rawValue:))
        return try await request.showChildPage(try request.idParameter("childID"), errors: .none, notice: notice)
    }

    /// The printable one-page summary: one call to `ChildService.summary`, which reads on the child
    /// page's path (the same disclosure, the same refusal) under its own audit event.
    @Sendable func summary(_ request: Request) async throws -> Response {
        let viewer = try request.signedInPractitioner()
        let content = try await ChildService(context: request.serviceContext).summary(
            childID: try request.idParameter("childID"), by: viewer)
        let page = ChildSummaryPage.model(
            layout: { LayoutContext(request: request, title: $0) }, content: content, viewer: viewer)
        return try await request.render(ChildSummaryPage.template, page, errors: .none)
    }
}

extension Request {
    /// The child page, as asked or again with the error summary and what was typed (422, or the status
    /// given): one call to `ChildService.page`, so one transaction and one audit event.
    func showChildPage(
        _ childID: UUID, errors: FormErrors, notice: SiteURL.ChildNotice? = nil,
        form: ChildPage.InvolvementForm = .init(), status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        let viewer = try signedInPractitioner()
        let content = try await ChildService(context: serviceContext).page(childID: childID, by: viewer)
        let page = ChildPage.model(
            layout: { LayoutContext(request: self, title: $0) }, content: content, viewer: viewer, errors: errors,
            notice: notice, form: form)
        return try await render(ChildPage.template, page, errors: errors, status: status)
    }
}
