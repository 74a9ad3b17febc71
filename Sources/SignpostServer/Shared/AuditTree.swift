import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The audit log as an RFC 9162 Merkle tree: each event's leaf is `SHA-256(0x00 ‖ canonical event)`,
/// in sequence order, so the existing canonical encoding and sequence numbers are the tree's. A signed
/// checkpoint of it, held by witnesses outside the database, is what an insider with SQL access cannot
/// rewrite: `verify(against:)` recomputes the tree and checks a consistency proof from that checkpoint
/// to today's log, so truncation, deletion, edits and reordering below it are caught even when every
/// later chain hash was recomputed.
enum AuditTree {
    /// The leaf hash of every stored event, in stored sequence order, read a page at a time.
    static func leaves(on db: any Database, pageSize: Int = 5000) async throws -> [MerkleTree.Hash] {
        var leaves: [MerkleTree.Hash] = []
        var after: Int64 = 0
        while true {
            let page = try await AuditEventModel.query(on: db).filter(\.$id > after).sort(\.$id, .ascending)
                .limit(pageSize).all()
            leaves += page.map { MerkleTree.leafHash($0.entry.canonicalEncoding) }
            guard let last = page.last?.id, page.count == pageSize else { break }
            after = last
        }
        return leaves
    }

    /// A signed checkpoint of the sequenced log as it stands (the C2SP note text) and its size. The root
    /// comes from the stored right edge of the tree, so signing does not reread the log.
    static func checkpoint(signer: SignedNote.Signer, now: Date, on db: any Database) async throws
        -> (note: String, size: Int, root: MerkleTree.Hash)
    {
        guard let sql = db as? any SQLDatabase else { throw ServiceError.notFound("No audit log.") }
        let size = Int(try await AuditSequencer.headSize(on: sql))
        let root = try await storedRoot(size: size, on: sql)
        let checkpoint = Checkpoint(
            origin: signer.name, size: size, root: root, time: ISO8601DateFormatter().string(from: now))
        return (try signer.sign(checkpoint.text), size, root)
    }

    static func storedRoot(size: Int, on sql: any SQLDatabase) async throws -> MerkleTree.Hash {
        let edge = MerkleTree.rightEdge(size: size)
        let stored = try await nodes(edge, on: sql)
        return try MerkleTree.root(size: size) { try found($0, in: stored) }
    }

    /// The inclusion proof of event `sequence` in the tree of `size` events, from stored nodes: one query.
    static func inclusionProof(sequence: Int64, size: Int, on sql: any SQLDatabase) async throws
        -> (leaf: MerkleTree.Hash, proof: [MerkleTree.Hash])
    {
        let index = Int(sequence - 1)
        var wanted = MerkleTree.inclusionProofNodes(index: index, size: size)
        wanted.insert(MerkleTree.NodeID(level: 0, index: index))
        let stored = try await nodes(wanted, on: sql)
        let leaf = try found(MerkleTree.NodeID(level: 0, index: index), in: stored)
        return (leaf, try MerkleTree.inclusionProof(index: index, size: size) { try found($0, in: stored) })
    }

    private static func found(_ node: MerkleTree.NodeID, in stored: [MerkleTree.NodeID: MerkleTree.Hash]) throws
        -> MerkleTree.Hash
    {
        guard let hash = stored[node] else {
            throw ServiceError(
                kind: .unavailable, title: "Audit tree incomplete",
                detail: "A node of the stored Merkle tree is missing. Run signpost audit verify.")
        }
        return hash
    }

    private struct StoredNode: Decodable {
        var level: Int
        var nodeIndex: Int64
        var hash: String
    }

    /// Stored nodes by id, in one query.
    static func nodes(_ ids: some Collection<MerkleTree.NodeID>, on sql: any SQLDatabase) async throws
        -> [MerkleTree.NodeID: MerkleTree.Hash]
    {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().columns("level", "node_index", "hash").from(AuditSequencer.nodesTable)
            .where { group in
                ids.reduce(group) { group, id in
                    group.orWhere {
                        $0.where("level", SQLBinaryOperator.equal, id.level)
                            .where("node_index", SQLBinaryOperator.equal, Int64(id.index))
                    }
                }
            }
            .all(decoding: StoredNode.self, keyDecodingStrategy: .convertFromSnakeCase)
        var found: [MerkleTree.NodeID: MerkleTree.Hash] = [:]
        for row in rows {
            if let hash = Hex.decode(row.hash) {
                found[MerkleTree.NodeID(level: row.level, index: Int(row.nodeIndex))] = hash
            }
        }
        return found
    }

    enum Verdict: Equatable, Sendable {
        /// Today's log extends the checkpoint: `events` stored, `covered` of them under the checkpoint.
        case extends(events: Int, covered: Int)
        case broken(problem: String)
    }

    /// Whether today's log extends the checkpoint `note`, signed by `verifier`'s key. The chain is checked
    /// too, so a gap or a link that does not match is named with its sequence number.
    static func verify(against note: String, verifier: SignedNote.Verifier, on db: any Database) async throws
        -> Verdict
    {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(text: try verifier.open(note))
        } catch {
            return .broken(problem: "the checkpoint is not signed by the audit key, or is not a checkpoint (\(error))")
        }
        guard checkpoint.origin == verifier.name else {
            return .broken(problem: "the checkpoint is for the log \(checkpoint.origin), not \(verifier.name)")
        }
        let leaves = try await leaves(on: db)
        let signed = checkpoint.time.map { " signed at \($0)" } ?? ""
        guard leaves.count >= checkpoint.size else {
            return .broken(
                problem: "the log holds \(leaves.count) events, but the checkpoint\(signed) covers \(checkpoint.size): "
                    + "events were removed from the log")
        }
        let proof = MerkleTree.consistencyProof(oldSize: checkpoint.size, leaves: leaves[...])
        let consistent = MerkleTree.verifyConsistency(
            oldSize: checkpoint.size, newSize: leaves.count, oldRoot: checkpoint.root,
            newRoot: MerkleTree.root(leaves), proof: proof)
        guard consistent else {
            return .broken(
                problem: "the first \(checkpoint.size) events no longer match the checkpoint\(signed): an event at or "
                    + "below sequence \(checkpoint.size) was edited, deleted or reordered")
        }
        if case .broken(let sequence, let problem) = try await AuditVerification.verify(on: db) {
            return .broken(problem: "the chain is broken at sequence \(sequence): \(problem)")
        }
        return .extends(events: leaves.count, covered: checkpoint.size)
    }
}
