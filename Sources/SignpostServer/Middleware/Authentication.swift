import SignpostCore
import Vapor

enum SessionCookie {
    static let name = "signpost_session"
    static let csrfName = "signpost_csrf"

    static func make(value: String, tls: Bool, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
            isSecure: tls, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Signs the browser in from its session cookie, if it has a live one.
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let cookie = request.cookies[SessionCookie.name]?.string, !cookie.isEmpty,
            let practitioner = try await SessionService(context: request.serviceContext).resolve(cookieValue: cookie)
        {
            request.auth.login(practitioner)
        }
        return try await next.respond(to: request)
    }
}

/// Sends anyone not signed in to the sign-in page.
struct RequireSignedIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(AuthenticatedPractitioner.self) else {
            return request.redirect(to: SiteURL.signIn.path)
        }
        return try await next.respond(to: request)
    }
}

struct BearerTokenID: StorageKey {
    typealias Value = UUID
}

/// API authentication: `Authorization: Bearer <token>` only. The API never accepts the session cookie,
/// so a page on another site cannot make a signed-in browser call it.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else {
            throw ServiceError.unauthorized(
                "Send an API token as 'Authorization: Bearer <token>'. Get one from POST /api/v1/auth/token.")
        }
        guard
            let (practitioner, tokenID) = try await APITokenService(context: request.serviceContext).resolve(
                token: bearer.token)
        else {
            throw ServiceError.unauthorized(
                "The API token is not valid: it is unknown, expired or revoked, or the account is not active.")
        }
        request.auth.login(practitioner)
        request.storage[BearerTokenID.self] = tokenID
        return try await next.respond(to: request)
    }
}

/// Lets the request through only when `Policy.decide` allows the action for the signed-in practitioner.
struct RequirePermission: AsyncMiddleware {
    let action: SystemAction

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let practitioner = try request.auth.require(AuthenticatedPractitioner.self)
        if case .deny(let reason) = Policy.decide(practitioner.actor, action) {
            throw ServiceError.forbidden(reason)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The signed-in practitioner; routes behind `RequireSignedIn` or `BearerAuthenticator` always have one.
    func signedInPractitioner() throws -> AuthenticatedPractitioner {
        try auth.require(AuthenticatedPractitioner.self)
    }
}

/// Vapor's authentication stores the signed-in practitioner on the request.
extension AuthenticatedPractitioner: Authenticatable {}
