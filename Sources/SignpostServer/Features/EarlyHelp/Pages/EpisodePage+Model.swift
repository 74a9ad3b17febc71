import Foundation
import SignpostCore

/// The episode page: the assessment's state and its parts, then the Team Around the Child's own pages
/// (`EpisodePage+TeamWork`). The team, meetings, plan and reviews pages render this same model.
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
        var errors: FormErrors
        var today: String
        /// Today as the hints suggest typing it: "31/12/2026".
        var todayTyped: String
        /// What was typed into the form that failed, by form, so nothing typed is lost.
        var meeting: [String: String]
        var action: [String: String]
        var review: [String: String]
        /// The draft's parts as a GOV.UK task list, and where "Continue" goes (the first unfinished part).
        var parts: [PartRow]
        var continueURL: String
        /// The banner after a change made from this page.
        var notice: String?
        /// The episode's status in words.
        var statusName: String
        /// Once closed: where the child moved, the census codes with their meanings, the note.
        var closureRows: [ClosurePage.Row]
        /// Once completed: the team's own pages as a second task list, and how many of each there are.
        var teamWork: [WorkRow]
        var counts: Counts
        var actions: [ActionRow]
        var episodeURL: String
        /// The team page's invitations and finding someone to invite; nil on the other pages.
        var team: TeamSection?
    }

    struct PartRow: Encodable {
        var id: String
        var title: String
        var status: String
        var completed: Bool
        var inProgress: Bool
        var href: String
    }

    /// What the page says after a change made from it.
    static func noticeText(_ notice: SiteURL.EpisodeNotice?) -> String? {
        switch notice {
        case .completed: "The assessment is completed. The team around the child can now work to its plan."
        case .invited: "The service has been added to this plan's team."
        case .invitationSent:
            "The invitation has been sent. They will see it on their home page and can accept or decline."
        case .leadChosen: "The lead professional has been recorded."
        case .meetingRecorded: "The meeting has been recorded."
        case .actionAdded: "The action has been added to the plan."
        case .actionUpdated: "The action's progress has been updated."
        case .reviewRecorded: "The review has been recorded."
        case .closed: "The episode is closed. It can still be read, but no longer changed."
        case nil: nil
        }
    }

    static func parts(of episode: EpisodeView) -> [PartRow] {
        SectionPage.sections.map { part in
            let status = episode.content.status(ofPart: part.id)
            return PartRow(
                id: part.id, title: part.title, status: status.rawValue, completed: status == .completed,
                inProgress: status == .inProgress, href: SiteURL.assessmentSection(episode.id, section: part.id).path)
        }
    }

    /// The consent statement first; then the first unfinished part; then check your answers.
    static func continueURL(of episode: EpisodeView) -> SiteURL {
        if episode.status == EpisodeStatus.consent.rawValue { return .assessmentConsent(episode.id) }
        guard let part = episode.content.firstUnfinishedPart else { return .assessmentCheck(episode.id) }
        return .assessmentSection(episode.id, section: part)
    }

    static func title(_ episode: EpisodeView, _ errors: FormErrors, work: SiteURL.EpisodeWork? = nil) -> String {
        let heading = (work.map { "\(Self.title(of: $0)): " } ?? "") + "Early help for \(episode.childName)"
        return errors.any ? "Error: \(heading)" : heading
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
        refill: [String: String] = [:], notice: SiteURL.EpisodeNotice? = nil,
        team: TeamSection? = nil
    ) -> Model {
        let status = EpisodeStatus(rawValue: episode.status)
        func typed(_ form: String) -> [String: String] { refill["form"] == form ? refill : [:] }
        return Model(
            layout: layout, episode: displayingDates(episode), isDraft: status?.isBeforeCompletion == true,
            hasTeamWork: episode.completedAt != nil, isCompleted: status == .completed, isClosed: status == .closed,
            errors: errors, today: today.iso,
            todayTyped: "\(today.day) \(today.month) \(today.year)", meeting: typed("meeting"),
            action: typed("action"),
            review: typed("review"), parts: parts(of: episode),
            continueURL: continueURL(of: episode).path, notice: noticeText(notice),
            statusName: status?.displayName ?? PlainEnglish.words(fromCode: episode.status),
            closureRows: episode.closure.map(ClosurePage.closedRows) ?? [], teamWork: teamWork(of: episode),
            counts: counts(of: episode), actions: actionRows(of: episode),
            episodeURL: SiteURL.assessment(episode.id).path, team: team)
    }
}
