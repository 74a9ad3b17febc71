import Foundation

/// A failure a person can act on, in the domain's terms. Services throw it and know nothing of HTTP:
/// `ErrorResponseMiddleware` maps the kind to a status code, an RFC 9457 problem document (API) or a
/// GOV.UK error page, and form pages turn `fieldErrors` into an error summary.
struct ServiceError: Error, Sendable {
    /// What went wrong, from the caller's side.
    enum Kind: Sendable, Equatable {
        /// The request itself is malformed (a missing or unreadable parameter).
        case badRequest
        /// Some answers need correcting: `fieldErrors` say which.
        case invalid
        /// Nobody is signed in, or the credentials are wrong.
        case unauthorized
        /// The caller may know the object exists, and may not do this to it.
        case forbidden
        /// Nothing the caller may see is there (hidden objects look the same as missing ones).
        case notFound
        /// The request conflicts with what is already recorded.
        case conflict
        /// Too many requests in the window: wait, then try again.
        case rateLimited
        /// The data existed and cannot be recovered (its key was destroyed).
        case gone
        /// The server cannot do this now (a missing key, document or chain head): not the caller's fault.
        case unavailable
    }

    struct FieldError: Sendable, Codable, Equatable {
        var field: String
        var message: String
    }

    var kind: Kind
    var title: String
    var detail: String
    var fieldErrors: [FieldError] = []
    /// The refusal's audit event is written already (by the service, in its transaction); otherwise the
    /// error middleware writes one, so every refused request leaves exactly one.
    var audited = false
    /// For `rateLimited`: when trying again may succeed (`Retry-After`).
    var retryAfterSeconds: Int?

    var reason: String { detail }

    static func badRequest(_ detail: String, fields: [FieldError] = []) -> ServiceError {
        ServiceError(kind: .badRequest, title: "Your request has a problem", detail: detail, fieldErrors: fields)
    }

    static func validation(_ fields: [FieldError]) -> ServiceError {
        let detail = fields.map(\.message).joined(separator: " ")
        return ServiceError(kind: .invalid, title: "Some answers need correcting", detail: detail, fieldErrors: fields)
    }

    static func unauthorized(_ detail: String) -> ServiceError {
        ServiceError(kind: .unauthorized, title: "Sign-in needed", detail: detail)
    }

    static func forbidden(_ detail: String) -> ServiceError {
        ServiceError(kind: .forbidden, title: "You cannot do this", detail: detail)
    }

    static func notFound(_ detail: String = "There is nothing at this address.") -> ServiceError {
        ServiceError(kind: .notFound, title: "Not found", detail: detail)
    }

    static func conflict(_ detail: String) -> ServiceError {
        ServiceError(kind: .conflict, title: "This conflicts with what is already recorded", detail: detail)
    }
}
