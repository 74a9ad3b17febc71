import Foundation
import Leaf
import Vapor

/// Turns every error into a response that helps the person and reveals nothing of the internals:
/// an RFC 9457 problem document under `/api`, a GOV.UK-style error page elsewhere.
/// Unexpected errors are logged by type and request id only, never with their values, which could
/// hold personal data.
struct ErrorResponseMiddleware: AsyncMiddleware {
    struct Problem: Content, Equatable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var instance: String?
        var errors: [ServiceError.FieldError]?
    }

    struct ErrorPage: Encodable {
        var layout: LayoutContext
        var status: Int
        var title: String
        var detail: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Self.problem(for: error, request: request)
            await Self.auditRefusal(error, problem: problem, request: request)
            let response = try await Self.render(problem, request: request)
            if let abort = error as? any AbortError, abort.status == .methodNotAllowed {
                response.headers.replaceOrAdd(name: .allow, value: abort.headers.first(name: .allow) ?? "")
            }
            if let seconds = (error as? ServiceError)?.retryAfterSeconds {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            } else if problem.status == 503 {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(DatabaseOutage.retryAfterSeconds))
            }
            return response
        }
    }

    private static func render(_ problem: Problem, request: Request) async throws -> Response {
        // The API, the hub's and the nodes' APIs, and background saves from pages (autosave.js), get a problem document.
        let path = request.url.path
        if path.hasPrefix("/api/") || path.hasPrefix("/hub/") || path.hasPrefix("/federation/")
            || request.headers.first(name: "X-Autosave") == "1"
        {
            let response = Response(status: HTTPResponseStatus(statusCode: problem.status))
            try response.content.encode(problem, as: .json)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
            return response
        }
        let page = ErrorPage(
            layout: LayoutContext(request: request, title: problem.title),
            status: problem.status, title: problem.title, detail: problem.detail)
        do {
            let view = try await request.view.render("error", page)
            let response = try await view.encodeResponse(for: request)
            response.status = HTTPResponseStatus(statusCode: problem.status)
            return response
        } catch {
            request.logger.error("error page could not be rendered", metadata: ["errorType": "\(type(of: error))"])
            let response = Response(status: HTTPResponseStatus(statusCode: problem.status))
            response.headers.contentType = .plainText
            response.body = .init(string: "\(problem.title)\n\n\(problem.detail)\n")
            return response
        }
    }

    /// Every 404 reads the same, whatever the object and whether it is missing or hidden from the
    /// caller: the same status, body and headers, so a response never tells that something exists.
    static let notFoundTitle = "Page not found"
    static let notFoundDetail =
        "There is nothing at this address that you can see. If you typed the web address, check it is correct."

    /// Writes the one audit event of a refused request that its service did not audit itself:
    /// permission middleware, plain validation and rate limits. Never the input itself: only the
    /// route, the status and the names of the fields at fault.
    static func auditRefusal(_ error: any Error, problem: Problem, request: Request) async {
        // An unknown address refuses nothing; a refusal its service audited is audited already.
        guard request.route != nil, (error as? ServiceError)?.audited != true, (400..<500).contains(problem.status),
            problem.status != 401
        else { return }
        let fieldErrors = (error as? ServiceError)?.fieldErrors ?? problem.errors ?? []
        let actor = request.auth.get(AuthenticatedPractitioner.self)
        let route =
            request.route.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") }
            ?? "unrouted"
        var details = ["status": String(problem.status), "route": String(route.prefix(200))]
        if !fieldErrors.isEmpty { details["fields"] = fieldErrors.map(\.field).joined(separator: ",") }
        let context = request.serviceContext
        let draft = AuditDraft(
            action: "request.refused", actor: actor, subjectType: "request", outcome: .refused, details: details)
        do {
            try await context.db.transaction { tx in
                try await AuditLog.append(
                    draft,
                    context: context, on: tx)
            }
        } catch {
            request.logger.error("refusal could not be audited", metadata: ["errorType": "\(type(of: error))"])
        }
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        let instance = String(request.url.path.prefix(300))
        if let abort = error as? any AbortError, abort.status == .notFound {
            return Problem(
                type: "about:blank", title: notFoundTitle, status: 404, detail: notFoundDetail, instance: instance)
        }
        switch error {
        case let error as ServiceError:
            return Problem(
                type: "about:blank", title: error.title, status: Int(error.status.code), detail: error.detail,
                instance: instance, errors: error.fieldErrors.isEmpty ? nil : error.fieldErrors)
        case let error as DecodingError:
            let (field, message) = describe(error)
            return Problem(
                type: "about:blank", title: "Your request has a problem", status: 400, detail: message,
                instance: instance, errors: field.map { [.init(field: $0, message: message)] })
        case let error where DatabaseOutage.isOutage(error):
            request.logger.warning("database unavailable", metadata: ["errorType": "\(type(of: error))"])
            return unavailable(instance: instance)
        case let error as any AbortError where error.status.code < 500:
            let title = error.status.code == 404 ? "Page not found" : (error.status.reasonPhrase)
            let detail =
                error.status.code == 404
                ? "If you typed the web address, check it is correct. If you pasted it, check you copied all of it."
                : error.reason
            return Problem(
                type: "about:blank", title: title, status: Int(error.status.code), detail: detail, instance: instance)
        default:
            request.logger.error(
                "unexpected error",
                metadata: [
                    "errorType": "\(String(reflecting: type(of: error)))",
                    "path": "\(request.route?.description ?? "unrouted")",
                ])
            return Problem(
                type: "about:blank", title: "Sorry, there is a problem with the service", status: 500,
                detail: "Try again later. Nothing you submitted has been saved unless you saw a confirmation.",
                instance: instance)
        }
    }

    static func unavailable(instance: String) -> Problem {
        Problem(
            type: "about:blank", title: "Sorry, the service is unavailable", status: 503,
            detail: "Try again in a few minutes. Nothing you submitted has been saved unless you saw a confirmation.",
            instance: instance)
    }

    /// A precise, human message for a body that did not decode, naming the field.
    static func describe(_ error: DecodingError) -> (String?, String) {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String? {
            let keys = context.codingPath.map(\.stringValue) + (key.map { [$0.stringValue] } ?? [])
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context, key) ?? key.stringValue
            return (field, "The field '\(field)' is missing.")
        case .valueNotFound(_, let context):
            let field = path(context) ?? "body"
            return (field, "The field '\(field)' must have a value.")
        case .typeMismatch(let type, let context):
            let field = path(context) ?? "body"
            return (field, "The field '\(field)' must be \(describe(type)).")
        case .dataCorrupted(let context):
            if let field = path(context) {
                return (field, "The field '\(field)' is not valid: \(context.debugDescription)")
            }
            return (nil, "The request body is not valid JSON.")
        @unknown default:
            return (nil, "The request body could not be read.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "of a different type"
        }
    }
}
