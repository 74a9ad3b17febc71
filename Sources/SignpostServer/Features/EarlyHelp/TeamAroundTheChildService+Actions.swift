import Fluent
import Foundation
import SignpostCore

/// The action plan: actions with an owner from the team, a due date and a status.
extension TeamAroundTheChildService {
    struct ActionInput: Codable, Sendable {
        var ownerInvolvementID: UUID
        var dueOn: String
        var description: String
        var desiredOutcome: String
    }
    struct ActionStatusInput: Codable, Sendable { var status: String }

    func addAction(_ input: ActionInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let due = Self.date(input.dueOn, field: "dueOn", notBefore: today, errors: &errors)
        let description = Self.text(
            input.description, field: "description", message: "Describe the action.", errors: &errors)
        let outcome = Self.text(
            input.desiredOutcome, field: "desiredOutcome", message: "Say what outcome the action should achieve.",
            errors: &errors)
        guard errors.isEmpty, let due else { throw ServiceError.validation(errors) }
        return try await addEntry(
            episodeID, kind: "action", on: due, next: nil, ownerInvolvementID: input.ownerInvolvementID,
            status: ActionStatus.notStarted.rawValue,
            text: ActionText(description: description, desiredOutcome: outcome), by: actor)
    }

    func updateAction(_ input: ActionStatusInput, actionID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        guard let status = ActionStatus(rawValue: input.status) else {
            throw ServiceError.validation([
                .init(field: "status", message: "The status is not-started, in-progress, done or dropped.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            guard let entry = try await EpisodeEntryModel.find(actionID, on: tx), entry.kind == "action" else {
                throw ServiceError.notFound("There is no action at this address.")
            }
            let loaded = try await EpisodeService.authorise(
                entry.episodeID, .recordTeamWork, audit: "episode.action-updated", by: actor, context: context, on: tx)
            entry.status = status.rawValue
            try await entry.save(on: tx)
            try await Self.audit(
                "episode.action-updated", loaded, actor, ["action": actionID.uuidString, "status": status.rawValue],
                context, tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }
}
