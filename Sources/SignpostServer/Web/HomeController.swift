import Fluent
import SignpostCore
import Vapor

/// The dashboard and the public information pages.
struct HomeController {
    struct DashboardPage: Encodable {
        var layout: LayoutContext
        var account: DashboardService.AccountPanel
        var recentSignIns: [DashboardService.SignInRow]
    }

    struct StaticPage: Encodable {
        var layout: LayoutContext
    }

    func addRoutes(public routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("privacy", use: privacy)
        routes.get("accessibility", use: accessibility)
        signedIn.grouped(RequirePermission(action: .viewDashboard)).get(use: dashboard)
    }

    @Sendable func dashboard(_ request: Request) async throws -> View {
        let practitioner = try request.auth.require(AuthenticatedPractitioner.self)
        let service = DashboardService(context: request.serviceContext)
        return try await request.view.render(
            "dashboard",
            DashboardPage(
                layout: LayoutContext(request: request, title: "Home"),
                account: try await service.accountPanel(for: practitioner),
                recentSignIns: try await service.recentSignIns(for: practitioner)))
    }

    @Sendable func privacy(_ request: Request) async throws -> View {
        try await request.view.render("privacy", StaticPage(layout: LayoutContext(request: request, title: "Privacy notice")))
    }

    @Sendable func accessibility(_ request: Request) async throws -> View {
        try await request.view.render(
            "accessibility", StaticPage(layout: LayoutContext(request: request, title: "Accessibility statement")))
    }
}
