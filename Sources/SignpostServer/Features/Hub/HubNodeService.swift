import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The nodes enrolled with the hub, each with the public key its requests are signed with, and the checking
/// of every signed request. An operator adds a node with `signpost-hub nodes add`; a request that fails its
/// signature check is refused with 401 and audited in the hub's log.
struct HubNodeService {
    let context: ServiceContext

    static func nodes(on sql: any SQLDatabase) async throws -> [HubNode] {
        try await SignedNodeRequests.nodes(in: HubTables.nodes, on: sql)
    }

    /// Every enrolled node with its contact route and address: what a node needs to ask another directly.
    func directory() async throws -> [HubNode] {
        try await Self.nodes(on: try ModelRows.sql(context.db))
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
        // The entry as stored, with the key in its one canonical form: what the endorsement must cover.
        var entry = node
        entry.publicKey = key.encoded
        entry.endorsement = node.endorsement?.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try Self.checkEndorsement(
                of: entry, pinned: context.environment.settings.directoryCustodian, today: CalendarDate(context.now).iso
            )
        } catch let error as ServiceError {
            // The refusal is audited as the operator's act, like the enrolment it refuses.
            _ = try await context.auditedTransaction { context, tx -> Bool in
                var draft = AuditDraft(
                    action: "hub.node-added", actor: nil, subjectType: "hub-node", subjectID: node.node,
                    outcome: .refused, details: ["why": "endorsement"])
                draft.actorRole = "operator"
                try await AuditLog.append(draft, context: context, on: tx)
                throw Refusal(error: error)
            }
        }
        let stored = entry
        try await context.auditedTransaction { context, tx in
            let sql = try ModelRows.sql(tx)
            try await SignedNodeRequests.put(stored, key: key, in: HubTables.nodes, at: context.now, on: sql)
            var draft = AuditDraft(
                action: "hub.node-added", actor: nil, subjectType: "hub-node", subjectID: stored.node,
                details: ["endorsed": stored.endorsement == nil ? "no" : "yes"])
            draft.actorRole = "operator"
            try await AuditLog.append(draft, context: context, on: tx)
        }
    }

    /// A hub that pins the custodian's key enrols only an entry the custodian endorsed as it stands, so an
    /// operator's mistake (a stale key, a mistyped route) is caught here rather than refused by every node.
    private static func checkEndorsement(of node: HubNode, pinned: CustodianPublicKey?, today: String) throws {
        if let endorsement = node.endorsement, !DirectoryEndorsement.isWellFormed(endorsement) {
            throw ServiceError.badRequest(
                "The endorsement must be the line signpost federation endorse prints (v2, issue time, last day, signature)."
            )
        }
        guard let pinned, !pinned.endorses(node, on: today) else { return }
        throw ServiceError.badRequest(
            node.endorsement == nil
                ? "This hub pins the key custodian's key: give the custodian's endorsement of node \(node.node)."
                : "The endorsement does not verify for node \(node.node) with this key, contact route and address "
                    + "under the pinned custodian key, or is past its last day: ask the custodian to endorse the entry "
                    + "as it stands.")
    }

    /// Forgets, in this process's memory, the entries of nodes no longer enrolled: those another process
    /// (the operator's `signpost-hub nodes remove`) took off the database. Returns how many. The nodes in
    /// memory are noted before the database is read, so a node enrolled in between is never forgotten.
    @discardableResult
    func forgetRemovedNodes(in directory: HubDirectory) async throws -> Int {
        let inMemory = directory.nodes
        guard !inMemory.isEmpty else { return 0 }
        return directory.removeNodes(inMemory.subtracting(try await self.directory().map(\.node)))
    }

    /// Removes a node and every encoding it enrolled.
    func remove(_ node: String, directory: HubDirectory) async throws {
        let handles: [String] = try await context.auditedTransaction { context, tx in
            let sql = try ModelRows.sql(tx)
            guard try await SignedNodeRequests.node(node, in: HubTables.nodes, on: sql) != nil else {
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
        let sql = try ModelRows.sql(context.db)
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
