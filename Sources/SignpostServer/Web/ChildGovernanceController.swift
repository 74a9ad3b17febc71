import SignpostCore
import Vapor

/// Pages for consent, shielding, break-glass and brokered contact on a child. Every decision is the
/// services' (and so `Policy`'s); a refused action shows the same 404 or 403 page as the API's status.
/// Page models live in `Features/Governance/Pages`.
struct ChildGovernanceController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let child = signedIn.grouped("children", ":childID")
        child.get("consents", "new", use: consentPage)
        child.post("consents", "new", use: recordConsent)
        child.post("consents", ":consentID", "withdraw", use: withdrawConsent)
        child.get("shield", use: shieldPage)
        child.post("shield", use: shield)
        child.post("shield", "lift", use: liftShield)
        child.get("break-glass", use: breakGlassPage)
        child.post("break-glass", use: breakGlass)
        child.post("brokered-contact", use: requestBrokeredContact)
    }

    // MARK: Consent

    @Sendable func consentPage(_ request: Request) async throws -> Response {
        try await showConsent(request, form: ConsentPage.Form(), errors: .none)
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ConsentPage.Form.self)
        let childID = try request.idParameter("childID")
        do {
            _ = try await ConsentService(context: request.serviceContext).record(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(childID, fragment: "consent"))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showConsent(request, form: form, errors: FormErrors(error.fieldErrors))
        }
    }

    @Sendable func withdrawConsent(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ConsentPage.WithdrawForm.self)
        let consentID = try request.idParameter("consentID")
        _ = try await ConsentService(context: request.serviceContext).withdraw(
            consentID: consentID, note: form.note, by: try request.signedInPractitioner())
        return request.redirect(to: SiteURL.child(try request.idParameter("childID"), fragment: "consent"))
    }

    private func showConsent(_ request: Request, form: ConsentPage.Form, errors: FormErrors) async throws -> Response {
        let page = ConsentPage.model(
            layout: LayoutContext(request: request, title: ConsentPage.title(errors)),
            childID: try request.idParameter("childID"), form: form, errors: errors)
        return try await request.render(ConsentPage.template, page, errors: errors)
    }

    // MARK: Shielding

    @Sendable func shieldPage(_ request: Request) async throws -> Response {
        try await showShield(request, form: ShieldPage.Form(), errors: .none)
    }

    @Sendable func shield(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ShieldPage.Form.self)
        let childID = try request.idParameter("childID")
        do {
            _ = try await ShieldService(context: request.serviceContext).shield(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(childID))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showShield(request, form: form, errors: FormErrors(error.fieldErrors))
        }
    }

    @Sendable func liftShield(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ShieldPage.Form.self)
        let childID = try request.idParameter("childID")
        do {
            try await ShieldService(context: request.serviceContext).lift(
                childID: childID, reason: form.reason, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(childID))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showShield(request, form: form, errors: FormErrors(error.fieldErrors))
        }
    }

    /// The page reads the shield in force (audited), so a review shows the grounds it replaces.
    private func showShield(_ request: Request, form: ShieldPage.Form, errors: FormErrors) async throws -> Response {
        let childID = try request.idParameter("childID")
        let current = try await ShieldService(context: request.serviceContext).current(
            childID: childID, by: try request.signedInPractitioner())
        let page = ShieldPage.model(
            layout: { LayoutContext(request: request, title: $0) }, childID: childID, current: current, form: form,
            errors: errors)
        return try await request.render(ShieldPage.template, page, errors: errors)
    }

    // MARK: Break-glass

    @Sendable func breakGlassPage(_ request: Request) async throws -> Response {
        try await showBreakGlass(request, form: BreakGlassPage.Form(), errors: .none)
    }

    @Sendable func breakGlass(_ request: Request) async throws -> Response {
        let form = try request.content.decode(BreakGlassPage.Form.self)
        let childID = try request.idParameter("childID")
        do {
            _ = try await BreakGlassService(context: request.serviceContext).open(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(childID))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showBreakGlass(request, form: form, errors: FormErrors(BreakGlassPage.fieldErrors(error)))
        }
    }

    private func showBreakGlass(_ request: Request, form: BreakGlassPage.Form, errors: FormErrors) async throws
        -> Response
    {
        let page = BreakGlassPage.model(
            layout: LayoutContext(request: request, title: BreakGlassPage.title(errors)),
            childID: try request.idParameter("childID"), form: form, errors: errors)
        return try await request.render(BreakGlassPage.template, page, errors: errors)
    }

    // MARK: Brokered contact

    @Sendable func requestBrokeredContact(_ request: Request) async throws -> Response {
        let form = try request.content.decode(BrokeredSentPage.Form.self)
        let childID = try request.idParameter("childID")
        do {
            let receipt = try await BrokeredContactService(context: request.serviceContext).request(
                form.input, childID: childID, by: try request.signedInPractitioner())
            let page = BrokeredSentPage.model(
                layout: LayoutContext(request: request, title: BrokeredSentPage.title), childID: childID,
                receipt: receipt)
            // 202 Accepted: the request is taken, and answered later.
            return try await request.view.render(BrokeredSentPage.template, page).encodeResponse(
                status: .accepted, for: request)
        } catch let error as ServiceError where error.kind == .invalid {
            // Back to the child page, which shows the problem next to the form.
            return try await request.showChildPage(childID, errors: FormErrors(error.fieldErrors))
        }
    }
}
