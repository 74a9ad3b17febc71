import Fluent
import SignpostCore
import Vapor

/// The dashboard and the public information pages.
struct HomeController {
    struct DashboardPage: Encodable {
        var layout: LayoutContext
        var account: DashboardService.AccountPanel
        var recentSignIns: [DashboardService.SignInRow]
        var showNotifications: Bool
        var notifications: [NotificationRow]
        var overdueShieldReviews: [ShieldService.OverdueReview]
        var hasOverdueShieldReviews: Bool
        var overdueEarlyHelp: [TeamAroundTheChildService.OverdueItem]
        var hasOverdueEarlyHelp: Bool
        var showAlerts: Bool
        var openAlerts: Int
    }

    struct NotificationRow: Encodable {
        var message: String
        var when: String
        var childID: UUID?
        var forAuthority: Bool
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
        let practitioner = try request.signedInPractitioner()
        let service = DashboardService(context: request.serviceContext)
        let overdue = try await ShieldService(context: request.serviceContext).overdueReviews(by: practitioner)
        let earlyHelp = try await TeamAroundTheChildService(context: request.serviceContext).overdue(for: practitioner)
        let panels = try await service.panels(for: practitioner)
        return try await request.view.render(
            "dashboard",
            DashboardPage(
                layout: LayoutContext(request: request, title: "Home"),
                account: try await service.accountPanel(for: practitioner),
                recentSignIns: try await service.recentSignIns(for: practitioner),
                showNotifications: panels.notifications != nil,
                notifications: (panels.notifications ?? []).map {
                    NotificationRow(
                        message: $0.message, when: DisplayTime.minute($0.createdAt), childID: $0.childID,
                        forAuthority: $0.forAuthority)
                },
                overdueShieldReviews: overdue, hasOverdueShieldReviews: !overdue.isEmpty,
                overdueEarlyHelp: earlyHelp, hasOverdueEarlyHelp: !earlyHelp.isEmpty,
                showAlerts: panels.openAlerts != nil, openAlerts: panels.openAlerts ?? 0))
    }

    @Sendable func privacy(_ request: Request) async throws -> View {
        try await request.view.render(
            "privacy", StaticPage(layout: LayoutContext(request: request, title: "Privacy notice")))
    }

    @Sendable func accessibility(_ request: Request) async throws -> View {
        try await request.view.render(
            "accessibility", StaticPage(layout: LayoutContext(request: request, title: "Accessibility statement")))
    }
}
