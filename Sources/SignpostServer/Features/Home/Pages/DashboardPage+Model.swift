import Foundation
import SignpostCore

/// The dashboard: the practitioner's own account and sign-ins, and the panels they may see
/// (notifications, open alerts, overdue shield reviews and overdue early-help work).
enum DashboardPage {
    static let template = "dashboard"
    static let title = "Home"

    struct Model: Encodable {
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
        /// "My children": the caseload, first on the page.
        var myChildren: [CaseloadService.Child]
        var hasChildren: Bool
        var caseloadHeading: String
    }

    struct NotificationRow: Encodable {
        var message: String
        var when: String
        var childID: UUID?
        var forAuthority: Bool
    }

    static func model(layout: LayoutContext, dashboard: DashboardService.Dashboard) -> Model {
        let panels = dashboard.panels
        return Model(
            layout: layout, account: dashboard.account, recentSignIns: dashboard.recentSignIns,
            showNotifications: panels.notifications != nil,
            notifications: (panels.notifications ?? []).map {
                NotificationRow(
                    message: $0.message, when: DisplayTime.minute($0.createdAt), childID: $0.childID,
                    forAuthority: $0.forAuthority)
            },
            overdueShieldReviews: dashboard.overdueShieldReviews,
            hasOverdueShieldReviews: !dashboard.overdueShieldReviews.isEmpty,
            overdueEarlyHelp: dashboard.overdueEarlyHelp, hasOverdueEarlyHelp: !dashboard.overdueEarlyHelp.isEmpty,
            showAlerts: panels.openAlerts != nil, openAlerts: panels.openAlerts ?? 0,
            myChildren: dashboard.myChildren, hasChildren: !dashboard.myChildren.isEmpty,
            caseloadHeading: dashboard.myChildren.count == 1
                ? "My children (1)" : "My children (\(dashboard.myChildren.count))")
    }
}
