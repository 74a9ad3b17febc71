import NIOConcurrencyHelpers
import Vapor

/// A known address asked with a method it does not take (TRACE, say) answers 405 with `Allow`, as HTTP
/// says, rather than the 404 of an unknown address. It tells only which methods a route takes, which the
/// published API document says anyway; an unknown address still answers 404.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    /// The application's routes, read when a request finds none (they are added after the middleware).
    let routes: Routes

    /// Constant paths that a parameter route would also take, with the methods they do take, built once.
    private let shadowed = NIOLockedValueBox<[String: Set<String>]?>(nil)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // `GET /api/v1/children/search` would reach `GET /children/{childID}` as an id: it is the search
        // route asked with the wrong method, so it answers 405 before the router backtracks.
        if let allowed = shadowedPaths()[request.url.path], !allowed.contains(request.method.rawValue) {
            throw Abort(.methodNotAllowed, headers: ["Allow": Self.allowHeader(allowed)])
        }
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .notFound && request.route == nil {
            let segments = request.url.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            let allowed = Set(Self.routes(routes.all, matching: segments).map(\.method.rawValue))
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw abort }
            throw Abort(.methodNotAllowed, headers: ["Allow": Self.allowHeader(allowed)])
        }
    }

    private static func allowHeader(_ methods: Set<String>) -> String {
        (methods.contains("GET") ? methods.union(["HEAD"]) : methods).sorted().joined(separator: ", ")
    }

    private func shadowedPaths() -> [String: Set<String>] {
        shadowed.withLockedValue { cached in
            if let cached { return cached }
            let all = routes.all
            var found: [String: Set<String>] = [:]
            for route in all where route.path.allSatisfy({ if case .constant = $0 { true } else { false } }) {
                let segments = route.path.map(\.description)
                let viaParameter = all.contains { other in
                    other.path.count == segments.count && other.path != route.path
                        && zip(other.path, segments).allSatisfy { component, segment in
                            if case .constant(let value) = component { return value == segment }
                            return true
                        }
                }
                if viaParameter {
                    found["/" + segments.joined(separator: "/"), default: []].insert(route.method.rawValue)
                }
            }
            for key in found.keys {
                let segments = key.split(separator: "/").map(String.init)
                found[key] = Set(Self.routes(all, matching: segments).map(\.method.rawValue))
            }
            cached = found
            return found
        }
    }

    /// The routes whose path this address takes, as Vapor's router walks it: a constant that matches at a
    /// step hides the parameters beside it (`/children/search` is never `/children/{childID}`).
    static func routes(_ routes: [Route], matching segments: [String]) -> [Route] {
        var candidates = routes.filter { $0.path.count == segments.count || $0.path.last.map(isCatchall) == true }
        for (depth, segment) in segments.enumerated() {
            let alive = candidates.filter { depth < $0.path.count || $0.path.last.map(isCatchall) == true }
            let exact = alive.filter { depth < $0.path.count && $0.path[depth] == .constant(segment) }
            candidates =
                exact.isEmpty
                ? alive.filter { route in
                    guard depth < route.path.count else { return true }
                    switch route.path[depth] {
                    case .constant: return false
                    case .parameter, .anything, .catchall: return true
                    }
                } : exact
        }
        return candidates.filter { $0.path.count == segments.count || $0.path.last.map(isCatchall) == true }
    }

    private static func isCatchall(_ component: PathComponent) -> Bool {
        if case .catchall = component { return true }
        return false
    }
}
