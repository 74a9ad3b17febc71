import Vapor

/// The audit log's public face for witnesses: its verifier key and a freshly signed checkpoint, both as
/// plain text in the C2SP formats, and an event's inclusion proof as JSON, with no sign-in: none of them
/// holds personal data, only hashes, sizes and the log's name. An event's content is given to the
/// person it concerns (a subject-access copy) by the authority, who can attach this proof to it.
struct AuditTreeAPIController {
    func addRoutes(to api: any RoutesBuilder) {
        let audit = api.grouped("audit")
        audit.get("public-key", use: publicKey)
        audit.get("checkpoints", "latest", use: latestCheckpoint)
        audit.get("events", ":sequence", "proof", use: inclusionProof)
    }

    struct InclusionProofResponse: Content {
        var sequence: Int64
        /// The leaf's 0-based index in the tree: sequence − 1.
        var leafIndex: Int64
        var treeSize: Int
        /// Base64 of SHA-256(0x00 ‖ canonical event).
        var leafHash: String
        /// Base64 hashes of RFC 9162 §2.1.3 PATH(leafIndex, D[treeSize]), nearest the leaf first.
        var auditPath: [String]
        var rootHash: String
        /// The signed checkpoint (C2SP note) whose root the path leads to.
        var checkpoint: String
    }

    @Sendable func inclusionProof(_ request: Request) async throws -> InclusionProofResponse {
        guard let text = request.parameters.get("sequence"), text.count <= 18, let sequence = Int64(text),
            sequence >= 1
        else {
            throw ServiceError.badRequest("The sequence number must be a whole number from 1.")
        }
        let found = try await AuditCheckpointService(context: request.serviceContext).inclusionProof(
            sequence: sequence)
        return InclusionProofResponse(
            sequence: found.sequence, leafIndex: found.sequence - 1, treeSize: found.treeSize,
            leafHash: Data(found.leafHash).base64EncodedString(),
            auditPath: found.proof.map { Data($0).base64EncodedString() },
            rootHash: Data(found.rootHash).base64EncodedString(), checkpoint: found.checkpoint)
    }

    @Sendable func publicKey(_ request: Request) async throws -> Response {
        Self.text(try AuditCheckpointService(context: request.serviceContext).publicKey() + "\n")
    }

    @Sendable func latestCheckpoint(_ request: Request) async throws -> Response {
        Self.text(try await AuditCheckpointService(context: request.serviceContext).latest())
    }

    static func text(_ body: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
