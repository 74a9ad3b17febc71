import Vapor

/// Headers every response carries. The CSP allows no inline script or style and no framing.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let tls: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "base-uri 'none'",
        "object-src 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if tls {
            response.headers.replaceOrAdd(
                name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        // Pages about children must not linger in shared caches or the back-button cache.
        if response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
