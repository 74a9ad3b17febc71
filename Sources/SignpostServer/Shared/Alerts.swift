import Fluent
import Foundation
import SignpostCore

/// Raising an anomaly alert for auditors, in the caller's transaction (`AlertService` lists and acknowledges them).
enum Alerts {
    /// Raises an alert unless a once-a-day kind was raised for this practitioner today. Audited.
    static func raise(
        _ kind: AlertKind, practitionerID: UUID, childID: UUID?, authority: String, detail: String,
        context: ServiceContext, on tx: any Database
    ) async throws {
        let day = CalendarDate(context.now).iso
        let dedupeKey =
            kind.oncePerDay
            ? "\(kind.rawValue):\(practitionerID.uuidString):\(day)" : "\(kind.rawValue):\(UUID().uuidString)"
        if kind.oncePerDay, try await AlertModel.query(on: tx).filter(\.$dedupeKey == dedupeKey).first() != nil {
            return
        }
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
            AuditDraft(
                action: "alert.raised", actor: nil, subjectType: "alert", subjectID: try alert.requireID().uuidString,
                details: [
                    "kind": kind.rawValue, "practitioner": practitionerID.uuidString,
                    "child": childID?.uuidString ?? "",
                ]),
            context: context, on: tx)
    }
}
