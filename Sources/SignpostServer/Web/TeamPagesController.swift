import SignpostCore
import Vapor

/// Pages for signposting and team membership: record my involvement, ask to join the team, and the
/// lead professional's or data manager's join requests with admit and decline.
struct TeamPagesController {
    struct JoinForm: Content {
        var reason: String?
    }

    struct RequestsPage: Encodable {
        var layout: LayoutContext
        var requests: [TeamService.JoinRequestView]
        var hasRequests: Bool
        var errors: FormErrors
        var notice: String?
    }

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
        let form = try request.content.decode(JoinForm.self)
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

    @Sendable func index(_ request: Request) async throws -> View {
        try await request.view.render(
            "team-requests", try await page(request, errors: .none, notice: request.query[String.self, at: "notice"]))
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
        let form = try request.content.decode(JoinForm.self)
        do {
            _ = try await TeamService(context: request.serviceContext).decide(
                requestID: requestID, admit: admit, reason: form.reason, by: actor)
            return request.redirect(to: SiteURL.teamRequests(notice: admit ? .admitted : .declined))
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = error.fieldErrors.map {
                ServiceError.FieldError(field: "reason-\(requestID.uuidString)", message: $0.message)
            }
            return try await request.renderInvalid(
                "team-requests", try await page(request, errors: FormErrors(fields), notice: nil))
        }
    }

    private func page(_ request: Request, errors: FormErrors, notice: String?) async throws -> RequestsPage {
        let actor = try request.signedInPractitioner()
        let requests = try await TeamService(context: request.serviceContext).pendingRequests(by: actor)
        let noticeText: String? =
            switch notice {
            case "admitted": "The practitioner was admitted to the team. They and the team have been told."
            case "declined": "The request was declined. The practitioner has been told why."
            default: nil
            }
        return RequestsPage(
            layout: LayoutContext(
                request: request, title: errors.any ? "Error: Requests to join a team" : "Requests to join a team"),
            requests: requests, hasRequests: !requests.isEmpty, errors: errors, notice: noticeText)
    }

    /// The child page again with the error summary, answering 422 (or 409).
    private func reshowChild(
        _ request: Request, childID: UUID, error: ServiceError, form: ChildPage.InvolvementForm = .init()
    ) async throws -> Response {
        try await request.showChildPage(
            childID, errors: FormErrors(ChildPage.fieldErrors(error)), form: form, status: error.status)
    }
}
