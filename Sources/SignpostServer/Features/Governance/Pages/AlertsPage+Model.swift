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
        var errors: FormErrors
    }

    struct AlertRow: Encodable {
        var alert: AlertService.AlertView
        var raised: String
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
        let rows = alerts.map { AlertRow(alert: $0, raised: DisplayTime.minute($0.raisedAt)) }
        return Model(
            layout: layout, open: rows.filter { $0.alert.acknowledgedAt == nil },
            openCount: rows.filter { $0.alert.acknowledgedAt == nil }.count,
            acknowledged: rows.filter { $0.alert.acknowledgedAt != nil }, errors: errors)
    }
}
