import Foundation
import SignpostCore
import Vapor

/// A node's signed requests to the national hub, over Vapor's client (async-http-client underneath). Every
/// request carries the node's Ed25519 signature over method, path, time and body (`NodeRequestSignature`).
struct HubClient {
    let client: any Client
    let base: String
    let key: NodeSigningKey
    /// The node's clock: what it signs with must be within two minutes of the hub's.
    let now: @Sendable () -> Date

    init(client: any Client, hubURL: String, key: NodeSigningKey, now: @escaping @Sendable () -> Date) throws {
        guard let url = URL(string: hubURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw SignpostOperations.OperationError(description: "--hub must be the hub's http(s) address.")
        }
        self.client = client
        self.base = hubURL.hasSuffix("/") ? String(hubURL.dropLast()) : hubURL
        self.key = key
        self.now = now
    }

    func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as answer: Answer.Type) async throws
        -> Answer
    {
        let data = try JSONEncoder().encode(body)
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (name, value) in try key.headers(method: "POST", path: path, body: data, now: now()) {
            headers.add(name: name, value: value)
        }
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: base + path), headers: headers) { request in
                request.body = ByteBuffer(data: data)
            }
        } catch {
            throw SignpostOperations.OperationError(description: "Cannot reach the hub at \(base): \(error)")
        }
        let text = response.body.map { String(buffer: $0) } ?? ""
        guard response.status == .ok else {
            let problem = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            throw SignpostOperations.OperationError(
                description:
                    "The hub answered \(response.status.code): \(problem?["detail"] ?? String(text.prefix(200)))")
        }
        return try JSONDecoder().decode(Answer.self, from: Data(text.utf8))
    }
}

extension SignpostOperations {
    public struct FederationSync: Sendable, Equatable {
        public var enrolled: Int
        public var retired: Int
    }

    /// Sends the hub this node's listing: the eligible children's encodings (1,000 to a request) and the
    /// handles of those that must leave it. The node is the authority its key names.
    public func federationSync(hubURL: String, key: NodeSigningKey, secret: LinkageSecret) async throws
        -> FederationSync
    {
        struct Counted: Codable { var count: Int }
        struct Enrolments: Codable { var records: [HubEnrolmentInput] }
        struct Retirements: Codable { var handles: [String] }
        let hub = try HubClient(client: app.client, hubURL: hubURL, key: key, now: app.signpost.clock)
        let listing = try await translating {
            try await FederationService(context: app.serviceContext()).listing(authority: key.node, secret: secret)
        }
        var result = FederationSync(enrolled: 0, retired: 0)
        for start in stride(from: 0, to: listing.enrol.count, by: 1_000) {
            let batch = Array(listing.enrol[start..<min(start + 1_000, listing.enrol.count)])
            result.enrolled += try await hub.post("/hub/v1/enrolments", Enrolments(records: batch), as: Counted.self)
                .count
        }
        for start in stride(from: 0, to: listing.retire.count, by: 1_000) {
            let batch = Array(listing.retire[start..<min(start + 1_000, listing.retire.count)])
            result.retired += try await hub.post("/hub/v1/retirements", Retirements(handles: batch), as: Counted.self)
                .count
        }
        return result
    }
}
