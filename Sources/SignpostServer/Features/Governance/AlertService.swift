import Fluent
import Foundation
import SignpostCore

/// Anomaly alerts for auditors: raised by `AccessRecorder` and the services, acknowledged with a note.
struct AlertService {
    let context: ServiceContext

    struct AlertView: Codable, Sendable {
        var id: UUID
        var kind: String
        var kindName: String
        var practitionerID: UUID
        var childID: UUID?
        /// The authority's ONS code, and its name where Signpost knows it.
        var authority: String
        var authorityName: String?
        var detail: String
        var raisedAt: Date
        var acknowledgedAt: Date?
        var acknowledgementNote: String?
    }

    struct Acknowledgement: Codable, Sendable {
        var note: String?
    }

    func list(open: Bool?, by actor: AuthenticatedPractitioner) async throws -> [AlertView] {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewAlerts) { throw ServiceError.forbidden(reason) }
        return try await context.db.transaction { tx in
            let query = AlertModel.query(on: tx).sort(\.$raisedAt, .descending).limit(200)
            if let open { _ = open ? query.filter(\.$acknowledgedAt == nil) : query.filter(\.$acknowledgedAt != nil) }
            let rows = try await query.all()
            let names = try await AuthorityModel.query(on: tx).filter(\.$onsCode ~~ Set(rows.map(\.authority))).all()
                .reduce(into: [String: String]()) { map, authority in map[authority.onsCode] = authority.name }
            try await AuditLog.append(
                AuditDraft(
                    action: "alerts.viewed", actor: actor, subjectType: "alerts", details: ["count": String(rows.count)]
                ),
                context: context, on: tx)
            return try rows.map { try Self.view($0, authorityName: names[$0.authority]) }
        }
    }

    func acknowledge(alertID: UUID, note: String?, by actor: AuthenticatedPractitioner) async throws -> AlertView {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewAlerts) { throw ServiceError.forbidden(reason) }
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else {
            throw ServiceError.validation([
                .init(field: "note", message: "Enter a note saying what you found and what you did.")
            ])
        }
        guard text.count <= 2000 else {
            throw ServiceError.validation([.init(field: "note", message: "The note must be 2,000 characters or fewer.")]
            )
        }
        return try await context.db.transaction { tx in
            guard let alert = try await AlertModel.find(alertID, on: tx) else {
                throw ServiceError.notFound("There is no alert with this identifier.")
            }
            guard alert.acknowledgedAt == nil else {
                throw ServiceError.conflict("This alert was acknowledged already.")
            }
            alert.acknowledgedAt = context.now
            alert.acknowledgedBy = actor.id
            alert.acknowledgementNote = text
            try await alert.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "alert.acknowledged", actor: actor, subjectType: "alert", subjectID: alertID.uuidString,
                    reason: text),
                context: context, on: tx)
            return try Self.view(alert)
        }
    }

    static func view(_ alert: AlertModel, authorityName: String? = nil) throws -> AlertView {
        AlertView(
            id: try alert.requireID(), kind: alert.kind,
            kindName: AlertKind(rawValue: alert.kind)?.displayName ?? alert.kind,
            practitionerID: alert.practitionerID, childID: alert.childID, authority: alert.authority,
            authorityName: authorityName, detail: alert.detail,
            raisedAt: alert.raisedAt, acknowledgedAt: alert.acknowledgedAt,
            acknowledgementNote: alert.acknowledgementNote)
    }
}
