import Fluent
import Foundation
import SQLKit
import SignpostCore

/// Gives committed pending audit events their sequence numbers, chain hashes and Merkle leaves, in the
/// order it finds them committed. It runs in its own short transaction that locks the chain head, so two
/// servers on one PostgreSQL database take turns and make one log. A pending row that commits after a
/// later one (PostgreSQL hands out ids before commit) is simply sequenced in a later batch: the log never
/// has a gap waiting for it and never puts it before an event already sequenced. Each pending row is
/// moved exactly once: its delete commits with its sequenced copy.
enum AuditSequencer {
    static let pendingTable = "audit_pending"
    static let nodesTable = "audit_tree_nodes"
    /// The columns an event is recorded with; the sequencer adds sequence and hashes.
    static let eventColumns = [
        "occurred_at_ms", "actor_id", "actor_role", "actor_organisation", "action", "subject_type", "subject_id",
        "reason", "outcome", "client_ip", "user_agent", "details",
    ]
    /// Rows a batch moves: 500 events of 15 columns stay well under SQLite's 32,766 bound parameters.
    static let batchSize = 500

    struct PendingRow: Decodable {
        var id: Int64
        var occurredAtMs: Int64
        var actorId: String?
        var actorRole: String?
        var actorOrganisation: String?
        var action: String
        var subjectType: String?
        var subjectId: String?
        var reason: String?
        var outcome: String
        var clientIp: String?
        var userAgent: String?
        var details: String

        func entry(sequence: Int64) -> AuditEntry {
            AuditEntry(
                sequence: sequence, occurredAtMillis: occurredAtMs, actorID: actorId, actorRole: actorRole,
                actorOrganisation: actorOrganisation, action: action, subjectType: subjectType,
                subjectID: subjectId, reason: reason, outcome: outcome, clientIP: clientIp, userAgent: userAgent,
                details: details)
        }
    }

    struct Head: Decodable {
        var lastSequence: Int64
        var lastHash: String
    }

    /// Sequences everything committed and pending; returns how many events it placed.
    @discardableResult
    static func sequencePending(on db: any Database) async throws -> Int {
        var placed = 0
        while true {
            let moved =
                db.inTransaction
                ? try await sequenceBatch(on: db)
                : try await db.transaction { try await sequenceBatch(on: $0) }
            placed += moved
            guard moved == batchSize else { return placed }
        }
    }

    /// Every committed event: those placed in the chain and those waiting for a place. One statement, so one
    /// snapshot on either engine: an event being placed is counted once, either as pending or as placed.
    static func committedCount(on sql: any SQLDatabase) async throws -> Int64 {
        struct Count: Decodable { var events: Int64 }
        let row = try await sql.raw(
            """
            SELECT (SELECT last_sequence FROM \(unsafeRaw: AuditChainHeadModel.schema) WHERE id = 1)
                + (SELECT COUNT(*) FROM \(unsafeRaw: pendingTable)) AS events
            """
        ).first(decoding: Count.self)
        return row?.events ?? 0
    }

    /// The head row, locked until the caller's transaction ends (PostgreSQL; SQLite has one writer).
    static func lockedHead(on sql: any SQLDatabase) async throws -> Head {
        guard
            let head = try await sql.select().columns("last_sequence", "last_hash").from(AuditChainHeadModel.schema)
                .where("id", .equal, 1).for(.update).first(
                    decoding: Head.self, keyDecodingStrategy: .convertFromSnakeCase)
        else {
            throw ServiceError(
                kind: .unavailable, title: "Audit unavailable", detail: "The audit chain head is missing.")
        }
        return head
    }

    private static func sequenceBatch(on tx: any Database) async throws -> Int {
        guard let sql = tx as? any SQLDatabase else { return 0 }
        let head = try await lockedHead(on: sql)
        let pending = try await sql.select().columns(["id"] + eventColumns).from(pendingTable)
            .orderBy("id").limit(batchSize).all(decoding: PendingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard !pending.isEmpty else { return 0 }

        var frontier = try await frontier(size: Int(head.lastSequence), on: sql)
        var previousHash = head.lastHash
        var events: [AuditEventModel] = []
        var nodes: [(node: MerkleTree.NodeID, hash: MerkleTree.Hash)] = []
        for (offset, row) in pending.enumerated() {
            let entry = row.entry(sequence: head.lastSequence + Int64(offset) + 1)
            let hash = AuditChain.hash(previousHash: previousHash, entry: entry)
            events.append(AuditEventModel(entry: entry, previousHash: previousHash, hash: hash))
            nodes += frontier.append(MerkleTree.leafHash(entry.canonicalEncoding))
            previousHash = hash
        }
        try await events.create(on: tx)
        try await insert(nodes, on: sql)
        try await sql.delete(from: pendingTable).where("id", .in, pending.map(\.id)).run()
        try await sql.update(AuditChainHeadModel.schema)
            .set("last_sequence", to: head.lastSequence + Int64(pending.count))
            .set("last_hash", to: previousHash)
            .where("id", .equal, 1).where("last_sequence", .equal, head.lastSequence)
            .run()
        return pending.count
    }

    /// The tree of `size` leaves as stored, ready to grow.
    static func frontier(size: Int, on sql: any SQLDatabase) async throws -> MerkleTree.Frontier {
        let edge = MerkleTree.rightEdge(size: size)
        let stored = try await AuditTree.nodes(edge, on: sql)
        guard let frontier = MerkleTree.Frontier(size: size, rightEdgeHashes: edge.compactMap { stored[$0] }) else {
            throw ServiceError(
                kind: .unavailable, title: "Audit tree incomplete",
                detail: "The stored Merkle tree does not cover the \(size) sequenced events. "
                    + "Run signpost audit verify to find where the log was changed.")
        }
        return frontier
    }

    static func insert(_ nodes: [(node: MerkleTree.NodeID, hash: MerkleTree.Hash)], on sql: any SQLDatabase)
        async throws
    {
        // Three parameters a node: 1,000 rows a statement.
        for start in stride(from: 0, to: nodes.count, by: 1000) {
            var insert = sql.insert(into: nodesTable).columns("level", "node_index", "hash")
            for (node, hash) in nodes[start..<min(start + 1000, nodes.count)] {
                insert = insert.values(SQLBind(node.level), SQLBind(Int64(node.index)), SQLBind(Hex.encode(hash)))
            }
            try await insert.run()
        }
    }
}

extension AuditSequencer {
    /// How many events are sequenced. The head and the nodes under it commit together, and nodes are
    /// never changed, so the nodes for this size are all there however far another server has moved on.
    static func headSize(on sql: any SQLDatabase) async throws -> Int64 {
        guard
            let head = try await sql.select().columns("last_sequence", "last_hash").from(AuditChainHeadModel.schema)
                .where("id", .equal, 1).first(decoding: Head.self, keyDecodingStrategy: .convertFromSnakeCase)
        else {
            throw ServiceError(
                kind: .unavailable, title: "Audit unavailable", detail: "The audit chain head is missing.")
        }
        return head.lastSequence
    }
}
