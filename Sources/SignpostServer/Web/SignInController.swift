import SignpostCore
import Vapor

/// The sign-in and sign-out pages. The page model lives in `Features/Accounts/Pages`.
struct SignInController {
    func addRoutes(to routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("sign-in", use: show)
        routes.post("sign-in", use: submit)
        routes.get("signed-out", use: signedOutPage)
        signedIn.post("sign-out", use: signOut)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        if request.auth.has(AuthenticatedPractitioner.self) { return request.redirect(to: SiteURL.home) }
        return try await showSignIn(request, errors: .none, email: "")
    }

    @Sendable func signedOutPage(_ request: Request) async throws -> Response {
        try await showSignIn(request, errors: .none, email: "", signedOut: true)
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInPage.Form.self)
        let email = form.enteredEmail
        guard form.missing.isEmpty else {
            return try await showSignIn(request, errors: FormErrors(form.missing), email: email)
        }
        let context = request.serviceContext
        let outcome = try await AuthenticationService(context: context).authenticate(
            email: email, password: form.enteredPassword, code: form.enteredCode, channel: "web"
        ) { tx, practitioner in
            try await SessionService.create(for: practitioner.id, now: context.now, on: tx)
        }
        return try await respond(to: outcome, request: request, email: email)
    }

    private func respond(
        to outcome: AuthenticationService.Outcome<SessionService.NewSession>, request: Request, email: String
    ) async throws -> Response {
        switch outcome {
        case .granted(_, let session):
            let response = request.redirect(to: SiteURL.home)
            response.cookies[SessionCookie.name] = SessionCookie.make(
                value: session.cookieValue, tls: request.signpost.settings.tls)
            return response
        case .rejected:
            return try await showSignIn(request, errors: SignInPage.rejectedErrors, email: email, status: .unauthorized)
        case .refused(let refusals):
            return try await showSignIn(
                request, errors: SignInPage.refusedErrors(refusals), email: email, refusals: refusals,
                status: .forbidden)
        case .throttled(let seconds):
            let message = AuthenticationService.throttledMessage(retryAfterSeconds: seconds)
            let response = try await showSignIn(
                request, errors: FormErrors([.init(field: "email", message: message)]), email: email,
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
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

    /// The sign-in page, as asked (200) or again with its errors: 422 for an empty answer, 401 for a
    /// wrong email, password or code, 403 for an account that may not sign in now.
    private func showSignIn(
        _ request: Request, errors: FormErrors, email: String, refusals: [SignInRefusal] = [],
        signedOut: Bool = false, status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        let page = SignInPage.model(
            layout: LayoutContext(request: request, title: SignInPage.title(errors, signedOut: signedOut)),
            errors: errors, email: email, refusals: refusals, signedOut: signedOut)
        return try await request.render(SignInPage.template, page, errors: errors, status: status)
    }
}
