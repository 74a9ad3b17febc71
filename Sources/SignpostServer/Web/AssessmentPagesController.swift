import SignpostCore
import Vapor

/// Writing an early-help assessment: the checklist, the consent statement, one page per question
/// group, and check your answers. Each form saves what it is given (a draft is never lost on the next
/// page); every decision is the services' and so `Policy`'s. Page models live in
/// `Features/EarlyHelp/Pages`.
struct AssessmentPagesController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        signedIn.get("children", ":childID", "assessments", "new", use: checklistPage)
        signedIn.post("children", ":childID", "assessments", "new", use: startEpisode)
        let episode = signedIn.grouped("assessments", ":episodeID")
        episode.get("consent", use: consentPage)
        episode.post("consent", use: recordConsent)
        episode.get("sections", ":section", use: sectionPage)
        episode.post("sections", ":section", use: saveSection)
        episode.get("check", use: checkPage)
        episode.post("complete", use: complete)
    }

    // MARK: Checklist

    @Sendable func checklistPage(_ request: Request) async throws -> Response {
        try await showChecklist(request, answers: [:], reasons: "", errors: .none)
    }

    @Sendable func startEpisode(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let (answers, missing) = ChecklistPage.answers(in: form)
        let reasons = form["reasons"] ?? ""
        guard missing.isEmpty else {
            return try await showChecklist(request, answers: answers, reasons: reasons, errors: FormErrors(missing))
        }
        do {
            let episode = try await EpisodeService(context: request.serviceContext).start(
                ChecklistPage.input(answers, reasons: form["reasons"]), childID: try request.idParameter("childID"),
                by: try request.signedInPractitioner())
            let waitsForConsent = episode.status == EpisodeStatus.consent.rawValue
            return request.redirect(
                to: waitsForConsent ? SiteURL.assessmentConsent(episode.id) : SiteURL.assessment(episode.id))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showChecklist(
                request, answers: answers, reasons: reasons, errors: FormErrors(error.fieldErrors))
        }
    }

    private func showChecklist(_ request: Request, answers: [String: Bool], reasons: String, errors: FormErrors)
        async throws -> Response
    {
        let page = ChecklistPage.model(
            layout: LayoutContext(request: request, title: ChecklistPage.title(errors)),
            childID: try request.idParameter("childID"), answers: answers, reasons: reasons, errors: errors)
        return try await request.render(ChecklistPage.template, page, errors: errors)
    }

    // MARK: Consent statement

    @Sendable func consentPage(_ request: Request) async throws -> Response {
        try await showConsent(request, errors: .none)
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ConsentStatementPage.Form.self)
        let episodeID = try request.idParameter("episodeID")
        do {
            try await EpisodeService(context: request.serviceContext).recordConsentStatement(
                ConsentStatementPage.choice(form), episodeID: episodeID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.assessmentSection(episodeID, section: "header"))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showConsent(request, errors: FormErrors(ConsentStatementPage.fieldErrors(error)))
        }
    }

    private func showConsent(_ request: Request, errors: FormErrors) async throws -> Response {
        let content = try await EpisodeService(context: request.serviceContext).consentStatementContent(
            episodeID: try request.idParameter("episodeID"), by: try request.signedInPractitioner())
        let page = ConsentStatementPage.model(
            layout: LayoutContext(request: request, title: ConsentStatementPage.title(errors)), content: content,
            errors: errors)
        return try await request.render(ConsentStatementPage.template, page, errors: errors)
    }

    // MARK: Question groups

    @Sendable func sectionPage(_ request: Request) async throws -> Response {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: try request.idParameter("episodeID"), by: try request.signedInPractitioner())
        // Only the assessor edits, and only a draft: everyone else reads the episode page.
        guard episode.may.edit, episode.status == EpisodeStatus.draft.rawValue else {
            return request.redirect(to: SiteURL.assessment(episode.id))
        }
        return try await showSection(
            request, episode: episode, content: episode.content, version: episode.version, errors: .none)
    }

    @Sendable func saveSection(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let episodeID = try request.idParameter("episodeID")
        let sectionID = request.parameters.get("section") ?? ""
        guard let index = SectionPage.index(of: sectionID) else { throw ServiceError.notFound() }
        let version = Int(form["version"] ?? "") ?? -1
        let service = EpisodeService(context: request.serviceContext)
        let actor = try request.signedInPractitioner()
        let current = try await service.view(episodeID: episodeID, by: actor)
        var content = current.content
        SectionQuestions.apply(form, section: sectionID, to: &content)
        if request.headers.first(name: "X-Autosave") == "1" {
            // Background save from autosave.js: the new version as JSON, or the problem document.
            let saved = try await service.save(
                .init(version: version, content: content), episodeID: episodeID, by: actor)
            return try await AutosaveResult(version: saved.version).encodeResponse(for: request)
        }
        do {
            _ = try await service.save(.init(version: version, content: content), episodeID: episodeID, by: actor)
            return request.redirect(to: SectionPage.next(after: index, episodeID: episodeID))
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            let errors = FormErrors(SectionPage.fieldErrors(error, section: sectionID))
            return try await showSection(
                request, episode: current, content: content, version: version, errors: errors, status: error.status)
        }
    }

    struct AutosaveResult: Content {
        var version: Int
    }

    private func showSection(
        _ request: Request, episode: EpisodeView, content: AssessmentContent, version: Int, errors: FormErrors,
        status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        guard
            let page = SectionPage.model(
                layout: { LayoutContext(request: request, title: $0) }, episode: episode,
                section: request.parameters.get("section") ?? "", content: content, version: version, errors: errors)
        else { throw ServiceError.notFound() }
        return try await request.render(SectionPage.template, page, errors: errors, status: status)
    }

    // MARK: Check your answers

    @Sendable func checkPage(_ request: Request) async throws -> Response {
        try await showCheck(request, episodeID: try request.idParameter("episodeID"), errors: .none)
    }

    @Sendable func complete(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let episodeID = try request.idParameter("episodeID")
        do {
            _ = try await EpisodeService(context: request.serviceContext).complete(
                .init(version: Int(form["version"] ?? "") ?? -1), episodeID: episodeID,
                by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.assessment(episodeID, notice: .completed))
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            let errors = FormErrors(CheckAnswersPage.fieldErrors(error))
            return try await showCheck(request, episodeID: episodeID, errors: errors, status: error.status)
        }
    }

    private func showCheck(
        _ request: Request, episodeID: UUID, errors: FormErrors, status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: episodeID, by: try request.signedInPractitioner())
        let page = CheckAnswersPage.model(
            layout: LayoutContext(request: request, title: CheckAnswersPage.title(errors)), episode: episode,
            errors: errors)
        return try await request.render(CheckAnswersPage.template, page, errors: errors, status: status)
    }
}
