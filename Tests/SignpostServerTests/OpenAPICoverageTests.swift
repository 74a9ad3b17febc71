import Foundation
import Testing
import VaporTesting

@testable import SignpostServer

/// Every operation of the JSON API is in `openapi.yaml`, with its method, and the document names no
/// operation the server does not have.
@Suite("openapi.yaml covers the API")
struct OpenAPICoverageTests {
    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        try await withSignpostApp { world in
            let served = Set(
                world.app.routes.all.compactMap { route -> String? in
                    let path =
                        "/"
                        + route.path.map { segment in
                            let text = segment.description
                            return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                        }.joined(separator: "/")
                    guard path.hasPrefix("/api/v1/"), route.method != .HEAD else { return nil }
                    return "\(route.method.rawValue) \(path)"
                })
            let json = try await TestBrowser(world.app).get("/api/v1/openapi.json")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.body.string.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(
                paths.flatMap { path, operations in
                    operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }
                        .map { "\($0.uppercased()) \(path)" }
                }
                .filter { $0.contains(" /api/v1/") })
            #expect(served.count > 40 && served.contains("GET /api/v1/children/{childID}/chronology"))
            #expect(served.subtracting(documented).sorted() == [], "served but not documented")
            #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        }
    }
}
