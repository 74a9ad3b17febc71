import Foundation
import SignpostCore

/// The episode page: the assessment's state, and the Team Around the Child's meetings, plan,
/// reviews and closure.
enum EpisodePage {
    static let template = "assessment"

    struct Model: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var isDraft: Bool
        /// Completed at some time: the team's work shows, read-only once closed.
        var hasTeamWork: Bool
        var isCompleted: Bool
        var isClosed: Bool
        var closureReasons: [ChoiceOption]
        var errors: FormErrors
        var today: String
        /// What was typed into the form that failed, by form, so nothing typed is lost.
        var meeting: [String: String]
        var action: [String: String]
        var review: [String: String]
        var closure: [String: String]
    }

    static func title(_ episode: EpisodeView, _ errors: FormErrors) -> String {
        let title = "Early help for \(episode.childName)"
        return errors.any ? "Error: \(title)" : title
    }

    /// The service's errors under the names the page's inputs have (the review form's ids differ from
    /// the meeting's), or the detail under the team section.
    static func fieldErrors(_ error: ServiceError, rename: [String: String]) -> [ServiceError.FieldError] {
        error.fieldErrors.isEmpty
            ? [.init(field: "team", message: error.detail)]
            : error.fieldErrors.map { .init(field: rename[$0.field] ?? $0.field, message: $0.message) }
    }

    /// `refill` is what the failed form held, with `form` naming which form it was.
    static func model(
        layout: LayoutContext, episode: EpisodeView, today: CalendarDate, errors: FormErrors,
        refill: [String: String] = [:]
    ) -> Model {
        let status = EpisodeStatus(rawValue: episode.status)
        func typed(_ form: String) -> [String: String] { refill["form"] == form ? refill : [:] }
        return Model(
            layout: layout, episode: episode, isDraft: status?.isBeforeCompletion == true,
            hasTeamWork: episode.completedAt != nil, isCompleted: status == .completed, isClosed: status == .closed,
            closureReasons: ClosureReason.allCases.map {
                ChoiceOption(
                    value: $0.rawValue, label: $0.displayName,
                    checked: refill["form"] == "closure" && refill["reason"] == $0.rawValue)
            },
            errors: errors, today: today.iso, meeting: typed("meeting"), action: typed("action"),
            review: typed("review"), closure: typed("closure"))
    }
}
