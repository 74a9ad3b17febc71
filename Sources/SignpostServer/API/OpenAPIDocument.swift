import Foundation
import Vapor
import Yams

/// The API contract, `openapi.yaml` at the package root, served as YAML and as JSON.
struct OpenAPIDocument: Sendable {
    var yaml: String
    var json: String

    static func load(from directory: String) throws -> OpenAPIDocument {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("openapi.yaml").path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError(
                kind: .unavailable, title: "API document missing",
                detail: "openapi.yaml is not installed with this server.")
        }
        let yaml = String(decoding: data, as: UTF8.self)
        let object = try Yams.load(yaml: yaml)
        let jsonData = try JSONSerialization.data(
            withJSONObject: object as Any, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return OpenAPIDocument(yaml: yaml, json: String(decoding: jsonData, as: UTF8.self))
    }
}

extension Application {
    private struct OpenAPIDocumentKey: StorageKey {
        typealias Value = OpenAPIDocument
    }

    /// Read and converted once at start-up, not on every request; nil when the file is not installed.
    var openAPIDocument: OpenAPIDocument? {
        get { storage[OpenAPIDocumentKey.self] }
        set { storage[OpenAPIDocumentKey.self] = newValue }
    }
}
