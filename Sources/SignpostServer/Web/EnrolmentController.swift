import Vapor

/// `/enrol/{token}`: the one-time link where a new account's owner chooses a password and enrols an
/// authenticator app. Public (the link is the credential), CSRF-protected like every form. Page models
/// live in `Features/Accounts/Pages`.
struct EnrolmentController {
    func addRoutes(to web: any RoutesBuilder) {
        web.get("enrol", ":token", use: show)
        web.post("enrol", ":token", use: submit)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let enrolment = try await EnrolmentService(context: request.serviceContext).open(token: token)
        let response = try await showEnrol(request, token: token, enrolment, errors: .none)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let form = try request.content.decode(EnrolPage.Form.self)
        let service = EnrolmentService(context: request.serviceContext)
        do {
            try await service.complete(
                token: token, password: form.password ?? "", confirmation: form.confirmation ?? "",
                code: form.code ?? "")
            let page = EnrolDonePage.model(layout: LayoutContext(request: request, title: EnrolDonePage.title))
            return try await request.render(EnrolDonePage.template, page, errors: .none)
        } catch let error as ServiceError where error.kind == .invalid {
            let enrolment = try await service.open(token: token)
            return try await showEnrol(request, token: token, enrolment, errors: FormErrors(error.fieldErrors))
        }
    }

    private func showEnrol(
        _ request: Request, token: String, _ enrolment: EnrolmentService.Enrolment, errors: FormErrors
    ) async throws -> Response {
        let page = EnrolPage.model(
            layout: LayoutContext(request: request, title: EnrolPage.title(errors)), token: token,
            enrolment: enrolment, errors: errors)
        return try await request.render(EnrolPage.template, page, errors: errors)
    }
}
