import Fluent
import Foundation
import SignpostCore

/// Messages waiting for the mail relay (`signpost outbox` in the demo).
struct OutboxService {
    let context: ServiceContext

    struct Message: Sendable {
        var id: UUID
        var recipient: String
        var subject: String
        var body: String
        var createdAt: Date
    }

    func pending(markSent: Bool) async throws -> [Message] {
        try await context.db.transaction { tx in
            let rows = try await OutboxMessageModel.query(on: tx).filter(\.$sentAt == nil).sort(\.$createdAt).all()
            if markSent {
                for row in rows {
                    row.sentAt = context.now
                    try await row.save(on: tx)
                }
            }
            return rows.map {
                Message(
                    id: $0.id!, recipient: $0.recipient, subject: $0.subject, body: $0.body, createdAt: $0.createdAt)
            }
        }
    }
}
