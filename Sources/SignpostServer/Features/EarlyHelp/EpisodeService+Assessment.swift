import Fluent
import Foundation
import SignpostCore

/// The assessment itself: saving drafts, completing, and the checks on its content.
extension EpisodeService {
    /// Saves the draft. Optimistic versioning: a save from a stale version is refused with 409, so two
    /// people editing at once never overwrite each other silently.
    func save(_ input: SaveInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView {
        try Self.validate(input.content)
        return try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .edit, audit: "episode.saved", by: actor, context: context, on: tx)
            guard loaded.episode.status == EpisodeStatus.draft.rawValue else {
                throw ServiceError.conflict(
                    loaded.episode.status == EpisodeStatus.consent.rawValue
                        ? "Record the consent statement before the assessment."
                        : "A completed assessment is not changed: record what changed in a review.")
            }
            try await Self.checkVersion(
                input.version, loaded, audit: "episode.saved", by: actor, context: context, on: tx)
            loaded.episode.contentSealed = try loaded.cipher.sealJSON(
                input.content, context: LoadedEpisode.contentContext(episodeID))
            loaded.episode.version += 1
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.saved", actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString, "version": String(loaded.episode.version)]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// Completes the assessment and marks the assessor's involvement as holding it: this is what the
    /// signpost shows ("an early-help assessment exists: contact X").
    func complete(_ input: CompleteInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .edit, audit: "episode.completed", by: actor, context: context, on: tx)
            guard loaded.episode.status == EpisodeStatus.draft.rawValue else {
                throw ServiceError.conflict("Only a draft assessment can be completed.")
            }
            try await Self.checkVersion(
                input.version, loaded, audit: "episode.completed", by: actor, context: context, on: tx)
            let missing = try loaded.content().missingForCompletion
            guard missing.isEmpty else {
                throw ServiceError.validation(missing.map { .init(field: $0, message: Self.missingMessage($0)) })
            }
            loaded.episode.status = EpisodeStatus.completed.rawValue
            loaded.episode.completedAt = context.now
            // The first review is due within 12 weeks; each review then sets the next.
            loaded.episode.nextReviewOn =
                CalendarDate(context.now).adding(days: EpisodeRules.reviewInterval.upperBound).iso
            loaded.episode.version += 1
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await InvolvementModel.query(on: tx).filter(\.$id == loaded.episode.assessorInvolvementID).set(
                \.$holdsAssessment, to: true
            ).update()
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.completed", actor: actor, subjectType: "child",
                    subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            try await ChronologyLog.appendSystemEntry(
                "\(actor.name) (\(actor.organisationName)) completed an early-help assessment.", category: .assessment,
                child: loaded.child, by: actor, context: context, on: tx)
            guard let reloaded = try await LoadedEpisode.load(episodeID, context: context, on: tx) else {
                throw ServiceError.notFound()
            }
            return try await reloaded.view(for: actor, now: context.now, on: tx)
        }
    }

    static func validate(_ content: AssessmentContent) throws {
        var errors: [ServiceError.FieldError] = []
        for key in content.elements.keys where !AssessmentFramework.elementIDs.contains(key) {
            errors.append(.init(field: "elements.\(key)", message: "'\(key)' is not an element of the assessment."))
        }
        if let code = content.ethnicity, !code.isEmpty, CINCodes.ethnicity[code] == nil {
            errors.append(
                .init(
                    field: "ethnicity",
                    message: "Choose an ethnicity from the census list, or 'Information not yet obtained' (NOBT)."))
        }
        let texts: [(String, String?)] =
            [
                ("whatLedToIt", content.whatLedToIt), ("peoplePresent", content.peoplePresent),
                ("disabilityOrSEN", content.disabilityOrSEN),
                ("parentsAndCarers", content.parentsAndCarers), ("childViews", content.childViews),
                ("parentViews", content.parentViews),
                ("conclusions", content.conclusions), ("childLanguage", content.childLanguage),
                ("parentLanguage", content.parentLanguage),
            ]
            + content.elements.flatMap {
                [("\($0.key).strengths", $0.value.strengths), ("\($0.key).needs", $0.value.needs)]
            }
        errors += texts.compactMap { field, text in freeTextError(text, field: field) }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
    }

    static func missingMessage(_ field: String) -> String {
        switch field {
        case "whatLedToIt": "Say what led to the assessment."
        case "conclusions": "Write the conclusions."
        default:
            "Record strengths or needs for at least one element of \(AssessmentFramework.domains.first { $0.id == field }?.title.lowercased() ?? field)."
        }
    }
}
