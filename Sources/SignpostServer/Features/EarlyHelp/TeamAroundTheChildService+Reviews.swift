import Fluent
import Foundation
import SignpostCore

/// Reviews of the plan, each setting when the next one is due.
extension TeamAroundTheChildService {
    struct ReviewInput: Codable, Sendable {
        var heldOn: String
        var attendees: String
        var progress: String
        var nextSteps: String
        var childComments: String?
        var parentComments: String?
        var nextReviewOn: String
    }

    /// A review, with the next one due in 4 to 12 weeks.
    func recordReview(_ input: ReviewInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let held = Self.date(input.heldOn, field: "heldOn", notAfter: today, errors: &errors)
        let next = Self.date(input.nextReviewOn, field: "nextReviewOn", errors: &errors)
        let attendees = Self.text(input.attendees, field: "attendees", message: "Say who attended.", errors: &errors)
        let progress = Self.text(
            input.progress, field: "progress", message: "Record the progress made.", errors: &errors)
        let nextSteps = Self.text(
            input.nextSteps, field: "nextSteps", message: "Record the next steps.", errors: &errors)
        if let held, let next, !EpisodeRules.isValidNextReview(next, after: held) {
            errors.append(
                .init(
                    field: "nextReviewOn",
                    message:
                        "Set the next review 4 to 12 weeks after this one: between \(held.adding(days: 28).iso) and \(held.adding(days: 84).iso)."
                ))
        }
        guard errors.isEmpty, let held, let next else { throw ServiceError.validation(errors) }
        let text = ReviewText(
            attendees: attendees, progress: progress, nextSteps: nextSteps,
            childComments: Self.optional(input.childComments), parentComments: Self.optional(input.parentComments))
        return try await addEntry(episodeID, kind: "review", on: held, next: next, text: text, by: actor)
    }
}
