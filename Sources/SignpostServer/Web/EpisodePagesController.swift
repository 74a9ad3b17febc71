import SignpostCore
import Vapor

/// The early-help pages: checklist, consent statement, one page per question group, check your
/// answers, and the episode page with the Team Around the Child. Each form saves what it is given
/// (a draft is never lost on the next page) and every decision is the services' and so `Policy`'s.
struct EpisodePagesController {
    struct Field: Encodable {
        var name: String
        var label: String
        var hint: String?
        var value: String
        var kind: String
        var options: [ChoiceOption]
        var error: String?
    }

    struct Group: Encodable {
        var heading: String?
        var fields: [Field]
    }

    struct SectionPage: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        /// The version the form saves against: after a conflict, still the stale one, so a second click
        /// cannot overwrite the other person's changes either.
        var version: Int
        var section: String
        var caption: String
        var heading: String
        var groups: [Group]
        var errors: FormErrors
    }

    struct ChecklistPage: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var questions: [Field]
        var reasons: String
        var errors: FormErrors
    }

    struct ConsentPage: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var consents: [ChoiceOption]
        var hasConsents: Bool
        var errors: FormErrors
    }

    struct CheckRow: Encodable {
        var key: String
        var value: String
        var section: String
    }

    struct CheckPage: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var rows: [CheckRow]
        var errors: FormErrors
    }

    struct EpisodePage: Encodable {
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

    static let sections: [(id: String, title: String)] =
        [
            ("header", "About the assessment")
        ] + AssessmentFramework.domains.map { ($0.id, $0.title) } + [("closing", "Views and conclusions")]

    static let checklistQuestions: [(name: String, label: String)] = [
        ("riskOfSignificantHarm", "Is the child at risk of significant harm now?"),
        (
            "concernsAboutProgress",
            "Are you worried about the child's progress, health, development, welfare, behaviour or learning?"
        ),
        ("needsMetBySingleService", "Can your own service meet the child's needs?"),
        ("needsUnclearOrBroad", "Are the needs unclear, or broader than your service can meet?"),
    ]

    func addRoutes(to signedIn: any RoutesBuilder) {
        signedIn.get("children", ":childID", "assessments", "new", use: checklistPage)
        signedIn.post("children", ":childID", "assessments", "new", use: startEpisode)
        let episode = signedIn.grouped("assessments", ":episodeID")
        episode.get(use: episodePage)
        episode.get("print", use: printPage)
        episode.get("consent", use: consentPage)
        episode.post("consent", use: recordConsent)
        episode.get("sections", ":section", use: sectionPage)
        episode.post("sections", ":section", use: saveSection)
        episode.get("check", use: checkPage)
        episode.post("complete", use: complete)
        episode.post("team", use: invite)
        episode.post("lead", use: lead)
        episode.post("meetings", use: meeting)
        episode.post("actions", use: action)
        episode.post("actions", ":actionID", "status", use: actionStatus)
        episode.post("reviews", use: review)
        episode.post("close", use: close)
    }

    // MARK: Checklist

    @Sendable func checklistPage(_ request: Request) async throws -> View {
        try await request.view.render(
            "assessment-checklist", checklist(request, answers: [:], reasons: "", errors: .none))
    }

    @Sendable func startEpisode(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        var missing: [ServiceError.FieldError] = []
        var answers: [String: Bool] = [:]
        for (name, _) in Self.checklistQuestions {
            switch form[name] {
            case "yes": answers[name] = true
            case "no": answers[name] = false
            default: missing.append(.init(field: name, message: "Answer every question: yes or no."))
            }
        }
        guard missing.isEmpty else {
            return try await request.renderInvalid(
                "assessment-checklist",
                checklist(request, answers: answers, reasons: form["reasons"] ?? "", errors: FormErrors(missing)))
        }
        let input = EpisodeService.ChecklistInput(
            riskOfSignificantHarm: answers["riskOfSignificantHarm"]!,
            concernsAboutProgress: answers["concernsAboutProgress"]!,
            needsMetBySingleService: answers["needsMetBySingleService"]!,
            needsUnclearOrBroad: answers["needsUnclearOrBroad"]!, reasons: form["reasons"])
        do {
            let episode = try await EpisodeService(context: request.serviceContext).start(
                input, childID: try id(request, "childID"), by: try request.signedInPractitioner())
            return request.redirect(
                to: episode.status == EpisodeStatus.consent.rawValue
                    ? "/assessments/\(episode.id)/consent" : "/assessments/\(episode.id)", redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid {
            return try await request.renderInvalid(
                "assessment-checklist",
                checklist(
                    request, answers: answers, reasons: form["reasons"] ?? "", errors: FormErrors(error.fieldErrors)))
        }
    }

    private func checklist(_ request: Request, answers: [String: Bool], reasons: String, errors: FormErrors) throws
        -> ChecklistPage
    {
        ChecklistPage(
            layout: LayoutContext(
                request: request,
                title: errors.any ? "Error: Before an early-help assessment" : "Before an early-help assessment"),
            childID: try id(request, "childID"),
            questions: Self.checklistQuestions.map { question in
                Field(
                    name: question.name, label: question.label,
                    value: answers[question.name].map { $0 ? "yes" : "no" } ?? "", kind: "yesno",
                    options: [
                        ChoiceOption(value: "yes", label: "Yes", checked: answers[question.name] == true),
                        ChoiceOption(value: "no", label: "No", checked: answers[question.name] == false),
                    ],
                    error: errors.byField[question.name])
            },
            reasons: reasons, errors: errors)
    }

    // MARK: Consent statement

    @Sendable func consentPage(_ request: Request) async throws -> View {
        try await request.view.render("assessment-consent", try await consent(request, errors: .none))
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ConsentStatementForm.self)
        let episodeID = try id(request, "episodeID")
        let service = EpisodeService(context: request.serviceContext)
        do {
            var statement = EpisodeService.ConsentStatementInput(consentID: nil, declined: nil)
            switch form.choice {
            case "declined":
                statement.declined = true
            case "new":
                let episode = try await service.view(episodeID: episodeID, by: try request.signedInPractitioner())
                let recorded = try await ConsentService(context: request.serviceContext).record(
                    .init(
                        givenBy: form.givenBy ?? "", giverName: form.giverName ?? "",
                        competenceJudgement: form.competenceJudgement,
                        purposes: form.purposes ?? [], organisations: nil, method: form.method ?? "", givenOn: nil,
                        expiresOn: form.expiresOn),
                    childID: episode.childID, by: try request.signedInPractitioner())
                statement.consentID = recorded.id
            default:
                statement.consentID = form.choice.flatMap(UUID.init(uuidString:))
            }
            _ = try await service.recordConsentStatement(
                statement, episodeID: episodeID, by: try request.signedInPractitioner())
            return request.redirect(to: "/assessments/\(episodeID)/sections/header", redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = error.fieldErrors.map {
                $0.field == "consentID" ? ServiceError.FieldError(field: "choice", message: $0.message) : $0
            }
            return try await request.renderInvalid(
                "assessment-consent", try await consent(request, errors: FormErrors(fields)))
        }
    }

    struct ConsentStatementForm: Content {
        var choice: String?
        var givenBy: String?
        var giverName: String?
        var competenceJudgement: String?
        var purposes: [String]?
        var method: String?
        var expiresOn: String?
    }

    private func consent(_ request: Request, errors: FormErrors) async throws -> ConsentPage {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: try id(request, "episodeID"), by: try request.signedInPractitioner())
        let governance = try await ConsentService(context: request.serviceContext).list(
            childID: episode.childID, by: try request.signedInPractitioner())
        let options = governance.consents.filter { $0.status == ConsentState.inForce.rawValue }.map {
            ChoiceOption(
                value: $0.id.uuidString, label: "\($0.giverName), \($0.givenOn): \($0.covers)",
                checked: episode.consentID == $0.id)
        }
        return ConsentPage(
            layout: LayoutContext(
                request: request,
                title: errors.any ? "Error: Consent for this assessment" : "Consent for this assessment"),
            episode: episode, consents: options, hasConsents: !options.isEmpty, errors: errors)
    }

    // MARK: Question groups

    @Sendable func sectionPage(_ request: Request) async throws -> Response {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: try id(request, "episodeID"), by: try request.signedInPractitioner())
        // Only the assessor edits, and only a draft: everyone else reads the episode page.
        guard episode.may.edit, episode.status == EpisodeStatus.draft.rawValue else {
            return request.redirect(to: "/assessments/\(episode.id)", redirectType: .normal)
        }
        return try await request.view.render(
            "assessment-section",
            try section(request, episode: episode, content: episode.content, version: episode.version, errors: .none)
        )
        .encodeResponse(for: request)
    }

    @Sendable func saveSection(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let episodeID = try id(request, "episodeID")
        let sectionID = request.parameters.get("section") ?? ""
        guard let index = Self.sections.firstIndex(where: { $0.id == sectionID }) else { throw ServiceError.notFound() }
        let service = EpisodeService(context: request.serviceContext)
        let current = try await service.view(episodeID: episodeID, by: try request.signedInPractitioner())
        var content = current.content
        Self.apply(form, section: sectionID, to: &content)
        let version = Int(form["version"] ?? "") ?? -1
        if request.headers.first(name: "X-Autosave") == "1" {
            // Background save from autosave.js: the new version as JSON, or the problem document.
            let saved = try await service.save(
                .init(version: version, content: content), episodeID: episodeID, by: try request.signedInPractitioner())
            let response = Response(status: .ok)
            try response.content.encode(AutosaveResult(version: saved.version))
            return response
        }
        do {
            _ = try await service.save(
                .init(version: version, content: content), episodeID: episodeID, by: try request.signedInPractitioner())
            let next =
                index + 1 < Self.sections.count
                ? "/assessments/\(episodeID)/sections/\(Self.sections[index + 1].id)"
                : "/assessments/\(episodeID)/check"
            return request.redirect(to: next, redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            let fields =
                error.fieldErrors.isEmpty
                ? [ServiceError.FieldError(field: Self.firstField(sectionID), message: error.detail)]
                : error.fieldErrors
            let page = try section(
                request, episode: current, content: content, version: version, errors: FormErrors(fields))
            let response = try await request.view.render("assessment-section", page).encodeResponse(for: request)
            response.status = error.status
            return response
        }
    }

    struct AutosaveResult: Content {
        var version: Int
    }

    static func firstField(_ section: String) -> String {
        switch section {
        case "header": "whatLedToIt"
        case "closing": "childViews"
        default:
            AssessmentFramework.domains.first { $0.id == section }.map { "\($0.elements[0].id).strengths" } ?? "version"
        }
    }

    static func apply(_ form: [String: String], section: String, to content: inout AssessmentContent) {
        func value(_ name: String) -> String? {
            let text = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        switch section {
        case "header":
            content.whatLedToIt = value("whatLedToIt")
            content.peoplePresent = value("peoplePresent")
            content.ethnicity = value("ethnicity")
            content.childLanguage = value("childLanguage")
            content.parentLanguage = value("parentLanguage")
            content.interpreterNeeded = form["interpreterNeeded"].map { $0 == "yes" }
            content.disabilityOrSEN = value("disabilityOrSEN")
            content.parentsAndCarers = value("parentsAndCarers")
        case "closing":
            content.childViews = value("childViews")
            content.parentViews = value("parentViews")
            content.conclusions = value("conclusions")
        default:
            guard let domain = AssessmentFramework.domains.first(where: { $0.id == section }) else { return }
            for element in domain.elements {
                let entry = AssessmentContent.StrengthsAndNeeds(
                    strengths: value("\(element.id).strengths"), needs: value("\(element.id).needs"))
                content.elements[element.id] = entry.strengths == nil && entry.needs == nil ? nil : entry
            }
        }
    }

    private func section(
        _ request: Request, episode: EpisodeView, content: AssessmentContent, version: Int, errors: FormErrors
    ) throws -> SectionPage {
        let sectionID = request.parameters.get("section") ?? ""
        guard let index = Self.sections.firstIndex(where: { $0.id == sectionID }) else { throw ServiceError.notFound() }
        func text(_ name: String, _ label: String, _ value: String?, hint: String? = nil, kind: String = "textarea")
            -> Field
        {
            Field(
                name: name, label: label, hint: hint, value: value ?? "", kind: kind, options: [],
                error: errors.byField[name])
        }
        var groups: [Group] = []
        switch sectionID {
        case "header":
            groups = [
                Group(
                    heading: nil,
                    fields: [
                        text("whatLedToIt", "What led to this assessment?", content.whatLedToIt),
                        text("peoplePresent", "Who was present?", content.peoplePresent, kind: "text"),
                        Field(
                            name: "ethnicity", label: "The child's ethnicity",
                            hint: "Census categories. Ask; do not assume.", value: content.ethnicity ?? "",
                            kind: "select",
                            options: [ChoiceOption(value: "", label: "Not recorded", checked: content.ethnicity == nil)]
                                + CINCodes.ethnicity.sorted { $0.value < $1.value }.map {
                                    ChoiceOption(value: $0.key, label: $0.value, checked: content.ethnicity == $0.key)
                                },
                            error: errors.byField["ethnicity"]),
                        text("childLanguage", "The child's first language", content.childLanguage, kind: "text"),
                        text("parentLanguage", "The parents' first language", content.parentLanguage, kind: "text"),
                        Field(
                            name: "interpreterNeeded", label: "Is an interpreter needed?", value: "", kind: "yesno",
                            options: [
                                ChoiceOption(value: "yes", label: "Yes", checked: content.interpreterNeeded == true),
                                ChoiceOption(value: "no", label: "No", checked: content.interpreterNeeded == false),
                            ], error: nil),
                        text("disabilityOrSEN", "Disability or special educational needs", content.disabilityOrSEN),
                        text(
                            "parentsAndCarers", "Parents and carers", content.parentsAndCarers,
                            hint: "Names, relationship, parental responsibility."),
                    ])
            ]
        case "closing":
            groups = [
                Group(
                    heading: nil,
                    fields: [
                        text("childViews", "The child's views", content.childViews),
                        text("parentViews", "The parents' or carers' views", content.parentViews),
                        text(
                            "conclusions", "Conclusions", content.conclusions,
                            hint: "What the assessment found, and what should happen next."),
                    ])
            ]
        default:
            guard let domain = AssessmentFramework.domains.first(where: { $0.id == sectionID }) else {
                throw ServiceError.notFound()
            }
            groups = domain.elements.map { element in
                let entry = content.elements[element.id]
                return Group(
                    heading: element.title,
                    fields: [
                        text("\(element.id).strengths", "Strengths", entry?.strengths),
                        text("\(element.id).needs", "Needs", entry?.needs),
                    ])
            }
        }
        let heading = Self.sections[index].title
        return SectionPage(
            layout: LayoutContext(request: request, title: errors.any ? "Error: \(heading)" : heading),
            episode: episode, version: version, section: sectionID,
            caption: "Early-help assessment, part \(index + 1) of \(Self.sections.count)", heading: heading,
            groups: groups, errors: errors)
    }

    // MARK: Check your answers

    @Sendable func checkPage(_ request: Request) async throws -> View {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: try id(request, "episodeID"), by: try request.signedInPractitioner())
        return try await request.view.render("assessment-check", check(request, episode: episode, errors: .none))
    }

    @Sendable func complete(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let episodeID = try id(request, "episodeID")
        do {
            _ = try await EpisodeService(context: request.serviceContext).complete(
                .init(version: Int(form["version"] ?? "") ?? -1), episodeID: episodeID,
                by: try request.signedInPractitioner())
            return request.redirect(to: "/assessments/\(episodeID)", redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            let episode = try await EpisodeService(context: request.serviceContext).view(
                episodeID: episodeID, by: try request.signedInPractitioner())
            // Missing answers live on other pages: the summary links to the explanation above the button.
            let fields =
                error.fieldErrors.isEmpty
                ? [ServiceError.FieldError(field: "complete", message: error.detail)]
                : error.fieldErrors.map { ServiceError.FieldError(field: "complete", message: $0.message) }
            let response = try await request.view.render(
                "assessment-check", check(request, episode: episode, errors: FormErrors(fields))
            ).encodeResponse(for: request)
            response.status = error.status
            return response
        }
    }

    static func answerRows(_ content: AssessmentContent) -> [CheckRow] {
        var rows: [CheckRow] = [
            CheckRow(
                key: "What led to this assessment", value: content.whatLedToIt ?? "Not answered", section: "header"),
            CheckRow(key: "Who was present", value: content.peoplePresent ?? "Not answered", section: "header"),
            CheckRow(
                key: "Ethnicity", value: content.ethnicity.flatMap { CINCodes.ethnicity[$0] } ?? "Not recorded",
                section: "header"),
            CheckRow(
                key: "First languages (child, parents)",
                value: "\(content.childLanguage ?? "not recorded"), \(content.parentLanguage ?? "not recorded")",
                section: "header"),
            CheckRow(key: "Disability or SEN", value: content.disabilityOrSEN ?? "None recorded", section: "header"),
            CheckRow(key: "Parents and carers", value: content.parentsAndCarers ?? "Not answered", section: "header"),
        ]
        for domain in AssessmentFramework.domains {
            for element in domain.elements {
                guard let entry = content.elements[element.id] else { continue }
                rows.append(
                    CheckRow(
                        key: element.title,
                        value:
                            "Strengths: \(entry.strengths ?? "none recorded"). Needs: \(entry.needs ?? "none recorded").",
                        section: domain.id))
            }
        }
        rows.append(CheckRow(key: "The child's views", value: content.childViews ?? "Not recorded", section: "closing"))
        rows.append(
            CheckRow(key: "The parents' views", value: content.parentViews ?? "Not recorded", section: "closing"))
        rows.append(CheckRow(key: "Conclusions", value: content.conclusions ?? "Not answered", section: "closing"))
        return rows
    }

    private func check(_ request: Request, episode: EpisodeView, errors: FormErrors) -> CheckPage {
        CheckPage(
            layout: LayoutContext(
                request: request,
                title: errors.any ? "Error: Check your answers" : "Check your answers before completing the assessment"),
            episode: episode, rows: Self.answerRows(episode.content), errors: errors)
    }

    // MARK: The episode and its team

    @Sendable func episodePage(_ request: Request) async throws -> View {
        try await request.view.render("assessment", try await episode(request, errors: .none))
    }

    @Sendable func printPage(_ request: Request) async throws -> View {
        let page = try await episode(request, errors: .none)
        return try await request.view.render(
            "assessment-print",
            CheckPage(
                layout: page.layout, episode: page.episode, rows: Self.answerRows(page.episode.content), errors: .none))
    }

    @Sendable func invite(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: "team") { service, episodeID, actor in
            guard let involvementID = form["involvementID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([.init(field: "involvementID", message: "Choose who to invite.")])
            }
            _ = try await TeamAroundTheChildService(context: request.serviceContext).invite(
                .init(involvementID: involvementID), episodeID: episodeID, by: actor)
        }
    }

    @Sendable func lead(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: "lead", rename: ["involvementID": "leadInvolvementID"]) {
            _, episodeID, actor in
            guard let involvementID = form["leadInvolvementID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([
                    .init(field: "leadInvolvementID", message: "Choose the lead professional.")
                ])
            }
            _ = try await TeamAroundTheChildService(context: request.serviceContext).chooseLead(
                .init(involvementID: involvementID, chosenWithFamily: form["chosenWithFamily"] == "yes"),
                episodeID: episodeID, by: actor)
        }
    }

    @Sendable func meeting(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TeamAroundTheChildService.MeetingInput.self)
        return try await act(request, form: "meeting") { _, episodeID, actor in
            _ = try await TeamAroundTheChildService(context: request.serviceContext).recordMeeting(
                form, episodeID: episodeID, by: actor)
        }
    }

    @Sendable func action(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: "action") { _, episodeID, actor in
            guard let owner = form["ownerInvolvementID"].flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([
                    .init(field: "ownerInvolvementID", message: "Choose an owner from the team.")
                ])
            }
            _ = try await TeamAroundTheChildService(context: request.serviceContext).addAction(
                .init(
                    ownerInvolvementID: owner, dueOn: form["dueOn"] ?? "", description: form["description"] ?? "",
                    desiredOutcome: form["desiredOutcome"] ?? ""),
                episodeID: episodeID, by: actor)
        }
    }

    @Sendable func actionStatus(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: "status") { _, _, actor in
            _ = try await TeamAroundTheChildService(context: request.serviceContext).updateAction(
                .init(status: form["status"] ?? ""), actionID: try id(request, "actionID"), by: actor)
        }
    }

    @Sendable func review(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TeamAroundTheChildService.ReviewInput.self)
        return try await act(
            request, form: "review",
            rename: [
                "heldOn": "reviewHeldOn", "attendees": "reviewAttendees", "progress": "reviewProgress",
                "nextSteps": "reviewNextSteps", "nextReviewOn": "reviewNextReviewOn",
            ]
        ) { _, episodeID, actor in
            _ = try await TeamAroundTheChildService(context: request.serviceContext).recordReview(
                form, episodeID: episodeID, by: actor)
        }
    }

    @Sendable func close(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: "closure") { _, episodeID, actor in
            _ = try await TeamAroundTheChildService(context: request.serviceContext).close(
                .init(
                    reason: form["reason"] ?? "", note: form["note"], receivingAuthority: form["receivingAuthority"],
                    transferBasis: form["transferBasis"],
                    referralSource: form["referralSource"], primaryNeed: form["primaryNeed"]),
                episodeID: episodeID, by: actor)
        }
    }

    /// Runs one change, then shows the episode again: redirected on success, with the error summary on a problem.
    private func act(
        _ request: Request, form name: String, rename: [String: String] = [:],
        _ change: (EpisodeService, UUID, AuthenticatedPractitioner) async throws -> Void
    ) async throws -> Response {
        let episodeID = try id(request, "episodeID")
        do {
            try await change(
                EpisodeService(context: request.serviceContext), episodeID, try request.signedInPractitioner())
            return request.redirect(to: "/assessments/\(episodeID)", redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            // Field names as the page's inputs have them (the review form's ids differ from the meeting's).
            let fields =
                error.fieldErrors.isEmpty
                ? [ServiceError.FieldError(field: "team", message: error.detail)]
                : error.fieldErrors.map {
                    ServiceError.FieldError(field: rename[$0.field] ?? $0.field, message: $0.message)
                }
            var refill = (try? request.content.decode([String: String].self)) ?? [:]
            refill["form"] = name
            return try await request.renderInvalid(
                "assessment", try await episode(request, errors: FormErrors(fields), refill: refill),
                status: error.status)
        }
    }

    private func episode(_ request: Request, errors: FormErrors, refill: [String: String] = [:]) async throws
        -> EpisodePage
    {
        let episode = try await EpisodeService(context: request.serviceContext).view(
            episodeID: try id(request, "episodeID"), by: try request.signedInPractitioner())
        let title = "Early help for \(episode.childName)"
        return EpisodePage(
            layout: LayoutContext(request: request, title: errors.any ? "Error: \(title)" : title), episode: episode,
            isDraft: episode.status == EpisodeStatus.draft.rawValue || episode.status == EpisodeStatus.consent.rawValue,
            hasTeamWork: episode.completedAt != nil,
            isCompleted: episode.status == EpisodeStatus.completed.rawValue,
            isClosed: episode.status == EpisodeStatus.closed.rawValue,
            closureReasons: ClosureReason.allCases.map {
                ChoiceOption(
                    value: $0.rawValue, label: $0.displayName,
                    checked: refill["form"] == "closure" && refill["reason"] == $0.rawValue)
            },
            errors: errors, today: CalendarDate(request.serviceContext.now).iso,
            meeting: refill["form"] == "meeting" ? refill : [:], action: refill["form"] == "action" ? refill : [:],
            review: refill["form"] == "review" ? refill : [:], closure: refill["form"] == "closure" ? refill : [:])
    }

    // MARK: Helpers

    private func id(_ request: Request, _ name: String) throws -> UUID {
        guard let id = request.parameters.get(name, as: UUID.self) else { throw ServiceError.notFound() }
        return id
    }

}
