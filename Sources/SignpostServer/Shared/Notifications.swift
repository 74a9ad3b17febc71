import Fluent
import Foundation
import SignpostCore

/// Telling a practitioner, or an authority's data managers, in the caller's transaction.
enum Notifications {
    static func notify(
        practitioner: UUID, childID: UUID?, kind: String, message: String, context: ServiceContext, on tx: any Database
    ) async throws {
        let row = NotificationModel()
        row.recipientID = practitioner
        row.childID = childID
        row.kind = kind
        row.message = message
        row.createdAt = context.now
        try await row.create(on: tx)
    }

    static func notify(
        authority: String, childID: UUID?, kind: String, message: String, context: ServiceContext, on tx: any Database
    ) async throws {
        let row = NotificationModel()
        row.recipientAuthority = authority
        row.childID = childID
        row.kind = kind
        row.message = message
        row.createdAt = context.now
        try await row.create(on: tx)
    }
}
