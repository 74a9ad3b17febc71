import Vapor

/// A failure a person can act on. Controllers turn it into an RFC 9457 problem document (API) or an
/// error summary (pages). `fieldErrors` name the input that was wrong.
struct ServiceError: Error, AbortError, Sendable {
    struct FieldError: Sendable, Codable, Equatable {
        var field: String
        var message: String
    }

    var status: HTTPResponseStatus
    var title: String
    var detail: String
    var fieldErrors: [FieldError] = []
    /// The refusal's audit event is written already (by the service, in its transaction); otherwise the
    /// error middleware writes one, so every refused request leaves exactly one.
    var audited = false

    var reason: String { detail }

    static func badRequest(_ detail: String, fields: [FieldError] = []) -> ServiceError {
        ServiceError(status: .badRequest, title: "Your request has a problem", detail: detail, fieldErrors: fields)
    }

    static func validation(_ fields: [FieldError]) -> ServiceError {
        let detail = fields.map(\.message).joined(separator: " ")
        return ServiceError(status: .unprocessableEntity, title: "Some answers need correcting", detail: detail, fieldErrors: fields)
    }

    static func unauthorized(_ detail: String) -> ServiceError {
        ServiceError(status: .unauthorized, title: "Sign-in needed", detail: detail)
    }

    static func forbidden(_ detail: String) -> ServiceError {
        ServiceError(status: .forbidden, title: "You cannot do this", detail: detail)
    }

    static func notFound(_ detail: String = "There is nothing at this address.") -> ServiceError {
        ServiceError(status: .notFound, title: "Not found", detail: detail)
    }

    static func conflict(_ detail: String) -> ServiceError {
        ServiceError(status: .conflict, title: "This conflicts with what is already recorded", detail: detail)
    }
}
