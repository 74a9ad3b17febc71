import SignpostCore
import Vapor

/// The search page and the child page. Visibility comes from the services (and so from Policy);
/// templates only show what they are given.
struct ChildrenController {
    struct SearchForm: Content {
        var reason: String?
        var reasonText: String?
        var givenName: String?
        var familyName: String?
        var dateOfBirth: String?
        var postcode: String?
        var nhsNumber: String?
        var upn: String?
    }

    struct SearchPage: Encodable {
        var layout: LayoutContext
        var form: SearchForm
        var reasons: [ChoiceOption]
        var errors: FormErrors
        var searched: Bool
        var results: [ResultRow]
        var resultCount: Int
    }

    struct ResultRow: Encodable {
        var id: UUID
        var name: String
        var dateOfBirth: String
        var gender: String
        var authority: String
        var band: String
        var isMatch: Bool
        var score: Double

        init(_ result: SearchResult) {
            id = result.id
            name = "\(result.givenName) \(result.familyName)"
            dateOfBirth = result.dateOfBirth ?? "unborn"
            gender = result.gender
            authority = result.authority
            band = result.band == MatchBand.match.rawValue ? "Match" : "Possible match"
            isMatch = result.band == MatchBand.match.rawValue
            score = result.score
        }
    }

    struct ChildPage: Encodable {
        var layout: LayoutContext
        var child: SignpostView
        var isRecord: Bool
        var isShielded: Bool
        var name: String
        var accesses: [AccessHistoryService.AccessView]
        var episodes: [EpisodeService.EpisodeSummary]
        var hasEpisodes: Bool
        var errors: FormErrors
        var notice: String?
        /// The viewer's service is sensitive: recording an involvement asks for its basis.
        var sensitiveService: Bool
        var sensitiveBases: [ChoiceOption]
        /// What was typed into the involvement form, kept when it is shown again with errors.
        var form: TeamPagesController.InvolvementForm
    }

    func addRoutes(to signedIn: any RoutesBuilder) {
        let children = signedIn.grouped("children")
        let searchers = children.grouped(RequirePermission(action: .searchChildren))
        searchers.get("search", use: searchPage)
        searchers.post("search", use: search)
        children.get(":childID", use: show)
    }

    @Sendable func searchPage(_ request: Request) async throws -> View {
        try await request.view.render("children-search", page(request, form: SearchForm(), errors: .none))
    }

    @Sendable func search(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let form = try request.content.decode(SearchForm.self)
        let body = SearchRequest(
            reason: form.reason ?? "", reasonText: form.reasonText,
            criteria: SearchCriteria(
                givenName: form.givenName, familyName: form.familyName, dateOfBirth: form.dateOfBirth,
                postcode: form.postcode, nhsNumber: form.nhsNumber, upn: form.upn))
        do {
            let results = try await SearchService(context: request.serviceContext).search(
                body, by: actor, limiter: request.application.searchRateLimiter)
            var page = page(request, form: form, errors: .none)
            page.searched = true
            page.results = results.map(ResultRow.init)
            page.resultCount = results.count
            return try await request.view.render("children-search", page).encodeResponse(for: request)
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .rateLimited {
            let fields =
                error.fieldErrors.isEmpty
                ? [ServiceError.FieldError(field: "givenName", message: error.detail)] : error.fieldErrors
            let response = try await request.view.render(
                "children-search", page(request, form: form, errors: FormErrors(fields))
            ).encodeResponse(for: request)
            response.status = error.status
            return response
        }
    }

    @Sendable func show(_ request: Request) async throws -> View {
        let actor = try request.signedInPractitioner()
        let id = try request.idParameter("childID")
        let child = try await ChildService(context: request.serviceContext).view(childID: id, by: actor)
        return try await request.view.render("child", try await Self.childPage(request, child: child, errors: .none))
    }

    /// The child page: the signpost or record the policy allowed, and the access history when the
    /// policy lets this viewer see it.
    static func childPage(
        _ request: Request, child: SignpostView, errors: FormErrors, form: TeamPagesController.InvolvementForm = .init()
    ) async throws -> ChildPage {
        let actor = try request.signedInPractitioner()
        let name = "\(child.givenName) \(child.familyName)"
        let accesses =
            child.may.viewAccesses
            ? try await AccessHistoryService(context: request.serviceContext).lastAccesses(childID: child.id, by: actor)
            : []
        // Early-help episodes: listed for those who may read at least one (the service asks the policy per episode).
        let episodes =
            child.record != nil
            ? try await EpisodeService(context: request.serviceContext).list(childID: child.id, by: actor) : []
        let notice: String? =
            switch request.query[String.self, at: "notice"] {
            case "join-requested":
                "You asked to join this child's team. The lead professional and the authority's data manager have been told."
            case "involvement-recorded":
                "Your involvement is recorded: other services can now find how to reach you about this child."
            default: nil
            }
        return ChildPage(
            layout: LayoutContext(request: request, title: errors.any ? "Error: \(name)" : name), child: child,
            isRecord: child.record != nil,
            isShielded: child.shieldedSignpost, name: name, accesses: accesses, episodes: episodes,
            hasEpisodes: !episodes.isEmpty, errors: errors,
            notice: notice, sensitiveService: actor.organisationSensitive,
            sensitiveBases: InvolvementService.sensitiveBases.sorted { $0.key < $1.key }.map {
                ChoiceOption(value: $0.key, label: $0.value, checked: form.sensitiveBasis == $0.key)
            },
            form: form)
    }

    /// Search reasons in the order the forms offer them.
    static let reasonOrder = [
        "new-referral", "child-protection-enquiry", "emergency-attendance", "school-admission", "other",
    ]

    private func page(_ request: Request, form: SearchForm, errors: FormErrors) -> SearchPage {
        let order = Self.reasonOrder
        return SearchPage(
            layout: LayoutContext(request: request, title: errors.any ? "Error: Find a child" : "Find a child"),
            form: form,
            reasons: order.map {
                ChoiceOption(value: $0, label: ChildVocabulary.searchReasons[$0]!, checked: form.reason == $0)
            },
            errors: errors, searched: false, results: [], resultCount: 0)
    }
}
