import SignpostCore
import Vapor

/// `POST /api/v1/auth/token` and `DELETE /api/v1/auth/token`, plus `GET /api/v1/me`.
struct AuthTokenController {
    struct TokenRequest: Content {
        var email: String
        var password: String
        var totp: String
    }

    struct TokenResponse: Content {
        var token: String
        var expiresAt: Date
    }

    struct MeResponse: Content {
        var id: UUID
        var name: String
        var email: String
        var roles: [String]
        var organisation: String
        var authority: String
    }

    func addRoutes(public api: any RoutesBuilder, authenticated: any RoutesBuilder) {
        api.post("auth", "token", use: issue)
        authenticated.delete("auth", "token", use: revoke)
        authenticated.get("me", use: me)
    }

    @Sendable func issue(_ request: Request) async throws -> Response {
        let body = try request.content.decode(TokenRequest.self)
        var missing: [ServiceError.FieldError] = []
        if body.email.trimmingCharacters(in: .whitespaces).isEmpty {
            missing.append(.init(field: "email", message: "Enter an email address."))
        }
        if body.password.isEmpty { missing.append(.init(field: "password", message: "Enter a password.")) }
        if body.totp.trimmingCharacters(in: .whitespaces).isEmpty {
            missing.append(.init(field: "totp", message: "Enter the 6-digit security code."))
        }
        guard missing.isEmpty else { throw ServiceError.validation(missing) }

        let context = request.serviceContext
        let outcome = try await AuthenticationService(context: context).authenticate(
            email: body.email, password: body.password, code: body.totp, channel: "api"
        ) { tx, practitioner in
            try await APITokenService.issue(for: practitioner, now: context.now, on: tx, context: context)
        }
        return try Self.response(for: outcome)
    }

    private static func response(for outcome: AuthenticationService.Outcome<APITokenService.IssuedToken>) throws
        -> Response
    {
        switch outcome {
        case .granted(_, let issued):
            let response = Response(status: .created)
            try response.content.encode(
                TokenResponse(token: issued.token, expiresAt: issued.expiresAt), using: encoder)
            return response
        case .rejected:
            throw ServiceError.unauthorized(AuthenticationService.genericFailure)
        case .refused(let refusals):
            throw ServiceError.forbidden(refusals.map(\.message).joined(separator: " "))
        case .throttled(let seconds):
            throw ServiceError(
                kind: .rateLimited, title: "Too many sign-in attempts",
                detail: AuthenticationService.throttledMessage(retryAfterSeconds: seconds), audited: true,
                retryAfterSeconds: seconds)
        }
    }

    @Sendable func revoke(_ request: Request) async throws -> HTTPStatus {
        let practitioner = try request.signedInPractitioner()
        guard let tokenID = request.storage[BearerTokenID.self] else {
            throw ServiceError.unauthorized("Send the API token to revoke as 'Authorization: Bearer <token>'.")
        }
        try await APITokenService(context: request.serviceContext).revoke(tokenID: tokenID, by: practitioner)
        return .noContent
    }

    @Sendable func me(_ request: Request) async throws -> MeResponse {
        let practitioner = try request.signedInPractitioner()
        return MeResponse(
            id: practitioner.id, name: practitioner.name, email: practitioner.email,
            roles: practitioner.roles.sorted().map(\.rawValue), organisation: practitioner.organisationCode,
            authority: practitioner.authorityCode)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
