import Fluent
import Foundation
import SignpostCore

/// The node's copy of the hub's directory: the other nodes whose signed involvement requests it accepts.
/// Replaced whole at each sync, so a node the hub removed is refused from then on. A node that pins the key
/// custodian's key keeps only the entries the custodian endorsed (`DirectoryEndorsement.trusted`); the others
/// are left out, named in the audit event, and refused like any node not enrolled.
struct FederationPeerService {
    let context: ServiceContext

    struct Refreshed: Sendable, Equatable {
        var peers: Int
        var unendorsed: Int
    }

    func replace(_ nodes: [HubNode]) async throws -> Refreshed {
        try await context.auditedTransaction { context, tx in
            let sql = try ModelRows.sql(tx)
            // Each trusted entry with the key it names; an entry whose key names another node is skipped. The
            // copy held now, read in the same transaction, is what a hub may not roll an endorsement back behind.
            let held = try await SignedNodeRequests.nodes(in: SignedNodeRequests.peersTable, on: sql)
            let (trusted, refused) = DirectoryEndorsement.trusted(
                nodes, pinned: context.environment.settings.directoryCustodian,
                today: CalendarDate(context.now).iso, held: held)
            let kept = trusted.compactMap { node in
                (try? NodePublicKey(encoded: node.publicKey)).flatMap { $0.node == node.node ? (node, $0) : nil }
            }
            try await sql.delete(from: SignedNodeRequests.peersTable).run()
            for (node, key) in kept {
                try await SignedNodeRequests.put(
                    node, key: key, in: SignedNodeRequests.peersTable, at: context.now, on: sql)
            }
            var details = [
                "peers": String(kept.count), "skipped": String(trusted.count - kept.count),
                "unendorsed": String(refused.count),
            ]
            if !refused.isEmpty { details["unendorsedNodes"] = refused.sorted().joined(separator: ",") }
            var draft = AuditDraft(
                action: "federation.peers-refreshed", actor: nil, subjectType: "national-index",
                outcome: refused.isEmpty ? .success : .refused, details: details)
            draft.actorRole = "operator"
            try await AuditLog.append(draft, context: context, on: tx)
            return Refreshed(peers: kept.count, unendorsed: refused.count)
        }
    }
}
