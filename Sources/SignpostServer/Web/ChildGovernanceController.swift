import SignpostCore
import Vapor

/// Pages for consent, shielding, break-glass and brokered contact on a child. Every decision is the
/// services' (and so `Policy`'s); a refused action shows the same 404 or 403 page as the API's status.
struct ChildGovernanceController {
    struct ConsentForm: Content {
        var givenBy: String?
        var giverName: String?
        var competenceJudgement: String?
        var purposes: [String]?
        var organisations: String?
        var method: String?
        var givenOn: String?
        var expiresOn: String?
    }

    struct ConsentPage: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var form: ConsentForm
        var errors: FormErrors
        var givers: [ChoiceOption]
        var purposes: [ChoiceOption]
        var methods: [ChoiceOption]
    }

    struct ShieldForm: Content {
        var grounds: String?
        var reviewOn: String?
        var reason: String?
    }

    struct ShieldPage: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var form: ShieldForm
        var errors: FormErrors
    }

    struct BreakGlassForm: Content {
        var reason: String?
        var confirm: String?
    }

    struct BreakGlassPage: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var warning: String
        var form: BreakGlassForm
        var errors: FormErrors
    }

    struct NoteForm: Content {
        var note: String?
        var message: String?
    }

    struct BrokeredSentPage: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var detail: String
    }

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

    @Sendable func consentPage(_ request: Request) async throws -> View {
        try await request.view.render("consent-new", consentPage(request, form: ConsentForm(), errors: .none))
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ConsentForm.self)
        let input = ConsentService.ConsentInput(
            givenBy: form.givenBy ?? "", giverName: form.giverName ?? "", competenceJudgement: form.competenceJudgement,
            purposes: form.purposes ?? [],
            organisations: (form.organisations ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(
                String.init),
            method: form.method ?? "", givenOn: form.givenOn, expiresOn: form.expiresOn)
        do {
            _ = try await ConsentService(context: request.serviceContext).record(
                input, childID: try childID(request), by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(try childID(request), fragment: "consent"))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await request.renderInvalid(
                "consent-new", consentPage(request, form: form, errors: FormErrors(error.fieldErrors)))
        }
    }

    @Sendable func withdrawConsent(_ request: Request) async throws -> Response {
        let form = try request.content.decode(NoteForm.self)
        let consentID = try request.idParameter("consentID")
        _ = try await ConsentService(context: request.serviceContext).withdraw(
            consentID: consentID, note: form.note, by: try request.signedInPractitioner())
        return request.redirect(to: SiteURL.child(try childID(request), fragment: "consent"))
    }

    private func consentPage(_ request: Request, form: ConsentForm, errors: FormErrors) throws -> ConsentPage {
        ConsentPage(
            layout: LayoutContext(request: request, title: errors.any ? "Error: Record consent" : "Record consent"),
            childID: try childID(request),
            form: form, errors: errors,
            givers: [
                ("parent", "A person with parental responsibility"),
                ("child", "The child, judged competent to consent"),
            ].map {
                ChoiceOption(value: $0.0, label: $0.1, checked: form.givenBy == $0.0)
            },
            purposes: SharingPurpose.allCases.map {
                ChoiceOption(
                    value: $0.rawValue, label: $0.displayName, checked: (form.purposes ?? []).contains($0.rawValue))
            },
            methods: [
                ("written", "In writing"), ("verbal", "Verbally, recorded by me"), ("electronic", "Electronically"),
            ].map {
                ChoiceOption(value: $0.0, label: $0.1, checked: form.method == $0.0)
            })
    }

    // MARK: Shielding

    @Sendable func shieldPage(_ request: Request) async throws -> View {
        try await request.view.render(
            "shield",
            ShieldPage(
                layout: LayoutContext(request: request, title: "Shield this child"), childID: try childID(request),
                form: ShieldForm(), errors: .none))
    }

    @Sendable func shield(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ShieldForm.self)
        do {
            _ = try await ShieldService(context: request.serviceContext).shield(
                .init(grounds: form.grounds ?? "", reviewOn: form.reviewOn ?? ""), childID: try childID(request),
                by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(try childID(request)))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await request.renderInvalid(
                "shield",
                ShieldPage(
                    layout: LayoutContext(request: request, title: "Error: Shield this child"),
                    childID: try childID(request), form: form, errors: FormErrors(error.fieldErrors)))
        }
    }

    @Sendable func liftShield(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ShieldForm.self)
        do {
            try await ShieldService(context: request.serviceContext).lift(
                childID: try childID(request), reason: form.reason, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(try childID(request)))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await request.renderInvalid(
                "shield",
                ShieldPage(
                    layout: LayoutContext(request: request, title: "Error: Shield this child"),
                    childID: try childID(request), form: form, errors: FormErrors(error.fieldErrors)))
        }
    }

    // MARK: Break-glass

    @Sendable func breakGlassPage(_ request: Request) async throws -> View {
        try await request.view.render(
            "break-glass",
            BreakGlassPage(
                layout: LayoutContext(request: request, title: "Break-glass: open this record in an emergency"),
                childID: try childID(request),
                warning: BreakGlassService.warning, form: BreakGlassForm(), errors: .none))
    }

    @Sendable func breakGlass(_ request: Request) async throws -> Response {
        let form = try request.content.decode(BreakGlassForm.self)
        do {
            _ = try await BreakGlassService(context: request.serviceContext).open(
                .init(reason: form.reason ?? "", confirm: form.confirm == "yes"), childID: try childID(request),
                by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.child(try childID(request)))
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = error.fieldErrors.map {
                $0.field == "confirm"
                    ? ServiceError.FieldError(
                        field: "confirm",
                        message: "Confirm that you have read the warning and that this triggers immediate review.") : $0
            }
            return try await request.renderInvalid(
                "break-glass",
                BreakGlassPage(
                    layout: LayoutContext(
                        request: request, title: "Error: Break-glass: open this record in an emergency"),
                    childID: try childID(request),
                    warning: BreakGlassService.warning, form: form, errors: FormErrors(fields)))
        }
    }

    // MARK: Brokered contact

    @Sendable func requestBrokeredContact(_ request: Request) async throws -> Response {
        let form = try request.content.decode(NoteForm.self)
        do {
            let receipt = try await BrokeredContactService(context: request.serviceContext).request(
                .init(message: form.message ?? ""), childID: try childID(request),
                by: try request.signedInPractitioner())
            return try await request.view.render(
                "brokered-sent",
                BrokeredSentPage(
                    layout: LayoutContext(request: request, title: "Request sent"), childID: try childID(request),
                    detail: receipt.detail)
            )
            .encodeResponse(status: .accepted, for: request)
        } catch let error as ServiceError where error.kind == .invalid {
            // Back to the child page, which shows the problem next to the form.
            return try await request.showChildPage(try childID(request), errors: FormErrors(error.fieldErrors))
        }
    }

    // MARK: Helpers

    private func childID(_ request: Request) throws -> UUID {
        let id = try request.idParameter("childID")
        return id
    }

}
