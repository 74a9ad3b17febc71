import Fluent
import Foundation
import SignpostCore

/// Team meetings: who attended and what they decided.
extension TeamAroundTheChildService {
    struct MeetingInput: Codable, Sendable {
        var heldOn: String
        var attendees: String
        var decisions: String
    }

    func recordMeeting(_ input: MeetingInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let held = Self.date(input.heldOn, field: "heldOn", notAfter: today, errors: &errors)
        let attendees = Self.text(input.attendees, field: "attendees", message: "Say who attended.", errors: &errors)
        let decisions = Self.text(
            input.decisions, field: "decisions", message: "Record what the meeting decided.", errors: &errors)
        guard errors.isEmpty, let held else { throw ServiceError.validation(errors) }
        return try await addEntry(
            episodeID, kind: "meeting", on: held, next: nil,
            text: MeetingText(attendees: attendees, decisions: decisions), by: actor)
    }
}
