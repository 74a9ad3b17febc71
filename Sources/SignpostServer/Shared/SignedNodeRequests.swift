import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The check of every request one Signpost party signs for another (`NodeRequestSignature`): the hub
/// checks nodes against the keys its operator enrolled; a node checks other nodes against the hub's
/// directory. Both keep the keys in a table of the same shape. A refusal is audited and answered 401.
enum SignedNodeRequests {
    /// A node's copy of the hub's directory.
    static let peersTable = "federation_peers"
    /// The nonces of the requests accepted in the last few minutes.
    static let noncesTable = "signed_request_nonces"

    private struct NodeRow: Decodable {
        var node: String
        var publicKey: String
        var contactRoute: String
        var baseUrl: String
        var endorsement: String?

        var value: HubNode {
            HubNode(
                node: node, publicKey: publicKey, contactRoute: contactRoute, baseURL: baseUrl,
                endorsement: endorsement)
        }
    }

    /// The node that signed a request, or an audited refusal (`refusedAction` in this party's log).
    static func authenticate(
        method: String, path: String, body: Data, headers: [String: String], keysIn table: String,
        receiver: String, refusedAction: String, context: ServiceContext
    ) async throws -> String {
        try await context.auditedTransaction { context, tx in
            let node = headers[NodeRequestSignature.Header.node] ?? ""
            do {
                guard let timestampText = headers[NodeRequestSignature.Header.timestamp],
                    let timestamp = Int64(timestampText),
                    let signature = headers[NodeRequestSignature.Header.signature],
                    let nonce = headers[NodeRequestSignature.Header.nonce],
                    !node.isEmpty
                else { throw NodeRequestSignature.Problem.missing }
                guard NodePublicKey.isValidNode(node),
                    let row = try await Self.node(node, in: table, on: ModelRows.sql(tx)),
                    let key = try? NodePublicKey(encoded: row.publicKey)
                else { throw NodeRequestSignature.Problem.unknownNode }
                // Checked on every request, not only at each sync: a row kept from before the key was pinned
                // carries no endorsement, and is refused from the moment the key is pinned.
                if let pinned = context.environment.settings.directoryCustodian,
                    !pinned.endorses(row, on: CalendarDate(context.now).iso)
                {
                    throw NodeRequestSignature.Problem.unendorsed
                }
                try NodeRequestSignature.verify(
                    method: method, path: path, body: body, node: node, timestamp: timestamp, nonce: nonce,
                    signature: signature, key: key, receiver: receiver, now: context.now)
                guard try await claim(nonce, of: node, signedAt: timestamp, now: context.now, on: ModelRows.sql(tx))
                else { throw NodeRequestSignature.Problem.replayed }
                return node
            } catch let problem as NodeRequestSignature.Problem {
                var draft = AuditDraft(
                    action: refusedAction, actor: nil, subjectType: "node",
                    subjectID: NodePublicKey.isValidNode(node) ? node : nil, outcome: .refused,
                    details: ["why": "\(problem)", "path": String(path.prefix(80))])
                draft.actorRole = "node"
                try await AuditLog.append(draft, context: context, on: tx)
                throw Refusal(error: .unauthorized("The request was refused: \(problem)."))
            }
        }
    }

    /// Records a verified request's nonce; false when this party accepted it before. An insert that does
    /// nothing on a conflict, so two servers given the same request at once accept it once.
    private static func claim(
        _ nonce: String, of node: String, signedAt timestamp: Int64, now: Date, on sql: any SQLDatabase
    ) async throws -> Bool {
        struct Claimed: Decodable { var node: String }
        let seconds = Int64(now.timeIntervalSince1970)
        let expires = max(timestamp, seconds) + Int64(NodeRequestSignature.allowedSkew) + 1
        return try await sql.raw(
            """
            INSERT INTO \(ident: noncesTable) (node, nonce, expires_at) VALUES (\(bind: node), \(bind: nonce), \
            \(bind: expires)) ON CONFLICT DO NOTHING RETURNING node
            """
        ).first(decoding: Claimed.self) != nil
    }

    /// Drops the nonces of requests too old to verify any more (the timestamp check refuses them anyway).
    /// Run by the once-a-minute housekeeping, not in each request.
    static func purgeNonces(on sql: any SQLDatabase, now: Date) async throws {
        let seconds = Int64(now.timeIntervalSince1970)
        try await sql.raw("DELETE FROM \(ident: noncesTable) WHERE expires_at < \(bind: seconds)").run()
    }

    private static let nodeColumns = ["node", "public_key", "contact_route", "base_url", "endorsement"]

    static func node(_ node: String, in table: String, on sql: any SQLDatabase) async throws -> HubNode? {
        try await sql.select().columns(nodeColumns).from(table)
            .where("node", .equal, SQLBind(node))
            .first(decoding: NodeRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func nodes(in table: String, on sql: any SQLDatabase) async throws -> [HubNode] {
        try await sql.select().columns(nodeColumns).from(table)
            .orderBy("node").all(decoding: NodeRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    /// Replaces a node's key and routes, or adds it. An update in place: the hub's encodings refer to the row.
    static func put(_ node: HubNode, key: NodePublicKey, in table: String, at now: Date, on sql: any SQLDatabase)
        async throws
    {
        if try await Self.node(node.node, in: table, on: sql) != nil {
            try await sql.update(table)
                .set("public_key", to: SQLBind(key.encoded)).set("contact_route", to: SQLBind(node.contactRoute))
                .set("base_url", to: SQLBind(node.baseURL)).set("endorsement", to: SQLBind(node.endorsement))
                .set("added_at", to: SQLBind(Int64(now.timeIntervalSince1970)))
                .where("node", .equal, SQLBind(node.node)).run()
            return
        }
        try await sql.insert(into: table)
            .columns("node", "public_key", "contact_route", "base_url", "endorsement", "added_at")
            .values(
                SQLBind(node.node), SQLBind(key.encoded), SQLBind(node.contactRoute), SQLBind(node.baseURL),
                SQLBind(node.endorsement), SQLBind(Int64(now.timeIntervalSince1970))
            )
            .run()
    }
}
