import Vapor

/// The one place a domain error becomes an HTTP status.
extension ServiceError: AbortError {
    var status: HTTPResponseStatus {
        switch kind {
        case .badRequest: .badRequest
        case .invalid: .unprocessableEntity
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .rateLimited: .tooManyRequests
        case .gone: .gone
        case .unavailable: .serviceUnavailable
        }
    }
}
