import SignpostCore
import Vapor

/// The dashboard and the public information pages. Page models live in `Features/Home/Pages`.
struct HomeController {
    func addRoutes(public routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("privacy", use: privacy)
        routes.get("accessibility", use: accessibility)
        signedIn.grouped(RequirePermission(action: .viewDashboard)).get(use: dashboard)
    }

    @Sendable func dashboard(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.HomeNotice.init(rawValue:))
        return try await Self.showDashboard(request, notice: notice)
    }

    /// The dashboard, or (after a refused decline) the dashboard again with the error under the reason
    /// box it came from and what was typed in it.
    static func showDashboard(
        _ request: Request, notice: SiteURL.HomeNotice? = nil, refused: DashboardPage.RefusedDecline? = nil
    ) async throws -> Response {
        let dashboard = try await DashboardService(context: request.serviceContext).dashboard(
            for: try request.signedInPractitioner())
        let errors = DashboardPage.formErrors(refused)
        let page = DashboardPage.model(
            layout: LayoutContext(
                request: request, title: errors.any ? "Error: \(DashboardPage.title)" : DashboardPage.title),
            dashboard: dashboard, notice: notice, refused: refused)
        return try await request.render(DashboardPage.template, page, errors: errors)
    }

    @Sendable func privacy(_ request: Request) async throws -> Response {
        try await show(request, .privacy)
    }

    @Sendable func accessibility(_ request: Request) async throws -> Response {
        try await show(request, .accessibility)
    }

    private func show(_ request: Request, _ page: StaticPage) async throws -> Response {
        let model = StaticPage.model(layout: LayoutContext(request: request, title: page.title))
        return try await request.render(page.template, model, errors: .none)
    }
}
