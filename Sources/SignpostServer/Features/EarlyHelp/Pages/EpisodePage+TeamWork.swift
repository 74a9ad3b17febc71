import Foundation
import SignpostCore

/// The completed episode's second task list: the Team Around the Child's pages (team, meetings, action
/// plan, reviews, closing), each row saying in a few words where that work stands.
extension EpisodePage {
    struct WorkRow: Encodable {
        var id: String
        var title: String
        var hint: String
        var status: String
        /// Something needs doing: an overdue action or review, or no lead professional yet.
        var attention: Bool
        var href: String
    }

    /// An action of the plan as its row shows it: dates and status in words, and whether it is still open
    /// (only open actions can be marked done).
    struct ActionRow: Encodable {
        var id: UUID
        var description: String
        var desiredOutcome: String
        var owner: String
        var dueOn: String
        var status: String
        var overdue: Bool
        var open: Bool
    }

    static func actionRows(of episode: EpisodeView) -> [ActionRow] {
        episode.actions.map { action in
            let status = ActionStatus(rawValue: action.status)
            return ActionRow(
                id: action.id, description: action.description, desiredOutcome: action.desiredOutcome,
                owner: action.owner, dueOn: DisplayTime.day(action.dueOn), status: status?.displayName ?? action.status,
                overdue: action.overdue, open: status?.isOpen ?? false)
        }
    }

    struct Counts: Encodable {
        var members: Int
        var meetings: Int
        var actions: Int
        var reviews: Int
    }

    static func counts(of episode: EpisodeView) -> Counts {
        Counts(
            members: episode.members.count, meetings: episode.meetings.count, actions: episode.actions.count,
            reviews: episode.reviews.count)
    }

    static func title(of work: SiteURL.EpisodeWork) -> String {
        switch work {
        case .team: "Team around the child"
        case .meetings: "Meetings"
        case .actions: "Action plan"
        case .reviews: "Reviews"
        }
    }

    static func template(for work: SiteURL.EpisodeWork) -> String {
        "assessment-\(work.rawValue)"
    }

    /// The page each notice belongs on: a change returns to the page it was made from.
    static func work(for notice: SiteURL.EpisodeNotice) -> SiteURL.EpisodeWork? {
        switch notice {
        case .invited, .invitationSent, .leadChosen: .team
        case .meetingRecorded: .meetings
        case .actionAdded, .actionUpdated: .actions
        case .reviewRecorded: .reviews
        case .completed, .closed: nil
        }
    }

    static func teamWork(of episode: EpisodeView) -> [WorkRow] {
        let lead = episode.members.first(where: \.leadProfessional)
        let overdue = episode.actions.filter(\.overdue).count
        let done = episode.actions.filter { $0.status == ActionStatus.done.rawValue }.count
        func row(_ work: SiteURL.EpisodeWork, hint: String, status: String, attention: Bool = false) -> WorkRow {
            WorkRow(
                id: work.rawValue, title: title(of: work), hint: hint, status: status, attention: attention,
                href: SiteURL.assessmentWork(episode.id, work).path)
        }
        var rows = [
            row(
                .team, hint: PlainEnglish.count(episode.members.count, "service", "services") + " in the team",
                status: lead.map { "Lead professional: \($0.description)" } ?? "No lead professional yet",
                attention: lead == nil),
            row(
                .meetings, hint: PlainEnglish.count(episode.meetings.count, "meeting", "meetings") + " recorded",
                status: episode.meetings.last.map { "Last met \(DisplayTime.day($0.heldOn))" } ?? "Not started"),
            row(
                .actions, hint: PlainEnglish.count(episode.actions.count, "action", "actions") + ", \(done) done",
                status: overdue > 0 ? "\(overdue) overdue" : (episode.actions.isEmpty ? "Not started" : "On track"),
                attention: overdue > 0),
            row(
                .reviews, hint: PlainEnglish.count(episode.reviews.count, "review", "reviews") + " held",
                status: episode.reviewOverdue
                    ? "Review overdue" : episode.nextReviewOn.map { "Next review \(DisplayTime.day($0))" } ?? "Not due",
                attention: episode.reviewOverdue),
        ]
        if episode.may.close {
            rows.append(
                WorkRow(
                    id: "close", title: "Close the episode",
                    hint: "When the plan's work is done, or the family moves, disengages or needs more help",
                    status: "", attention: false, href: SiteURL.assessmentClose(episode.id).path))
        }
        return rows
    }

    /// Dates as people read them ("1 December 2026"); the stored values stay ISO in the API.
    static func displayingDates(_ episode: EpisodeView) -> EpisodeView {
        var shown = episode
        shown.nextReviewOn = episode.nextReviewOn.map(DisplayTime.day)
        shown.meetings = episode.meetings.map { meeting in
            var shownMeeting = meeting
            shownMeeting.heldOn = DisplayTime.day(meeting.heldOn)
            return shownMeeting
        }
        shown.reviews = episode.reviews.map { review in
            var shownReview = review
            shownReview.heldOn = DisplayTime.day(review.heldOn)
            shownReview.nextReviewOn = DisplayTime.day(review.nextReviewOn)
            return shownReview
        }
        shown.closure = episode.closure.map { closure in
            var shownClosure = closure
            shownClosure.closedOn = DisplayTime.day(closure.closedOn)
            return shownClosure
        }
        return shown
    }
}
