import SignpostCore
import Vapor

/// The sign-in and sign-out pages.
struct SignInController {
    struct SignInPage: Encodable {
        var layout: LayoutContext
        var errors: FormErrors
        var email: String
        var refusals: [String]
        var signedOut: Bool
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var code: String?
    }

    func addRoutes(to routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("sign-in", use: show)
        routes.post("sign-in", use: submit)
        routes.get("signed-out", use: signedOutPage)
        signedIn.post("sign-out", use: signOut)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        if request.auth.has(AuthenticatedPractitioner.self) { return request.redirect(to: SiteURL.home) }
        return try await render(request, errors: .none, email: "")
    }

    @Sendable func signedOutPage(_ request: Request) async throws -> Response {
        try await render(request, errors: .none, email: "", signedOut: true)
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = form.email?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form.password ?? ""
        let code = form.code?.trimmingCharacters(in: .whitespaces) ?? ""
        var missing: [ServiceError.FieldError] = []
        if email.isEmpty { missing.append(.init(field: "email", message: "Enter your email address")) }
        if password.isEmpty { missing.append(.init(field: "password", message: "Enter your password")) }
        if code.isEmpty {
            missing.append(.init(field: "code", message: "Enter the 6-digit security code from your authenticator app"))
        }
        if !missing.isEmpty {
            return try await render(request, errors: FormErrors(missing), email: email, status: .unprocessableEntity)
        }

        let context = request.serviceContext
        let outcome = try await AuthenticationService(context: context).authenticate(
            email: email, password: password, code: code, channel: "web"
        ) { tx, practitioner in
            try await SessionService.create(for: practitioner.id, now: context.now, on: tx)
        }
        switch outcome {
        case .granted(_, let session):
            let response = request.redirect(to: SiteURL.home)
            response.cookies[SessionCookie.name] = SessionCookie.make(
                value: session.cookieValue, tls: request.signpost.settings.tls)
            return response
        case .rejected:
            let errors = FormErrors([.init(field: "email", message: AuthenticationService.genericFailure)])
            return try await render(request, errors: errors, email: email, status: .unauthorized)
        case .refused(let refusals):
            let errors = FormErrors(refusals.map { .init(field: "email", message: $0.message) })
            return try await render(
                request, errors: errors, email: email, refusals: refusals.map(\.message), status: .forbidden)
        }
    }

    @Sendable func signOut(_ request: Request) async throws -> Response {
        let practitioner = try request.signedInPractitioner()
        try await SessionService(context: request.serviceContext).signOut(practitioner)
        request.auth.logout(AuthenticatedPractitioner.self)
        let response = request.redirect(to: SiteURL.signedOut)
        response.cookies[SessionCookie.name] = SessionCookie.make(
            value: "", tls: request.signpost.settings.tls, maxAge: 0)
        return response
    }

    private func render(
        _ request: Request, errors: FormErrors, email: String, refusals: [String] = [], signedOut: Bool = false,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let title =
            signedOut
            ? "You have signed out" : (errors.items.isEmpty ? "Sign in to Signpost" : "Error: Sign in to Signpost")
        let page = SignInPage(
            layout: LayoutContext(request: request, title: title), errors: errors, email: email,
            refusals: refusals, signedOut: signedOut)
        let response = try await request.view.render("sign-in", page).encodeResponse(for: request)
        response.status = status
        return response
    }
}
