import Fluent
import Foundation
import SignpostCore
import Vapor

/// Notifications for practitioners (flag-and-notify, brokered contact) and for an authority's data
/// managers (Tier-1 opens, break-glass, safeguarding without consent, brokered-contact requests).
struct NotificationService {
    let context: ServiceContext

    struct NotificationView: Content, Sendable {
        var id: UUID
        var kind: String
        var message: String
        var childID: UUID?
        var createdAt: Date
        var forAuthority: Bool
    }

    static func notify(practitioner: UUID, childID: UUID?, kind: String, message: String, context: ServiceContext, on tx: any Database) async throws {
        let row = NotificationModel()
        row.recipientID = practitioner
        row.childID = childID
        row.kind = kind
        row.message = message
        row.createdAt = context.now
        try await row.create(on: tx)
    }

    static func notify(authority: String, childID: UUID?, kind: String, message: String, context: ServiceContext, on tx: any Database) async throws {
        let row = NotificationModel()
        row.recipientAuthority = authority
        row.childID = childID
        row.kind = kind
        row.message = message
        row.createdAt = context.now
        try await row.create(on: tx)
    }

    /// The newest 50 notifications for this person: their own, and their authority's if they are a data manager.
    func list(for actor: AuthenticatedPractitioner) async throws -> [NotificationView] {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewNotifications) { throw ServiceError.forbidden(reason) }
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
                AuditDraft(action: "notifications.viewed", actor: actor, subjectType: "notifications", details: ["count": String(rows.count)]),
                context: context, on: tx)
            return try rows.map {
                NotificationView(id: try $0.requireID(), kind: $0.kind, message: $0.message, childID: $0.childID, createdAt: $0.createdAt,
                                 forAuthority: $0.recipientAuthority != nil)
            }
        }
    }
}

/// Anomaly alerts for auditors: raised by `AccessRecorder` and the services, acknowledged with a note.
struct AlertService {
    let context: ServiceContext

    struct AlertView: Content, Sendable {
        var id: UUID
        var kind: String
        var kindName: String
        var practitionerID: UUID
        var childID: UUID?
        var authority: String
        var detail: String
        var raisedAt: Date
        var acknowledgedAt: Date?
        var acknowledgementNote: String?
    }

    struct Acknowledgement: Content, Sendable {
        var note: String?
    }

    /// Raises an alert unless a once-a-day kind was raised for this practitioner today. Audited.
    static func raise(
        _ kind: AlertKind, practitionerID: UUID, childID: UUID?, authority: String, detail: String, context: ServiceContext, on tx: any Database
    ) async throws {
        let day = CalendarDate(context.now).iso
        let dedupeKey = kind.oncePerDay ? "\(kind.rawValue):\(practitionerID.uuidString):\(day)" : "\(kind.rawValue):\(UUID().uuidString)"
        if kind.oncePerDay, try await AlertModel.query(on: tx).filter(\.$dedupeKey == dedupeKey).first() != nil { return }
        let alert = AlertModel()
        alert.kind = kind.rawValue
        alert.practitionerID = practitionerID
        alert.childID = childID
        alert.authority = authority
        alert.detail = detail
        alert.dedupeKey = dedupeKey
        alert.raisedAt = context.now
        try await alert.create(on: tx)
        try await AuditLog.append(
            AuditDraft(action: "alert.raised", actor: nil, subjectType: "alert", subjectID: try alert.requireID().uuidString,
                       details: ["kind": kind.rawValue, "practitioner": practitionerID.uuidString, "child": childID?.uuidString ?? ""]),
            context: context, on: tx)
    }

    func list(open: Bool?, by actor: AuthenticatedPractitioner) async throws -> [AlertView] {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewAlerts) { throw ServiceError.forbidden(reason) }
        return try await context.db.transaction { tx in
            let query = AlertModel.query(on: tx).sort(\.$raisedAt, .descending).limit(200)
            if let open { _ = open ? query.filter(\.$acknowledgedAt == nil) : query.filter(\.$acknowledgedAt != nil) }
            let rows = try await query.all()
            try await AuditLog.append(
                AuditDraft(action: "alerts.viewed", actor: actor, subjectType: "alerts", details: ["count": String(rows.count)]),
                context: context, on: tx)
            return try rows.map(Self.view)
        }
    }

    func acknowledge(alertID: UUID, note: String?, by actor: AuthenticatedPractitioner) async throws -> AlertView {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewAlerts) { throw ServiceError.forbidden(reason) }
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else {
            throw ServiceError.validation([.init(field: "note", message: "Enter a note saying what you found and what you did.")])
        }
        guard text.count <= 2000 else { throw ServiceError.validation([.init(field: "note", message: "The note must be 2,000 characters or fewer.")]) }
        return try await context.db.transaction { tx in
            guard let alert = try await AlertModel.find(alertID, on: tx) else { throw ServiceError.notFound("There is no alert with this identifier.") }
            guard alert.acknowledgedAt == nil else { throw ServiceError.conflict("This alert was acknowledged already.") }
            alert.acknowledgedAt = context.now
            alert.acknowledgedBy = actor.id
            alert.acknowledgementNote = text
            try await alert.save(on: tx)
            try await AuditLog.append(
                AuditDraft(action: "alert.acknowledged", actor: actor, subjectType: "alert", subjectID: alertID.uuidString, reason: text),
                context: context, on: tx)
            return try Self.view(alert)
        }
    }

    static func view(_ alert: AlertModel) throws -> AlertView {
        AlertView(
            id: try alert.requireID(), kind: alert.kind, kindName: AlertKind(rawValue: alert.kind)?.displayName ?? alert.kind,
            practitionerID: alert.practitionerID, childID: alert.childID, authority: alert.authority, detail: alert.detail,
            raisedAt: alert.raisedAt, acknowledgedAt: alert.acknowledgedAt, acknowledgementNote: alert.acknowledgementNote)
    }
}
