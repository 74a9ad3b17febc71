import SignpostCore
import Vapor

/// Closing an episode: the question page, then a confirmation page that carries the answers (back to
/// the question page too, to change them), then the close itself. Nothing is closed until the
/// practitioner confirms. Page models in
/// `Features/EarlyHelp/Pages/ClosurePage+Model.swift`.
struct EpisodeClosureController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let episode = signedIn.grouped("assessments", ":episodeID")
        episode.get("close", use: questionPage)
        episode.post("close", use: answer)
    }

    @Sendable func questionPage(_ request: Request) async throws -> Response {
        try await showQuestions(request, form: [:], errors: .none)
    }

    /// The answers: checked and shown to confirm, (confirmed) the episode closed, or (to change them)
    /// the question page again with them chosen.
    @Sendable func answer(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        if form["change"] == "yes" {
            return try await showQuestions(request, form: form, errors: .none)
        }
        let input = ClosurePage.input(form)
        let episodeID = try request.idParameter("episodeID")
        do {
            guard form["confirm"] == "yes" else {
                // The same checks the close makes, before asking to confirm.
                _ = try TeamAroundTheChildService.closureText(
                    input, reason: TeamAroundTheChildService.closureReason(input))
                return try await showConfirmation(request, input: input, form: form)
            }
            _ = try await TeamAroundTheChildService(context: request.serviceContext).close(
                input, episodeID: episodeID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.assessment(episodeID, notice: .closed))
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            let errors = FormErrors(ClosurePage.fieldErrors(error))
            return try await showQuestions(request, form: form, errors: errors, status: error.status)
        }
    }

    private func showQuestions(
        _ request: Request, form: [String: String], errors: FormErrors,
        status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        let content = try await EpisodeService(context: request.serviceContext).closureContent(
            episodeID: try request.idParameter("episodeID"), by: try request.signedInPractitioner())
        let page = ClosurePage.model(
            layout: LayoutContext(request: request, title: ClosurePage.title(errors)), content: content, form: form,
            errors: errors)
        return try await request.render(ClosurePage.template, page, errors: errors, status: status)
    }

    private func showConfirmation(
        _ request: Request, input: TeamAroundTheChildService.ClosureInput, form: [String: String]
    ) async throws -> Response {
        let content = try await EpisodeService(context: request.serviceContext).closureContent(
            episodeID: try request.idParameter("episodeID"), by: try request.signedInPractitioner())
        let page = ClosurePage.confirmModel(
            layout: LayoutContext(request: request, title: "Close the episode?"), content: content, input: input,
            form: form)
        return try await request.view.render(ClosurePage.confirmTemplate, page).encodeResponse(for: request)
    }
}
