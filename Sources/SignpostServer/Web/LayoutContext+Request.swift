import SignpostCore
import Vapor

extension LayoutContext {
    init(request: Request, title: String) {
        self.init(
            title: title, practitioner: request.auth.get(AuthenticatedPractitioner.self), path: request.url.path,
            csrfToken: request.csrfToken)
    }
}

extension Request {
    /// The one way a page is shown: as asked (200), or again with its error summary and what was typed
    /// (422, or the status given, such as 409 for a stale version).
    func render(
        _ template: String, _ page: some Encodable, errors: FormErrors,
        status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        let response = try await view.render(template, page).encodeResponse(for: self)
        if errors.any { response.status = status }
        return response
    }
}
