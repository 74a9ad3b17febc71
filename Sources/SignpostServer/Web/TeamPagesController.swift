import SignpostCore
import Vapor

/// Pages for signposting and team membership: record my involvement, ask to join the team, and the
/// lead professional's or data manager's join requests with admit and decline. The page model lives
/// in `Features/Team/Pages`.
struct TeamPagesController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        signedIn.post("children", ":childID", "join", use: requestToJoin)
        signedIn.post("children", ":childID", "involvements", use: recordInvolvement)
        let requests = signedIn.grouped("team", "requests").grouped(RequirePermission(action: .viewJoinRequests))
        requests.get(use: index)
        requests.post(":requestID", "admit", use: admit)
        requests.post(":requestID", "decline", use: decline)
    }

    @Sendable func requestToJoin(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(JoinRequestsPage.JoinForm.self)
        do {
            _ = try await TeamService(context: request.serviceContext).requestToJoin(
                childID: childID, reason: form.reason, by: actor)
            return request.redirect(to: SiteURL.child(childID, notice: .joinRequested))
        } catch let error as ServiceError where error.kind == .invalid || error.kind == .conflict {
            return try await reshowChild(request, childID: childID, error: error)
        }
    }

    @Sendable func recordInvolvement(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(ChildPage.InvolvementForm.self)
        let input = InvolvementService.NewInvolvement(
            role: form.role ?? "", contactPhone: form.contactPhone, contactEmail: nil, leadProfessional: false,
            practitionerID: nil,
            sensitiveBasis: form.sensitiveBasis, sensitiveBasisNote: form.sensitiveBasisNote)
        do {
            _ = try await InvolvementService(context: request.serviceContext).add(input, childID: childID, by: actor)
            return request.redirect(to: SiteURL.child(childID, notice: .involvementRecorded))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await reshowChild(request, childID: childID, error: error, form: form)
        }
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.TeamRequestsNotice.init(rawValue:))
        return try await showRequests(request, errors: .none, notice: notice)
    }

    @Sendable func admit(_ request: Request) async throws -> Response {
        try await decide(request, admit: true)
    }

    @Sendable func decline(_ request: Request) async throws -> Response {
        try await decide(request, admit: false)
    }

    private func decide(_ request: Request, admit: Bool) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let requestID = try request.idParameter("requestID")
        let form = try request.content.decode(JoinRequestsPage.JoinForm.self)
        do {
            _ = try await TeamService(context: request.serviceContext).decide(
                requestID: requestID, admit: admit, reason: form.reason, by: actor)
            return request.redirect(to: SiteURL.teamRequests(notice: admit ? .admitted : .declined))
        } catch let error as ServiceError where error.kind == .invalid {
            let errors = FormErrors(JoinRequestsPage.fieldErrors(error, requestID: requestID))
            return try await showRequests(request, errors: errors)
        }
    }

    private func showRequests(
        _ request: Request, errors: FormErrors, notice: SiteURL.TeamRequestsNotice? = nil
    ) async throws -> Response {
        let requests = try await TeamService(context: request.serviceContext).pendingRequests(
            by: try request.signedInPractitioner())
        let page = JoinRequestsPage.model(
            layout: LayoutContext(request: request, title: JoinRequestsPage.title(errors)), requests: requests,
            errors: errors, notice: notice)
        return try await request.render(JoinRequestsPage.template, page, errors: errors)
    }

    /// The child page again with the error summary, answering 422 (or 409).
    private func reshowChild(
        _ request: Request, childID: UUID, error: ServiceError, form: ChildPage.InvolvementForm = .init()
    ) async throws -> Response {
        try await request.showChildPage(
            childID, errors: FormErrors(ChildPage.fieldErrors(error)), form: form, status: error.status)
    }
}
