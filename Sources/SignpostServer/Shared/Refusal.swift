import Fluent
import Foundation
import SignpostCore

/// A refusal whose audit event must survive: thrown inside `ServiceContext.auditedTransaction`, it
/// commits the transaction (which then holds only reads and the refusal's audit event) and is
/// rethrown as its service error. A plain error would roll the audit event back with everything else.
struct Refusal: Error {
    var error: ServiceError

    static func notFound(_ detail: String = "There is no child record you can see at this address.") -> Refusal {
        Refusal(error: .notFound(detail))
    }

    static func forbidden(_ detail: String) -> Refusal {
        Refusal(error: .forbidden(detail))
    }

    /// Audits the refusal of an object that does not exist (or that the actor may not know exists)
    /// and throws the same 404 as for any hidden object.
    static func asMissing(
        _ action: String, type: String, id: UUID, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> Never {
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: type, subjectID: id.uuidString, outcome: .refused,
                details: ["why": "not found"]),
            context: context, on: tx)
        throw Refusal.notFound()
    }
}
