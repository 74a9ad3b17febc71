import Fluent
import SQLKit
import SignpostCore

/// 011: the audit log's Merkle tree kept as nodes, and the queue of events waiting for their place in it.
/// The existing log is migrated into the tree: every event's leaf and every complete subtree are stored.
struct CreateAuditTree: AsyncMigration {
    var name: String { "011-CreateAuditTree" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditSequencer.pendingTable)
            .field("id", .int64, .identifier(auto: true))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_role", .string)
            .field("actor_organisation", .string)
            .field("action", .string, .required)
            .field("subject_type", .string)
            .field("subject_id", .string)
            .field("reason", .string)
            .field("outcome", .string, .required)
            .field("client_ip", .string)
            .field("user_agent", .string)
            .field("details", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE \(ident: AuditSequencer.nodesTable) (
                level INTEGER NOT NULL, node_index BIGINT NOT NULL, hash TEXT NOT NULL,
                PRIMARY KEY (level, node_index))
            """
        ).run()
        try await AppendOnly.refuseUpdates(of: AuditSequencer.nodesTable, on: sql)
        try await backfill(on: sql, database: database)
    }

    /// Grows the tree over the events already in the log, in sequence order.
    private func backfill(on sql: any SQLDatabase, database: any Database) async throws {
        var frontier = MerkleTree.Frontier(size: 0, rightEdgeHashes: [])!
        var nodes: [(node: MerkleTree.NodeID, hash: MerkleTree.Hash)] = []
        for leaf in try await AuditTree.leaves(on: database) {
            nodes += frontier.append(leaf)
            if nodes.count >= 5000 {
                try await AuditSequencer.insert(nodes, on: sql)
                nodes.removeAll(keepingCapacity: true)
            }
        }
        try await AuditSequencer.insert(nodes, on: sql)
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(table: AuditSequencer.nodesTable).run()
        }
        try await database.schema(AuditSequencer.pendingTable).delete()
    }
}
