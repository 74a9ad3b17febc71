import Fluent
import Foundation
import SignpostCore

/// The Team Around the Child after the assessment: members, the lead professional chosen with the
/// family, meetings, the action plan, reviews and closure.
struct TeamAroundTheChildService {
    let context: ServiceContext

    struct MemberInput: Codable, Sendable { var involvementID: UUID }
    struct LeadInput: Codable, Sendable {
        var involvementID: UUID
        var chosenWithFamily: Bool?
    }

    /// Invites one of the child's involvements to the team. Needs consent (or another basis) to share the assessment.
    func invite(_ input: MemberInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView
    {
        try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .manageTeam, audit: "episode.member-invited", by: actor, context: context, on: tx)
            try Self.requireCompleted(loaded)
            let access = AccessContext(today: CalendarDate(context.now))
            guard let involvement = loaded.child.active.first(where: { $0.id == input.involvementID }),
                Policy.namesInvolvement(
                    loaded.child.member(involvement), of: loaded.child.facts, to: actor.actor, context: access)
            else {
                throw ServiceError.validation([
                    .init(field: "involvementID", message: "Choose one of the services working with this child.")
                ])
            }
            guard !loaded.episode.consentDeclined else {
                try await EpisodeService.refuseChange(
                    "The family declined sharing this assessment: nobody can be invited to see it.",
                    audit: "episode.member-invited", loaded, by: actor, context: context, on: tx)
            }
            guard Policy.assessmentSharingBasis(loaded.child.facts, today: access.today) != nil else {
                try await EpisodeService.refuseChange(
                    "Consent does not cover sharing the assessment with the team. Record the family's consent to 'share the assessment with the team around the child' first.",
                    audit: "episode.member-invited", loaded, by: actor, context: context, on: tx)
            }
            if try await EpisodeMemberModel.query(on: tx).filter(\.$episodeID == episodeID).filter(
                \.$involvementID == input.involvementID
            ).first() == nil {
                let member = EpisodeMemberModel()
                member.episodeID = episodeID
                member.involvementID = input.involvementID
                member.invitedBy = actor.id
                member.invitedAt = context.now
                try await member.create(on: tx)
                try await Notifications.notify(
                    practitioner: involvement.$practitioner.id, childID: loaded.child.id, kind: "tac-invitation",
                    message:
                        "\(actor.name) invited you to the team around \(loaded.child.child.givenName) \(loaded.child.child.familyName).",
                    context: context, on: tx)
            }
            try await Self.audit(
                "episode.member-invited", loaded, actor, ["involvement": input.involvementID.uuidString], context, tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The lead professional is chosen with the family; the choice is recorded on the involvement.
    func chooseLead(_ input: LeadInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        guard input.chosenWithFamily == true else {
            throw ServiceError.validation([
                .init(
                    field: "chosenWithFamily",
                    message: "Agree the lead professional with the family, then confirm that you did.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .manageTeam, audit: "episode.lead-chosen", by: actor, context: context, on: tx)
            try Self.requireCompleted(loaded)
            guard let chosen = loaded.child.active.first(where: { $0.id == input.involvementID }),
                Policy.mayLead(loaded.child.member(chosen))
            else {
                throw ServiceError.validation([
                    .init(field: "involvementID", message: "Choose one of the services working with this child.")
                ])
            }
            for involvement in loaded.child.active
            where involvement.leadProfessional != (involvement.id == input.involvementID) {
                involvement.leadProfessional = involvement.id == input.involvementID
                try await involvement.save(on: tx)
            }
            try await Self.audit(
                "episode.lead-chosen", loaded, actor, ["involvement": input.involvementID.uuidString], context, tx)
            guard let reloaded = try await LoadedEpisode.load(episodeID, context: context, on: tx) else {
                throw ServiceError.notFound()
            }
            return try await reloaded.view(for: actor, now: context.now, on: tx)
        }
    }

    // MARK: Helpers

    static func requireCompleted(_ loaded: LoadedEpisode) throws {
        guard loaded.episode.status == EpisodeStatus.completed.rawValue else {
            throw ServiceError.conflict("The team's work starts once the assessment is completed.")
        }
    }

    static func audit(
        _ action: String, _ loaded: LoadedEpisode, _ actor: AuthenticatedPractitioner, _ details: [String: String],
        _ context: ServiceContext, _ tx: any Database
    ) async throws {
        var all = details
        all["episode"] = loaded.id.uuidString
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                details: all),
            context: context, on: tx)
    }

    static func date(
        _ text: String, field: String, notBefore: CalendarDate? = nil, notAfter: CalendarDate? = nil,
        errors: inout [ServiceError.FieldError]
    ) -> CalendarDate? {
        guard let date = CalendarDate(typed: text) else {
            errors.append(.init(field: field, message: DateEntry.problem(in: text, label: "The date")))
            return nil
        }
        if let notBefore, date < notBefore {
            errors.append(.init(field: field, message: "The date must be today or later."))
        }
        if let notAfter, date > notAfter {
            errors.append(.init(field: field, message: "The date must be today or earlier."))
        }
        return date
    }

    static func text(_ value: String, field: String, message: String, errors: inout [ServiceError.FieldError]) -> String
    {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { errors.append(.init(field: field, message: message)) }
        if let error = EpisodeService.freeTextError(trimmed, field: field) { errors.append(error) }
        return trimmed
    }

    static func optional(_ value: String?) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }
}
