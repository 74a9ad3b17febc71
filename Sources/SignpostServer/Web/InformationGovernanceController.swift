import SignpostCore
import Vapor

/// The auditors' alerts page and the data manager's information-governance page: overdue shield
/// reviews and brokered-contact requests.
struct InformationGovernanceController {
    struct AlertsPage: Encodable {
        var layout: LayoutContext
        var open: [AlertRow]
        var openCount: Int
        var acknowledged: [AlertRow]
        var errors: FormErrors
    }

    struct AlertRow: Encodable {
        var alert: AlertService.AlertView
        var raised: String
    }

    struct GovernancePage: Encodable {
        var layout: LayoutContext
        var overdue: [ShieldService.OverdueReview]
        var requests: [BrokeredContactService.OpenRequest]
        var errors: FormErrors
    }

    struct NoteForm: Content {
        var note: String?
    }

    struct PassOnForm: Content {
        var involvementID: String?
    }

    func addRoutes(to signedIn: any RoutesBuilder) {
        let alerts = signedIn.grouped("alerts").grouped(RequirePermission(action: .viewAlerts))
        alerts.get(use: alertsPage)
        alerts.post(":alertID", "acknowledge", use: acknowledge)
        let governance = signedIn.grouped("information-governance").grouped(
            RequirePermission(action: .manageInformationGovernance))
        governance.get(use: governancePage)
        governance.post("requests", ":requestID", "pass-on", use: passOn)
        governance.post("requests", ":requestID", "decline", use: decline)
    }

    @Sendable func alertsPage(_ request: Request) async throws -> View {
        try await request.view.render("alerts", try await alerts(request, errors: .none))
    }

    @Sendable func acknowledge(_ request: Request) async throws -> Response {
        let form = try request.content.decode(NoteForm.self)
        let id = try request.idParameter("alertID")
        do {
            _ = try await AlertService(context: request.serviceContext).acknowledge(
                alertID: id, note: form.note, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.alerts)
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = error.fieldErrors.map {
                ServiceError.FieldError(field: "note-\(id.uuidString)", message: $0.message)
            }
            let response = try await request.view.render(
                "alerts", try await alerts(request, errors: FormErrors(fields))
            ).encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
    }

    private func alerts(_ request: Request, errors: FormErrors) async throws -> AlertsPage {
        let all = try await AlertService(context: request.serviceContext).list(
            open: nil, by: try request.signedInPractitioner())
        let rows = all.map { AlertRow(alert: $0, raised: DisplayTime.minute($0.raisedAt)) }
        return AlertsPage(
            layout: LayoutContext(request: request, title: errors.any ? "Error: Alerts" : "Alerts"),
            open: rows.filter { $0.alert.acknowledgedAt == nil },
            openCount: rows.filter { $0.alert.acknowledgedAt == nil }.count,
            acknowledged: rows.filter { $0.alert.acknowledgedAt != nil }, errors: errors)
    }

    @Sendable func governancePage(_ request: Request) async throws -> View {
        try await request.view.render("information-governance", try await governance(request, errors: .none))
    }

    @Sendable func passOn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PassOnForm.self)
        let id = try request.idParameter("requestID")
        guard let involvementID = form.involvementID.flatMap(UUID.init(uuidString:)) else {
            return try await invalid(
                request, [.init(field: "involvementID-\(id.uuidString)", message: "Choose who to pass the request to.")]
            )
        }
        do {
            try await BrokeredContactService(context: request.serviceContext).passOn(
                requestID: id, involvementID: involvementID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.informationGovernance)
        } catch let error as ServiceError where error.kind == .invalid {
            return try await invalid(
                request, error.fieldErrors.map { .init(field: "involvementID-\(id.uuidString)", message: $0.message) })
        }
    }

    @Sendable func decline(_ request: Request) async throws -> Response {
        let form = try request.content.decode(NoteForm.self)
        let id = try request.idParameter("requestID")
        do {
            try await BrokeredContactService(context: request.serviceContext).decline(
                requestID: id, note: form.note, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.informationGovernance)
        } catch let error as ServiceError where error.kind == .invalid {
            return try await invalid(
                request, error.fieldErrors.map { .init(field: "note-\(id.uuidString)", message: $0.message) })
        }
    }

    private func invalid(_ request: Request, _ errors: [ServiceError.FieldError]) async throws -> Response {
        try await request.renderInvalid(
            "information-governance", try await governance(request, errors: FormErrors(errors)))
    }

    private func governance(_ request: Request, errors: FormErrors) async throws -> GovernancePage {
        let actor = try request.signedInPractitioner()
        return GovernancePage(
            layout: LayoutContext(
                request: request, title: errors.any ? "Error: Information governance" : "Information governance"),
            overdue: try await ShieldService(context: request.serviceContext).overdueReviews(by: actor),
            requests: try await BrokeredContactService(context: request.serviceContext).openRequests(by: actor),
            errors: errors)
    }

}
