import Foundation
import SignpostCore

/// The auditors' alerts page: the open alerts to acknowledge, and those acknowledged already.
enum AlertsPage {
    static let template = "alerts"

    struct Model: Encodable {
        var layout: LayoutContext
        var open: [AlertRow]
        var openCount: Int
        var acknowledged: [AlertRow]
        var hasOpen: Bool
        var hasAcknowledged: Bool
        var errors: FormErrors
    }

    struct AlertRow: Encodable {
        var alert: AlertService.AlertView
        var raised: String
        /// The authority by name ("Testshire Council"), not its ONS code.
        var authority: String
        /// The practitioner's events, filtered by their shortened reference (the audit log page's way).
        var auditTrailQuery: String
    }

    static func authority(_ alert: AlertService.AlertView) -> String {
        if let name = alert.authorityName { return name }
        return alert.authority.isEmpty ? "No authority (an account alert)" : alert.authority
    }

    /// The acknowledgement form, as posted.
    struct NoteForm: Decodable {
        var note: String?
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Alerts" : "Alerts"
    }

    /// Each alert has its own note field, so the summary links to the right one.
    static func fieldErrors(_ error: ServiceError, alertID: UUID) -> [ServiceError.FieldError] {
        error.fieldErrors.map { .init(field: "note-\(alertID.uuidString)", message: $0.message) }
    }

    static func model(layout: LayoutContext, alerts: [AlertService.AlertView], errors: FormErrors) -> Model {
        let rows = alerts.map {
            AlertRow(
                alert: $0, raised: DisplayTime.minute($0.raisedAt), authority: authority($0),
                auditTrailQuery: "actor=" + AuditLogPage.reference($0.practitionerID.uuidString))
        }
        let open = rows.filter { $0.alert.acknowledgedAt == nil }
        let acknowledged = rows.filter { $0.alert.acknowledgedAt != nil }
        return Model(
            layout: layout, open: open, openCount: open.count, acknowledged: acknowledged, hasOpen: !open.isEmpty,
            hasAcknowledged: !acknowledged.isEmpty, errors: errors)
    }
}
