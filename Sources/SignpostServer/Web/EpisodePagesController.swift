import SignpostCore
import Vapor

/// The episode page and the Team Around the Child's own pages: the team (inviting, the lead
/// professional), meetings, the plan's actions and reviews. Each change redirects to the page it was
/// made from with a success banner, or shows that page again with the error summary and what was typed.
/// Page models live in `Features/EarlyHelp/Pages`.
struct EpisodePagesController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let episode = signedIn.grouped("assessments", ":episodeID")
        episode.get(use: episodePage)
        episode.get("print", use: printPage)
        for work in SiteURL.EpisodeWork.allCases {
            episode.get(.constant(work.rawValue)) { request in try await self.workPage(request, work) }
        }
        episode.post("team", use: invite)
        episode.post("team", "invitations", use: inviteByName)
        episode.post("lead", use: lead)
        episode.post("meetings", use: meeting)
        episode.post("actions", use: action)
        episode.post("actions", ":actionID", "status", use: actionStatus)
        episode.post("reviews", use: review)
    }

    @Sendable func episodePage(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.EpisodeNotice.init(rawValue:))
        return try await showEpisode(request, errors: .none, notice: notice)
    }

    @Sendable func workPage(_ request: Request, _ work: SiteURL.EpisodeWork) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.EpisodeNotice.init(rawValue:))
        return try await showEpisode(request, errors: .none, notice: notice, work: work, status: .ok)
    }

    @Sendable func printPage(_ request: Request) async throws -> View {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: try request.idParameter("episodeID"), by: try request.signedInPractitioner())
        let page = CheckAnswersPage.model(
            layout: LayoutContext(request: request, title: EpisodePage.title(episode, .none)), episode: episode,
            errors: .none)
        return try await request.view.render(CheckAnswersPage.printTemplate, page)
    }

    @Sendable func invite(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await change(request, form: "team", notice: .invited) { service, episodeID, actor in
            guard let involvementID = form["involvementID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([.init(field: "involvementID", message: "Choose who to invite.")])
            }
            _ = try await service.invite(.init(involvementID: involvementID), episodeID: episodeID, by: actor)
        }
    }

    @Sendable func inviteByName(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await change(request, form: "invitation", notice: .invitationSent) { _, episodeID, actor in
            guard let practitionerID = form["practitionerID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([.init(field: "find", message: "Choose someone from the list.")])
            }
            _ = try await TeamAroundTheChildService(context: request.serviceContext).inviteToTeam(
                practitionerID: practitionerID, episodeID: episodeID, by: actor)
        }
    }

    @Sendable func lead(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await change(
            request, form: "lead", notice: .leadChosen, rename: ["involvementID": "leadInvolvementID"]
        ) {
            service, episodeID, actor in
            guard let involvementID = form["leadInvolvementID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([
                    .init(field: "leadInvolvementID", message: "Choose the lead professional.")
                ])
            }
            _ = try await service.chooseLead(
                .init(involvementID: involvementID, chosenWithFamily: form["chosenWithFamily"] == "yes"),
                episodeID: episodeID, by: actor)
        }
    }

    @Sendable func meeting(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TeamAroundTheChildService.MeetingInput.self)
        return try await change(request, form: "meeting", notice: .meetingRecorded) { service, episodeID, actor in
            _ = try await service.recordMeeting(form, episodeID: episodeID, by: actor)
        }
    }

    @Sendable func action(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await change(request, form: "action", notice: .actionAdded) { service, episodeID, actor in
            guard let owner = form["ownerInvolvementID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([
                    .init(field: "ownerInvolvementID", message: "Choose an owner from the team.")
                ])
            }
            let input = TeamAroundTheChildService.ActionInput(
                ownerInvolvementID: owner, dueOn: form["dueOn"] ?? "", description: form["description"] ?? "",
                desiredOutcome: form["desiredOutcome"] ?? "")
            _ = try await service.addAction(input, episodeID: episodeID, by: actor)
        }
    }

    @Sendable func actionStatus(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await change(request, form: "status", notice: .actionUpdated) { service, _, actor in
            _ = try await service.updateAction(
                .init(status: form["status"] ?? ""), actionID: try request.idParameter("actionID"), by: actor)
        }
    }

    /// The review form's inputs carry a prefix, so they cannot clash with the meeting form's.
    static let reviewFieldNames = [
        "heldOn": "reviewHeldOn", "attendees": "reviewAttendees", "progress": "reviewProgress",
        "nextSteps": "reviewNextSteps", "nextReviewOn": "reviewNextReviewOn",
    ]

    @Sendable func review(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TeamAroundTheChildService.ReviewInput.self)
        return try await change(request, form: "review", notice: .reviewRecorded, rename: Self.reviewFieldNames) {
            service, episodeID, actor in
            _ = try await service.recordReview(form, episodeID: episodeID, by: actor)
        }
    }

    /// Runs one change, then shows the episode again: redirected on success, with the error summary
    /// and what was typed on a problem.
    private func change(
        _ request: Request, form name: String, notice: SiteURL.EpisodeNotice, rename: [String: String] = [:],
        _ body: (TeamAroundTheChildService, UUID, AuthenticatedPractitioner) async throws -> Void
    ) async throws -> Response {
        let episodeID = try request.idParameter("episodeID")
        do {
            let service = TeamAroundTheChildService(context: request.serviceContext)
            try await body(service, episodeID, try request.signedInPractitioner())
            guard let work = EpisodePage.work(for: notice) else {
                return request.redirect(to: SiteURL.assessment(episodeID, notice: notice))
            }
            return request.redirect(to: SiteURL.assessmentWork(episodeID, work, notice: notice))
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            var refill = (try? request.content.decode([String: String].self)) ?? [:]
            refill["form"] = name
            let errors = FormErrors(EpisodePage.fieldErrors(error, rename: rename))
            return try await showEpisode(
                request, errors: errors, refill: refill, work: EpisodePage.work(for: notice), status: error.status)
        }
    }

    private func showEpisode(
        _ request: Request, errors: FormErrors, refill: [String: String] = [:], notice: SiteURL.EpisodeNotice? = nil,
        work: SiteURL.EpisodeWork? = nil, status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        let episodeID = try request.idParameter("episodeID")
        let actor = try request.signedInPractitioner()
        let find = request.query[String.self, at: "find"]
        var team: EpisodePage.TeamSection?
        let episode: EpisodeView
        if work == .team {
            let content = try await TeamAroundTheChildService(context: request.serviceContext).teamPage(
                episodeID: episodeID, find: find, by: actor)
            (episode, team) = (content.episode, EpisodePage.teamSection(content, find: find))
        } else {
            episode = try await EpisodeService(context: request.serviceContext).view(episodeID: episodeID, by: actor)
        }
        let page = EpisodePage.model(
            layout: LayoutContext(request: request, title: EpisodePage.title(episode, errors, work: work)),
            episode: episode,
            today: CalendarDate(request.serviceContext.now), errors: errors, refill: refill,
            notice: notice, team: team)
        let template = work.map(EpisodePage.template(for:)) ?? EpisodePage.template
        return try await request.render(template, page, errors: errors, status: status)
    }
}
