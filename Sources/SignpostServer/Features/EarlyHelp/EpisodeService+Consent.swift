import Fluent
import Foundation
import SignpostCore

/// The consent statement that opens the assessment, or the record that the family declined.
extension EpisodeService {
    func recordConsentStatement(_ input: ConsentStatementInput, episodeID: UUID, by actor: AuthenticatedPractitioner)
        async throws -> EpisodeView
    {
        guard (input.consentID != nil) != (input.declined == true) else {
            throw ServiceError.validation([
                .init(
                    field: "consentID",
                    message: "Choose the consent the family gave for this episode, or record that they declined.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .edit, audit: "episode.consent-recorded", by: actor, context: context, on: tx)
            guard EpisodeStatus(rawValue: loaded.episode.status)?.isBeforeCompletion == true else {
                throw ServiceError.conflict("The consent statement is recorded before the assessment is completed.")
            }
            if let consentID = input.consentID {
                guard let consent = loaded.child.consents.first(where: { $0.id == consentID }),
                    ChildFactsLoader.consentFact(consent).isInForce(on: CalendarDate(context.now))
                else {
                    throw ServiceError.validation([
                        .init(field: "consentID", message: "Choose a consent of this child that is in force.")
                    ])
                }
            }
            loaded.episode.consentID = input.consentID
            loaded.episode.consentDeclined = input.declined == true
            loaded.episode.status = EpisodeStatus.draft.rawValue
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.consent-recorded", actor: actor, subjectType: "child",
                    subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString, "consent": input.consentID?.uuidString ?? "declined"]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }
}
