import Fluent
import Foundation
import SignpostCore

/// Notifications for practitioners (flag-and-notify, brokered contact) and for an authority's data
/// managers (Tier-1 opens, break-glass, safeguarding without consent, brokered-contact requests).
struct NotificationService {
    let context: ServiceContext

    struct NotificationView: Codable, Sendable {
        var id: UUID
        var kind: String
        var message: String
        var childID: UUID?
        var createdAt: Date
        var forAuthority: Bool
    }

    /// The newest 50 notifications for this person: their own, and their authority's if they are a data manager.
    func list(for actor: AuthenticatedPractitioner) async throws -> [NotificationView] {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewNotifications) {
            throw ServiceError.forbidden(reason)
        }
        return try await context.db.transaction { tx in
            let rows = try await NotificationModel.query(on: tx)
                .group(.or) { group in
                    group.filter(\.$recipientID == actor.id)
                    if Policy.decide(actor.actor, .receiveAuthorityNotifications).isAllowed {
                        group.filter(\.$recipientAuthority == actor.authorityCode)
                    }
                }
                .sort(\.$createdAt, .descending)
                .limit(50)
                .all()
            try await AuditLog.append(
                AuditDraft(
                    action: "notifications.viewed", actor: actor, subjectType: "notifications",
                    details: ["count": String(rows.count)]),
                context: context, on: tx)
            return try rows.map {
                NotificationView(
                    id: try $0.requireID(), kind: $0.kind, message: $0.message, childID: $0.childID,
                    createdAt: $0.createdAt,
                    forAuthority: $0.recipientAuthority != nil)
            }
        }
    }
}
