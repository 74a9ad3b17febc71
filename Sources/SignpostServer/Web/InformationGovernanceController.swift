import SignpostCore
import Vapor

/// The auditors' alerts page and the data manager's information-governance page: overdue shield
/// reviews and brokered-contact requests. Page models live in `Features/Governance/Pages`.
struct InformationGovernanceController {
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

    // MARK: Alerts

    @Sendable func alertsPage(_ request: Request) async throws -> Response {
        try await showAlerts(request, errors: .none)
    }

    @Sendable func acknowledge(_ request: Request) async throws -> Response {
        let form = try request.content.decode(AlertsPage.NoteForm.self)
        let id = try request.idParameter("alertID")
        do {
            _ = try await AlertService(context: request.serviceContext).acknowledge(
                alertID: id, note: form.note, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.alerts)
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showAlerts(request, errors: FormErrors(AlertsPage.fieldErrors(error, alertID: id)))
        }
    }

    private func showAlerts(_ request: Request, errors: FormErrors) async throws -> Response {
        let alerts = try await AlertService(context: request.serviceContext).list(
            open: nil, by: try request.signedInPractitioner())
        let page = AlertsPage.model(
            layout: LayoutContext(request: request, title: AlertsPage.title(errors)), alerts: alerts, errors: errors)
        return try await request.render(AlertsPage.template, page, errors: errors)
    }

    // MARK: Information governance

    @Sendable func governancePage(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(InformationGovernancePage.Notice.init(rawValue:))
        return try await showGovernance(request, errors: .none, notice: notice)
    }

    @Sendable func passOn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(InformationGovernancePage.PassOnForm.self)
        let id = try request.idParameter("requestID")
        do {
            try await BrokeredContactService(context: request.serviceContext).passOn(
                requestID: id, involvementID: try form.chosenInvolvement(), by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.informationGovernance(notice: .passedOn).path, redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = InformationGovernancePage.fieldErrors(error, field: "involvementID", requestID: id)
            return try await showGovernance(request, errors: FormErrors(fields))
        }
    }

    @Sendable func decline(_ request: Request) async throws -> Response {
        let form = try request.content.decode(InformationGovernancePage.NoteForm.self)
        let id = try request.idParameter("requestID")
        do {
            try await BrokeredContactService(context: request.serviceContext).decline(
                requestID: id, note: form.note, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.informationGovernance(notice: .declined).path, redirectType: .normal)
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = InformationGovernancePage.fieldErrors(error, field: "note", requestID: id)
            return try await showGovernance(request, errors: FormErrors(fields))
        }
    }

    private func showGovernance(
        _ request: Request, errors: FormErrors, notice: InformationGovernancePage.Notice? = nil
    ) async throws -> Response {
        let overview = try await BrokeredContactService(context: request.serviceContext).governanceOverview(
            by: try request.signedInPractitioner())
        let page = InformationGovernancePage.model(
            layout: LayoutContext(request: request, title: InformationGovernancePage.title(errors)),
            overview: overview, errors: errors, notice: notice)
        return try await request.render(InformationGovernancePage.template, page, errors: errors)
    }
}
