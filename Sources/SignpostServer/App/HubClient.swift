import Foundation
import SignpostCore
import Vapor

/// A node's signed requests to the national hub and to other nodes, over Vapor's client (async-http-client
/// underneath). Every request carries the node's Ed25519 signature over method, path, time and body
/// (`NodeRequestSignature`).
struct SignedNodeClient {
    let client: any Client
    let key: NodeSigningKey
    /// The node's clock: what it signs with must be within two minutes of the receiver's.
    let now: @Sendable () -> Date

    static func base(_ url: String) throws -> String {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
        else { throw SignpostOperations.OperationError(description: "\(url) is not an http(s) address.") }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The status and body of a signed request; a party that cannot be reached is an operation error.
    func send(
        _ method: HTTPMethod, _ base: String, _ path: String, body: Data = Data(),
        to receiver: String = NodeRequestSignature.hub
    ) async throws -> (status: HTTPResponseStatus, body: Data) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (name, value) in try key.headers(
            method: method.rawValue, path: path, body: body, to: receiver, now: now())
        {
            headers.add(name: name, value: value)
        }
        let request = ClientRequest(
            method: method, url: URI(string: try Self.base(base) + path), headers: headers,
            body: body.isEmpty ? nil : ByteBuffer(data: body))
        do {
            let response = try await client.send(request)
            return (response.status, response.body.map { Data($0.readableBytesView) } ?? Data())
        } catch {
            throw SignpostOperations.OperationError(description: "Cannot reach \(base): \(error)")
        }
    }

    /// A signed request whose answer must be 200 with `Answer` as JSON.
    func expect<Answer: Decodable>(
        _ method: HTTPMethod, _ base: String, _ path: String, body: some Encodable, as answer: Answer.Type
    ) async throws -> Answer {
        let (status, data) = try await send(method, base, path, body: try JSONEncoder().encode(body))
        guard status == .ok else {
            let problem = try? JSONDecoder().decode([String: String].self, from: data)
            let detail = problem?["detail"] ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw SignpostOperations.OperationError(description: "\(base) answered \(status.code): \(detail)")
        }
        return try JSONDecoder().decode(Answer.self, from: data)
    }
}

/// `FederationGateway` over signed HTTP: the hub's query route and the holding nodes' involvement route.
struct HTTPFederationGateway: FederationGateway {
    let client: SignedNodeClient
    let hubURL: String

    private struct Answer: Decodable { var pointers: [HubPointer] }

    func queryHub(_ query: HubQueryInput) async throws -> [HubPointer] {
        try await client.expect(.POST, hubURL, "/hub/v1/queries", body: query, as: Answer.self).pointers
    }

    func askNode(_ node: String, at baseURL: String, _ request: RemoteInvolvementRequest) async throws
        -> RemoteInvolvementAnswer?
    {
        let (status, data) = try await client.send(
            .POST, baseURL, "/federation/v1/involvements", body: try JSONEncoder().encode(request), to: node)
        if status == .notFound { return nil }
        guard status == .ok else {
            throw SignpostOperations.OperationError(description: "\(baseURL) answered \(status.code)")
        }
        return try JSONDecoder().decode(RemoteInvolvementAnswer.self, from: data)
    }
}

extension SignpostOperations {
    public struct FederationSync: Sendable, Equatable {
        public var enrolled: Int
        public var retired: Int
        /// Other nodes in the hub's directory, whose signed requests this node now accepts.
        public var peers: Int
        /// Entries of the directory left out because the pinned key custodian did not endorse them as given.
        public var unendorsed: Int = 0
    }

    /// Sends the hub this node's listing: the eligible children's encodings (1,000 to a request) and the
    /// handles of those that must leave it. The node is the authority its key names.
    public func federationSync(hubURL: String, key: NodeSigningKey, secret: LinkageSecret) async throws
        -> FederationSync
    {
        struct Counted: Codable { var count: Int }
        struct Enrolments: Codable { var records: [HubEnrolmentInput] }
        struct Retirements: Codable { var handles: [String] }
        struct Directory: Codable { var nodes: [HubNode] }
        let hub = SignedNodeClient(client: app.client, key: key, now: app.signpost.clock)
        let base = try SignedNodeClient.base(hubURL)
        let listing = try await translating {
            try await FederationService(context: app.serviceContext()).listing(authority: key.node, secret: secret)
        }
        var result = FederationSync(enrolled: 0, retired: 0, peers: 0, unendorsed: 0)
        // Retirements first: a sync that fails part-way must not leave a withdrawn child on the hub.
        for start in stride(from: 0, to: listing.retire.count, by: 1_000) {
            let batch = Array(listing.retire[start..<min(start + 1_000, listing.retire.count)])
            result.retired += try await hub.expect(
                .POST, base, "/hub/v1/retirements", body: Retirements(handles: batch), as: Counted.self
            ).count
        }
        for start in stride(from: 0, to: listing.enrol.count, by: 1_000) {
            let batch = Array(listing.enrol[start..<min(start + 1_000, listing.enrol.count)])
            result.enrolled += try await hub.expect(
                .POST, base, "/hub/v1/enrolments", body: Enrolments(records: batch), as: Counted.self
            ).count
        }
        // The other nodes' keys and addresses, so this node can check their signed requests.
        let (status, data) = try await hub.send(.GET, base, "/hub/v1/nodes")
        guard status == .ok, let directory = try? JSONDecoder().decode(Directory.self, from: data) else {
            throw OperationError(description: "The hub's directory could not be read (\(status.code)).")
        }
        let refreshed = try await translating {
            try await FederationPeerService(context: app.serviceContext()).replace(
                directory.nodes.filter { $0.node != key.node })
        }
        result.peers = refreshed.peers
        result.unendorsed = refreshed.unendorsed
        return result
    }
}
