import SignpostCore
import Vapor

/// Admits a request only when an enrolled node signed it (`NodeRequestSignature`): the body is read whole
/// (at most 2 MB) because its digest is part of what was signed. A refusal is a 401, audited by the service.
struct NodeSignatureAuthenticator: AsyncMiddleware {
    private struct NodeKey: StorageKey { typealias Value = String }

    /// Where the signers' public keys are: the hub's enrolled nodes, or a node's copy of the hub's directory.
    var keysIn: String
    /// The audit action for a refusal, in this party's log.
    var refusedAction: String
    /// Whether this server is the hub; otherwise it is the node its federation key names.
    var isHub: Bool

    static let hub = NodeSignatureAuthenticator(
        keysIn: HubTables.nodes, refusedAction: "hub.request-refused", isHub: true)
    static let peers = NodeSignatureAuthenticator(
        keysIn: SignedNodeRequests.peersTable, refusedAction: "federation.request-refused", isHub: false)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let body = try await request.body.collect(max: 2 * 1024 * 1024).get()
        let headers = [
            NodeRequestSignature.Header.node, NodeRequestSignature.Header.timestamp,
            NodeRequestSignature.Header.signature, NodeRequestSignature.Header.nonce,
        ].reduce(into: [String: String]()) { found, name in
            found[name] = request.headers.first(name: name)
        }
        let node = try await SignedNodeRequests.authenticate(
            method: request.method.rawValue, path: request.url.path,
            body: body.map { Data($0.readableBytesView) } ?? Data(), headers: headers, keysIn: keysIn,
            receiver: isHub
                ? NodeRequestSignature.hub : request.application.signpost.settings.federation?.nodeKey.node ?? "",
            refusedAction: refusedAction, context: request.serviceContext)
        request.storage[NodeKey.self] = node
        return try await next.respond(to: request)
    }

    static func node(of request: Request) -> String? { request.storage[NodeKey.self] }
}

extension Request {
    /// The node that signed this request; only routes behind `NodeSignatureAuthenticator` have one.
    func hubNode() throws -> String {
        guard let node = NodeSignatureAuthenticator.node(of: self) else {
            throw ServiceError.unauthorized("Only a signed request from an enrolled node may use this route.")
        }
        return node
    }
}
