import Fluent
import Foundation
import SignpostCore

extension AgencyContactService {
    /// How often the team agreed to see the child, in days (1 to 365). The newest agreement is in
    /// force; earlier ones stay, as the chronology does.
    func setFrequency(everyDays: Int, childID: UUID, by actor: AuthenticatedPractitioner) async throws {
        guard (1...365).contains(everyDays) else {
            throw ServiceError.validation([
                .init(field: "everyDays", message: "Enter how often to see the child, in days from 1 to 365.")
            ])
        }
        try await context.auditedTransaction { context, tx in
            let audit = "contacts.frequency-agreed"
            let (loaded, _) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: audit, by: actor, context: context, on: tx)
            let agreed = ContactFrequencyModel()
            agreed.childID = childID
            agreed.everyDays = everyDays
            agreed.setBy = actor.id
            agreed.setAt = context.now
            try await agreed.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["everyDays": String(everyDays)]),
                context: context, on: tx)
            try await ChronologyLog.appendSystemEntry(
                "The team agreed to see the child at least every \(everyDays) days, recorded by \(actor.name).",
                category: .plan, child: loaded, by: actor, context: context, on: tx)
        }
    }
}
