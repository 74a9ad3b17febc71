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
        var recentSignIns: [SignInRow]
        var hasRecentSignIns: Bool
        var showNotifications: Bool
        var notifications: [NotificationRow]
        var hasNotifications: Bool
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
        var invitations: [InvitationRow]
        var hasInvitations: Bool
        /// Concerns raised for attention, waiting for this person: the child, when, and where to act.
        var concerns: [ConcernRow]
        var notice: String?
        /// A decline that was refused (its reason too long), linked to the reason box it came from.
        var errors: FormErrors
    }

    struct ConcernRow: Encodable {
        var childName: String
        var href: String
        var raised: String
        var overdue: Bool
    }

    struct InvitationRow: Encodable {
        var id: UUID
        var childName: String
        var invitedBy: String
        var when: String
        var acceptHref: String
        var declineHref: String
        /// The decline form's optional reason box: its id, what was typed (kept when refused) and the error.
        var reasonID: String
        var reason: String
        var reasonError: String?
    }

    /// A decline the service refused: which invitation, what was typed and why it was refused.
    struct RefusedDecline: Sendable {
        var invitationID: UUID
        var reason: String
        var errors: [ServiceError.FieldError]
    }

    /// The id of an invitation's reason box: one per invitation, so each error links to its own box.
    static func reasonID(_ invitationID: UUID) -> String { "reason-\(invitationID.uuidString)" }

    /// The refused decline's errors, each under the reason box of its invitation.
    static func formErrors(_ refused: RefusedDecline?) -> FormErrors {
        guard let refused else { return .none }
        let found =
            refused.errors.isEmpty
            ? [ServiceError.FieldError(field: "reason", message: "Check the reason.")] : refused.errors
        return FormErrors(
            found.map { ServiceError.FieldError(field: reasonID(refused.invitationID), message: $0.message) })
    }

    struct NotificationRow: Encodable {
        var message: String
        var when: String
        var childID: UUID?
        var forAuthority: Bool
    }

    /// A sign-in in words: "Signed in" on "the Signpost website", not `success` on `web`.
    struct SignInRow: Encodable {
        var occurredAt: String
        var outcome: String
        var channel: String
        var clientIP: String?
    }

    static func signInRow(_ row: DashboardService.SignInRow) -> SignInRow {
        let outcome =
            switch AuditOutcome(rawValue: row.outcome) {
            case .success: "Signed in"
            case .failure: "Failed: wrong password or code"
            case .refused: "Refused"
            case nil: row.outcome
            }
        let channel =
            switch row.channel {
            case "web": "Signpost website"
            case "api": "Another system, through the API"
            default: row.channel
            }
        return SignInRow(occurredAt: row.occurredAt, outcome: outcome, channel: channel, clientIP: row.clientIP)
    }

    static func noticeText(_ notice: SiteURL.HomeNotice?) -> String? {
        switch notice {
        case .invitationDeclined: "You declined the invitation. The person who invited you has been told."
        case nil: nil
        }
    }

    static func invitationRow(
        _ invitation: TeamInvitationService.InvitationView, refused: RefusedDecline?, errors: FormErrors
    ) -> InvitationRow {
        let id = reasonID(invitation.id)
        let mine = refused?.invitationID == invitation.id
        return InvitationRow(
            id: invitation.id, childName: invitation.childName, invitedBy: invitation.invitedBy,
            when: DisplayTime.minute(invitation.invitedAt),
            acceptHref: SiteURL.teamInvitation(invitation.id, accept: true).path,
            declineHref: SiteURL.teamInvitation(invitation.id, accept: false).path, reasonID: id,
            reason: mine ? refused?.reason ?? "" : "", reasonError: mine ? errors.byField[id] : nil)
    }

    static func model(
        layout: LayoutContext, dashboard: DashboardService.Dashboard, notice: SiteURL.HomeNotice? = nil,
        refused: RefusedDecline? = nil
    ) -> Model {
        let panels = dashboard.panels
        let errors = formErrors(refused)
        return Model(
            layout: layout, account: dashboard.account, recentSignIns: dashboard.recentSignIns.map(signInRow),
            hasRecentSignIns: !dashboard.recentSignIns.isEmpty, showNotifications: panels.notifications != nil,
            notifications: (panels.notifications ?? []).map {
                NotificationRow(
                    message: $0.message, when: DisplayTime.minute($0.createdAt), childID: $0.childID,
                    forAuthority: $0.forAuthority)
            },
            hasNotifications: !(panels.notifications ?? []).isEmpty,
            overdueShieldReviews: dashboard.overdueShieldReviews,
            hasOverdueShieldReviews: !dashboard.overdueShieldReviews.isEmpty,
            overdueEarlyHelp: dashboard.overdueEarlyHelp, hasOverdueEarlyHelp: !dashboard.overdueEarlyHelp.isEmpty,
            showAlerts: panels.openAlerts != nil, openAlerts: panels.openAlerts ?? 0,
            myChildren: dashboard.myChildren, hasChildren: !dashboard.myChildren.isEmpty,
            caseloadHeading: dashboard.myChildren.count == 1
                ? "My children (1)" : "My children (\(dashboard.myChildren.count))",
            invitations: dashboard.invitations.map { invitationRow($0, refused: refused, errors: errors) },
            hasInvitations: !dashboard.invitations.isEmpty,
            concerns: dashboard.openConcerns.map {
                ConcernRow(
                    childName: $0.childName, href: SiteURL.forum($0.childID, fragment: "post-\($0.postID)").path,
                    raised: DisplayTime.minute($0.raisedAt), overdue: $0.overdue)
            }, notice: noticeText(notice), errors: errors)
    }
}
