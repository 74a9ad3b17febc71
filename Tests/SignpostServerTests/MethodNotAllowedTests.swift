import Foundation
import NIOHTTP1
import Testing
import VaporTesting

@testable import SignpostServer

/// A method a known address does not take answers 405 with `Allow`; an unknown address stays 404.
@Suite("Methods a route does not take")
struct MethodNotAllowedTests {
    private func answer(_ world: TestWorld, _ method: HTTPMethod, _ path: String) async throws -> TestingHTTPResponse {
        var captured: TestingHTTPResponse?
        try await world.app.testing().test(method, path) { captured = $0 }
        return try #require(captured)
    }

    @Test func traceOnAKnownRouteIs405WithAllowAndAnUnknownPathIs404() async throws {
        try await withSignpostApp { world in
            let trace = try await answer(world, .TRACE, "/api/v1/alerts")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers.first(name: .allow) == "GET, HEAD")
            #expect(trace.headers.contentType?.subType == "problem+json")
            let child = try await answer(world, .PATCH, "/api/v1/children/\(UUID().uuidString)")
            #expect(child.status == .methodNotAllowed)
            #expect(child.headers.first(name: .allow)?.contains("GET") == true)
            // `/children/search` is its own route, never a child's id, as the router walks it.
            let search = try await answer(world, .OPTIONS, "/api/v1/children/search")
            #expect(search.status == .methodNotAllowed)
            #expect(search.headers.first(name: .allow) == "POST")
            let asGet = try await answer(world, .GET, "/api/v1/children/search")
            #expect(asGet.status == .methodNotAllowed, "not a child whose id is \"search\"")
            #expect(asGet.headers.first(name: .allow) == "POST")
            #expect(try await answer(world, .TRACE, "/api/v1/no-such-thing").status == .notFound)
            #expect(try await answer(world, .GET, "/api/v1/no-such-thing").status == .notFound)
            let page = try await answer(world, .DELETE, "/sign-in")
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers.first(name: .allow) == "GET, HEAD, POST")
        }
    }
}
