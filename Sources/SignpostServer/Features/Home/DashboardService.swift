import Fluent
import Foundation
import SignpostCore

/// What the signed-in practitioner sees about their own account on the dashboard.
struct DashboardService {
    let context: ServiceContext

    /// Everything the dashboard shows, read as one use case.
    struct Dashboard: Sendable {
        var account: AccountPanel
        var recentSignIns: [SignInRow]
        var panels: Panels
        var overdueShieldReviews: [ShieldService.OverdueReview]
        var overdueEarlyHelp: [TeamAroundTheChildService.OverdueItem]
        /// The children in the practitioner's teams (`CaseloadService`).
        var myChildren: [CaseloadService.Child]
        /// Invitations to join a child's team, waiting for this practitioner's answer.
        var invitations: [TeamInvitationService.InvitationView]
        /// Concerns raised for attention waiting for this person's acknowledgement.
        var openConcerns: [ForumService.OpenConcern] = []
    }

    /// The dashboard in one transaction: the overdue shield reviews (audited when there are any), the
    /// overdue early-help work, the panels (the notifications are audited as viewed), the account panel
    /// and the recent sign-ins. The services run in the transaction and keep their own audit events.
    func dashboard(for practitioner: AuthenticatedPractitioner) async throws -> Dashboard {
        try await context.auditedTransaction { context, _ in
            let overdue = try await ShieldService(context: context).overdueReviews(by: practitioner)
            let earlyHelp = try await TeamAroundTheChildService(context: context).overdue(for: practitioner)
            let myChildren = try await CaseloadService(context: context).myChildren(for: practitioner)
            let invitations = try await TeamInvitationService(context: context).open(for: practitioner)
            let concerns = try await ForumService(context: context).openConcerns(by: practitioner)
            let service = DashboardService(context: context)
            let panels = try await service.panels(for: practitioner)
            let account = try await service.accountPanel(for: practitioner)
            let recentSignIns = try await service.recentSignIns(for: practitioner)
            return Dashboard(
                account: account, recentSignIns: recentSignIns, panels: panels, overdueShieldReviews: overdue,
                overdueEarlyHelp: earlyHelp, myChildren: myChildren, invitations: invitations, openConcerns: concerns)
        }
    }

    /// The panels of the dashboard that depend on what the person may see, decided by `Policy`.
    struct Panels: Sendable {
        /// Nil when the person receives no notifications.
        var notifications: [NotificationService.NotificationView]?
        /// Nil when the person may not read alerts.
        var openAlerts: Int?
    }

    func panels(for practitioner: AuthenticatedPractitioner) async throws -> Panels {
        let notifications =
            Policy.decide(practitioner.actor, .viewNotifications).isAllowed
            ? Array(try await NotificationService(context: context).list(for: practitioner).prefix(10)) : nil
        let alerts =
            Policy.decide(practitioner.actor, .viewAlerts).isAllowed
            ? try await AlertModel.query(on: context.db).filter(\.$acknowledgedAt == nil).count() : nil
        return Panels(notifications: notifications, openAlerts: alerts)
    }

    struct AccountPanel: Sendable, Encodable {
        var name: String
        var jobTitle: String
        var organisationName: String
        var roles: [String]
        var dbsCheckedOn: String?
        var dbsRenewalDue: String?
        var dbsRenewalSoon: Bool
        var trainedOn: String?
    }

    struct SignInRow: Sendable, Encodable {
        var occurredAt: String
        var outcome: String
        var channel: String
        var clientIP: String?
    }

    func accountPanel(for practitioner: AuthenticatedPractitioner) async throws -> AccountPanel {
        guard let model = try await PractitionerModel.find(practitioner.id, on: context.db) else {
            throw ServiceError.notFound("Your account could not be found.")
        }
        let checked = model.dbsCheckedOn.flatMap(CalendarDate.init(iso:))
        let due = checked?.adding(years: SignInRules.dbsValidityYears)
        let soon = due.map { $0 < CalendarDate(context.now.addingTimeInterval(60 * 86_400)) } ?? false
        return AccountPanel(
            name: model.name, jobTitle: model.jobTitle, organisationName: practitioner.organisationName,
            roles: practitioner.roles.sorted().map(\.displayName), dbsCheckedOn: checked?.iso, dbsRenewalDue: due?.iso,
            dbsRenewalSoon: soon, trainedOn: model.trainedOn)
    }

    /// The practitioner's own last sign-ins, so they can spot one that was not them.
    func recentSignIns(for practitioner: AuthenticatedPractitioner) async throws -> [SignInRow] {
        // The sign-in a moment ago is placed in the log now rather than by the timer.
        try await AuditSequencer.sequencePending(on: context.db)
        return try await AuditEventModel.query(on: context.db)
            .filter(\.$subjectType == "practitioner")
            .filter(\.$subjectID == practitioner.id.uuidString)
            .filter(\.$action == "auth.sign-in")
            .sort(\.$id, .descending)
            .limit(5)
            .all()
            .map { row in
                let details = (try? JSONDecoder().decode([String: String].self, from: Data(row.details.utf8))) ?? [:]
                return SignInRow(
                    occurredAt: DisplayTime.minute(Date(timeIntervalSince1970: Double(row.occurredAtMillis) / 1000)),
                    outcome: row.outcome, channel: details["channel"] ?? "", clientIP: row.clientIP)
            }
    }
}
