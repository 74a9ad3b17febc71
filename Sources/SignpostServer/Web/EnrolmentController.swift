import Vapor

/// `/enrol/{token}`: the one-time link where a new account's owner chooses a password and enrols an
/// authenticator app. Public (the link is the credential), CSRF-protected like every form.
struct EnrolmentController {
    struct EnrolForm: Content {
        var password: String?
        var confirmation: String?
        var code: String?
    }

    struct EnrolPage: Encodable {
        var layout: LayoutContext
        var token: String
        var email: String
        var totpSecret: String
        var otpauthURI: String
        var errors: FormErrors
    }

    struct DonePage: Encodable {
        var layout: LayoutContext
    }

    func addRoutes(to web: any RoutesBuilder) {
        web.get("enrol", ":token", use: show)
        web.post("enrol", ":token", use: submit)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let enrolment = try await EnrolmentService(context: request.serviceContext).open(token: token)
        let response = try await request.view.render("enrol", page(request, token: token, enrolment, errors: .none))
            .encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let form = try request.content.decode(EnrolForm.self)
        let service = EnrolmentService(context: request.serviceContext)
        do {
            try await service.complete(
                token: token, password: form.password ?? "", confirmation: form.confirmation ?? "",
                code: form.code ?? "")
            return try await request.view.render(
                "enrol-done", DonePage(layout: LayoutContext(request: request, title: "Your account is ready"))
            )
            .encodeResponse(for: request)
        } catch let error as ServiceError where error.kind == .invalid {
            let enrolment = try await service.open(token: token)
            return try await request.renderInvalid(
                "enrol", page(request, token: token, enrolment, errors: FormErrors(error.fieldErrors)))
        }
    }

    private func page(_ request: Request, token: String, _ enrolment: EnrolmentService.Enrolment, errors: FormErrors)
        -> EnrolPage
    {
        EnrolPage(
            layout: LayoutContext(
                request: request, title: errors.any ? "Error: Set up your account" : "Set up your account"),
            token: token, email: enrolment.email, totpSecret: enrolment.totpSecret, otpauthURI: enrolment.otpauthURI,
            errors: errors)
    }
}
