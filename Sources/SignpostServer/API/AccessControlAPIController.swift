import SignpostCore
import Vapor

/// `/api/v1`: consent, lawful bases, shielding, break-glass, access history, brokered contact,
/// notifications and alerts. Thin: parse, call one service; the services ask `Policy`.
struct AccessControlAPIController {
    struct ShieldLiftResponse: Content {
        var shielded: Bool
    }

    func addRoutes(to api: any RoutesBuilder) {
        let children = api.grouped("children", ":childID")
        children.get("consents", use: listConsents)
        children.post("consents", use: recordConsent)
        children.post("lawful-bases", use: recordBasis)
        children.post("shield", use: shield)
        children.post("shield", "lift", use: liftShield)
        children.post("break-glass", use: breakGlass)
        children.get("accesses", use: accesses)
        children.post("brokered-contact", use: requestBrokeredContact)
        api.post("consents", ":consentID", "withdraw", use: withdrawConsent)
        api.get("brokered-contacts", use: openBrokeredContacts)
        api.post("brokered-contacts", ":requestID", "pass-on", use: passOn)
        api.post("brokered-contacts", ":requestID", "decline", use: decline)
        api.get("notifications", use: notifications)
        api.get("alerts", use: alerts)
        api.post("alerts", ":alertID", "acknowledge", use: acknowledge)
        api.get("shield-reviews", use: overdueShieldReviews)
    }

    @Sendable func listConsents(_ request: Request) async throws -> GovernanceView {
        try await ConsentService(context: request.serviceContext).list(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ConsentService.ConsentInput.self)
        let consent = try await ConsentService(context: request.serviceContext).record(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        return try created(consent, at: nil)
    }

    @Sendable func withdrawConsent(_ request: Request) async throws -> GovernanceView.Consent {
        // The note is optional, and so is the body that carries it.
        let body =
            request.body.data == nil && request.headers.contentType == nil
            ? ConsentService.WithdrawalInput(note: nil)
            : try request.content.decode(ConsentService.WithdrawalInput.self)
        return try await ConsentService(context: request.serviceContext).withdraw(
            consentID: try request.idParameter("consentID"), note: body.note,
            by: try request.signedInPractitioner())
    }

    @Sendable func recordBasis(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ConsentService.BasisInput.self)
        let basis = try await ConsentService(context: request.serviceContext).recordBasis(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        return try created(basis, at: nil)
    }

    @Sendable func shield(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ShieldService.ShieldInput.self)
        let shield = try await ShieldService(context: request.serviceContext).shield(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        return try created(shield, at: nil)
    }

    @Sendable func liftShield(_ request: Request) async throws -> ShieldLiftResponse {
        let body = try request.content.decode(ShieldService.LiftInput.self)
        try await ShieldService(context: request.serviceContext).lift(
            childID: try request.idParameter("childID"), reason: body.reason,
            by: try request.signedInPractitioner())
        return ShieldLiftResponse(shielded: false)
    }

    @Sendable func breakGlass(_ request: Request) async throws -> SignpostView {
        let body = try request.content.decode(BreakGlassService.BreakGlassInput.self)
        return try await BreakGlassService(context: request.serviceContext).open(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func accesses(_ request: Request) async throws -> [AccessHistoryService.AccessView] {
        try await AccessHistoryService(context: request.serviceContext).lastAccesses(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func requestBrokeredContact(_ request: Request) async throws -> Response {
        let body = try request.content.decode(BrokeredContactService.RequestInput.self)
        let receipt = try await BrokeredContactService(context: request.serviceContext).request(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        let response = Response(status: .accepted)
        try response.content.encode(receipt)
        return response
    }

    @Sendable func openBrokeredContacts(_ request: Request) async throws -> [BrokeredContactService.OpenRequest] {
        try await BrokeredContactService(context: request.serviceContext).openRequests(
            by: try request.signedInPractitioner())
    }

    @Sendable func passOn(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(BrokeredContactService.PassOnInput.self)
        try await BrokeredContactService(context: request.serviceContext).passOn(
            requestID: try request.idParameter("requestID"), involvementID: body.involvementID,
            by: try request.signedInPractitioner())
        return .noContent
    }

    @Sendable func decline(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(BrokeredContactService.DeclineInput.self)
        try await BrokeredContactService(context: request.serviceContext).decline(
            requestID: try request.idParameter("requestID"), note: body.note,
            by: try request.signedInPractitioner())
        return .noContent
    }

    @Sendable func notifications(_ request: Request) async throws -> [NotificationService.NotificationView] {
        try await NotificationService(context: request.serviceContext).list(for: try request.signedInPractitioner())
    }

    @Sendable func alerts(_ request: Request) async throws -> [AlertService.AlertView] {
        let status = request.query[String.self, at: "status"]
        let open: Bool?
        switch status {
        case nil, "all": open = nil
        case "open": open = true
        case "acknowledged": open = false
        default:
            throw ServiceError.validation([.init(field: "status", message: "status is open, acknowledged or all.")])
        }
        return try await AlertService(context: request.serviceContext).list(
            open: open, by: try request.signedInPractitioner())
    }

    @Sendable func acknowledge(_ request: Request) async throws -> AlertService.AlertView {
        let body = try request.content.decode(AlertService.Acknowledgement.self)
        return try await AlertService(context: request.serviceContext).acknowledge(
            alertID: try request.idParameter("alertID"), note: body.note,
            by: try request.signedInPractitioner())
    }

    @Sendable func overdueShieldReviews(_ request: Request) async throws -> [ShieldService.OverdueReview] {
        let actor = try request.signedInPractitioner()
        if case .deny(let reason) = Policy.decide(actor.actor, .manageInformationGovernance) {
            throw ServiceError.forbidden(reason)
        }
        return try await ShieldService(context: request.serviceContext).overdueReviews(by: actor)
    }

    private func created(_ body: some Content, at location: String?) throws -> Response {
        let response = Response(status: .created)
        if let location { response.headers.replaceOrAdd(name: .location, value: location) }
        try response.content.encode(body)
        return response
    }
}
