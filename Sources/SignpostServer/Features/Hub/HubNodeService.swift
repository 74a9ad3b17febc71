import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The nodes enrolled with the hub, each with the public key its requests are signed with, and the checking
/// of every signed request. An operator adds a node with `signpost-hub nodes add`; a request that fails its
/// signature check is refused with 401 and audited in the hub's log.
struct HubNodeService {
    let context: ServiceContext

    private struct NodeRow: Decodable {
        var node: String
        var publicKey: String
        var contactRoute: String
        var baseUrl: String

        var value: HubNode {
            HubNode(node: node, publicKey: publicKey, contactRoute: contactRoute, baseURL: baseUrl)
        }
    }

    /// The node that signed a request, or an audited refusal.
    func authenticate(method: String, path: String, body: Data, headers: [String: String]) async throws -> String {
        try await context.auditedTransaction { context, tx in
            let sql = try HubService.sql(tx)
            let node = headers[NodeRequestSignature.Header.node] ?? ""
            do {
                guard let timestampText = headers[NodeRequestSignature.Header.timestamp],
                    let timestamp = Int64(timestampText),
                    let signature = headers[NodeRequestSignature.Header.signature],
                    !node.isEmpty
                else { throw NodeRequestSignature.Problem.missing }
                guard NodePublicKey.isValidNode(node), let row = try await Self.node(node, on: sql),
                    let key = try? NodePublicKey(encoded: row.publicKey)
                else { throw NodeRequestSignature.Problem.unknownNode }
                try NodeRequestSignature.verify(
                    method: method, path: path, body: body, node: node, timestamp: timestamp, signature: signature,
                    key: key, now: context.now)
                return node
            } catch let problem as NodeRequestSignature.Problem {
                var draft = AuditDraft(
                    action: "hub.request-refused", actor: nil, subjectType: "hub-node",
                    subjectID: NodePublicKey.isValidNode(node) ? node : nil, outcome: .refused,
                    details: ["why": "\(problem)", "path": String(path.prefix(80))])
                draft.actorRole = "node"
                try await AuditLog.append(draft, context: context, on: tx)
                throw Refusal(error: .unauthorized("The request was refused: \(problem)."))
            }
        }
    }

    static func node(_ node: String, on sql: any SQLDatabase) async throws -> HubNode? {
        try await sql.select().columns("node", "public_key", "contact_route", "base_url").from(HubTables.nodes)
            .where("node", .equal, SQLBind(node)).first(
                decoding: NodeRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func nodes(on sql: any SQLDatabase) async throws -> [HubNode] {
        try await sql.select().columns("node", "public_key", "contact_route", "base_url").from(HubTables.nodes)
            .orderBy("node").all(decoding: NodeRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    /// Every enrolled node with its contact route and address: what a node needs to ask another directly.
    func directory() async throws -> [HubNode] {
        try await Self.nodes(on: try HubService.sql(context.db))
    }

    /// Enrols a node (or replaces its key and routes), audited as the operator's act.
    func add(_ node: HubNode) async throws {
        guard let key = try? NodePublicKey(encoded: node.publicKey), key.node == node.node else {
            throw ServiceError.badRequest(
                "The public key must be a signpost-node-public v1 line for node \(node.node) "
                    + "(from signpost federation keygen).")
        }
        guard (1...200).contains(node.contactRoute.count), let url = URL(string: node.baseURL),
            ["http", "https"].contains(url.scheme ?? ""), url.host != nil
        else {
            throw ServiceError.badRequest("Give a contact route (1 to 200 characters) and the node's http(s) address.")
        }
        try await context.auditedTransaction { context, tx in
            let sql = try HubService.sql(tx)
            try await sql.delete(from: HubTables.nodes).where("node", .equal, SQLBind(node.node)).run()
            try await sql.insert(into: HubTables.nodes)
                .columns("node", "public_key", "contact_route", "base_url", "added_at")
                .values(
                    SQLBind(node.node), SQLBind(key.encoded), SQLBind(node.contactRoute), SQLBind(node.baseURL),
                    SQLBind(Int64(context.now.timeIntervalSince1970))
                )
                .run()
            var draft = AuditDraft(action: "hub.node-added", actor: nil, subjectType: "hub-node", subjectID: node.node)
            draft.actorRole = "operator"
            try await AuditLog.append(draft, context: context, on: tx)
        }
    }

    /// Removes a node and every encoding it enrolled.
    func remove(_ node: String, directory: HubDirectory) async throws {
        let handles: [String] = try await context.auditedTransaction { context, tx in
            let sql = try HubService.sql(tx)
            guard try await Self.node(node, on: sql) != nil else {
                throw ServiceError.notFound("No node \(node) is enrolled with this hub.")
            }
            struct Handle: Decodable { var handle: String }
            let handles = try await sql.select().column("handle").from(HubTables.encodings)
                .where("node", .equal, SQLBind(node)).all(decoding: Handle.self).map(\.handle)
            try await sql.delete(from: HubTables.encodings).where("node", .equal, SQLBind(node)).run()
            try await sql.delete(from: HubTables.nodes).where("node", .equal, SQLBind(node)).run()
            var draft = AuditDraft(
                action: "hub.node-removed", actor: nil, subjectType: "hub-node", subjectID: node,
                details: ["encodings": String(handles.count)])
            draft.actorRole = "operator"
            try await AuditLog.append(draft, context: context, on: tx)
            return handles
        }
        directory.remove(handles.map { HubEntry.Key(node: node, handle: $0) })
    }
}

extension HubDirectory {
    private struct EncodingRow: Decodable {
        var node: String
        var handle: String
        var epoch: String
        var encoding: Data
        var nhsToken: String?
        var tier: Int
        var retireBy: String
    }

    /// Loads every encoding not past its retire-by day, first deleting those that are.
    func load(context: ServiceContext) async throws {
        let sql = try HubService.sql(context.db)
        try await sql.delete(from: HubTables.encodings)
            .where("retire_by", .lessThan, SQLBind(CalendarDate(context.now).iso)).run()
        let rows = try await sql.select()
            .columns("node", "handle", "epoch", "encoding", "nhs_token", "tier", "retire_by")
            .from(HubTables.encodings).all(decoding: EncodingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        upsert(
            rows.compactMap { row in
                LinkageEncoding(epoch: row.epoch, bytes: row.encoding, nhsToken: row.nhsToken).map {
                    HubEntry(node: row.node, handle: row.handle, encoding: $0, tier: row.tier, retireBy: row.retireBy)
                }
            })
    }
}
