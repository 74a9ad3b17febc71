import Vapor

extension Request {
    /// A path identifier: anything that is not a UUID (too long, malformed) is simply not found.
    func idParameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), text.count == 36, let id = UUID(uuidString: text) else {
            throw ServiceError.notFound()
        }
        return id
    }

    /// After a form: see the page at this address (303, so a reload does not post again).
    func redirect(to url: SiteURL) -> Response {
        redirect(to: url.path, redirectType: .normal)
    }
}
