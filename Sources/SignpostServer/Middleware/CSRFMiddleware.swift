import SignpostCore
import Vapor

/// Every state-changing form carries a `csrfToken` field. Signed in, it must equal the session's token;
/// signed out (the sign-in form), it must equal the `signpost_csrf` cookie (double submit).
/// A missing or wrong token is refused with 403. The JSON API is exempt: it takes bearer tokens only.
struct CSRFMiddleware: AsyncMiddleware {
    let tls: Bool
    static let fieldName = "csrfToken"

    struct Token: StorageKey {
        typealias Value = String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var newCookie: String?
        let expected: String
        if let practitioner = request.auth.get(AuthenticatedPractitioner.self),
            let sessionToken = practitioner.csrfToken
        {
            expected = sessionToken
        } else if let cookie = request.cookies[SessionCookie.csrfName]?.string, cookie.count >= 32 {
            expected = cookie
        } else {
            let fresh = Credentials.newOpaqueToken()
            newCookie = fresh
            expected = fresh
        }
        request.storage[Token.self] = expected

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // A long form (an assessment page) arrives in several packets, so its body may still be
            // streaming here: collect it first, or the token reads as missing and the typing is lost
            // behind "This form has expired". The route then finds the body already collected.
            if request.body.data == nil {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            let submitted = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
            guard newCookie == nil, constantTimeEquals(submitted, expected) else {
                throw ServiceError(
                    kind: .forbidden, title: "This form has expired",
                    detail:
                        "The form was missing its security token or it had expired. Go back, reload the page and try again."
                )
            }
        }
        let response = try await next.respond(to: request)
        if let newCookie {
            response.cookies[SessionCookie.csrfName] = SessionCookie.make(value: newCookie, tls: tls)
        }
        return response
    }
}

extension Request {
    var csrfToken: String { storage[CSRFMiddleware.Token.self] ?? "" }
}
