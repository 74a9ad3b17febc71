import Vapor

/// Serves the stylesheets and scripts under `Public/` and nothing else: the file system is asked only
/// about short paths under the static folders, so an over-long or odd path (an API address with a
/// 5,000-character identifier) never reaches it and answers like any unknown address.
struct StaticFilesMiddleware: AsyncMiddleware {
    static let prefixes = ["/css/", "/js/", "/vendor/", "/favicon"]
    static let longestPath = 256
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.count <= Self.longestPath, Self.prefixes.contains(where: path.hasPrefix) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
