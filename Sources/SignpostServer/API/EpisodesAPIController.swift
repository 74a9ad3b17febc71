import SignpostCore
import Vapor

/// `/api/v1/children/{id}/assessments` and `/api/v1/assessments/{id}...`: the early-help episode.
struct EpisodesAPIController {
    func addRoutes(to api: any RoutesBuilder) {
        api.get("children", ":childID", "assessments", use: list)
        api.post("children", ":childID", "assessments", use: start)
        let episode = api.grouped("assessments", ":episodeID")
        episode.get(use: view)
        episode.put(use: save)
        episode.post("consent", use: consent)
        episode.post("complete", use: complete)
        episode.post("team", use: invite)
        episode.post("lead", use: lead)
        episode.post("meetings", use: meeting)
        episode.post("actions", use: action)
        episode.post("reviews", use: review)
        episode.post("close", use: close)
        episode.get("export", use: export)
        api.post("actions", ":actionID", "status", use: actionStatus)
    }

    @Sendable func list(_ request: Request) async throws -> [EpisodeService.EpisodeSummary] {
        try await EpisodeService(context: request.serviceContext).list(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func start(_ request: Request) async throws -> Response {
        let body = try request.content.decode(EpisodeService.ChecklistInput.self)
        let view = try await EpisodeService(context: request.serviceContext).start(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: SiteURL.apiAssessment(view.id).path)
        try response.content.encode(view)
        return response
    }

    @Sendable func view(_ request: Request) async throws -> EpisodeView {
        try await EpisodeService(context: request.serviceContext).view(
            episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func save(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(EpisodeService.SaveInput.self)
        return try await EpisodeService(context: request.serviceContext).save(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func consent(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(EpisodeService.ConsentStatementInput.self)
        return try await EpisodeService(context: request.serviceContext).recordConsentStatement(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func complete(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(EpisodeService.CompleteInput.self)
        return try await EpisodeService(context: request.serviceContext).complete(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func invite(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.MemberInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).invite(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func lead(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.LeadInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).chooseLead(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func meeting(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.MeetingInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).recordMeeting(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func action(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.ActionInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).addAction(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func actionStatus(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.ActionStatusInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).updateAction(
            body, actionID: try request.idParameter("actionID"), by: try request.signedInPractitioner())
    }

    @Sendable func review(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.ReviewInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).recordReview(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func close(_ request: Request) async throws -> EpisodeView {
        let body = try request.content.decode(TeamAroundTheChildService.ClosureInput.self)
        return try await TeamAroundTheChildService(context: request.serviceContext).close(
            body, episodeID: try episodeID(request), by: try request.signedInPractitioner())
    }

    @Sendable func export(_ request: Request) async throws -> Response {
        let view = try await EpisodeService(context: request.serviceContext).export(
            episodeID: try episodeID(request), by: try request.signedInPractitioner())
        let response = Response(status: .ok)
        try response.content.encode(view)
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"episode-\(view.id.uuidString).json\"")
        return response
    }

    private func episodeID(_ request: Request) throws -> UUID {
        try request.idParameter("episodeID")
    }
}
