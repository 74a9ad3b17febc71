import Fluent
import Foundation
import SignpostCore

/// The node's copy of the hub's directory: the other nodes whose signed involvement requests it accepts.
/// Replaced whole at each sync, so a node the hub removed is refused from then on.
struct FederationPeerService {
    let context: ServiceContext

    func replace(_ nodes: [HubNode]) async throws -> Int {
        let keyed = nodes.compactMap { node in
            (try? NodePublicKey(encoded: node.publicKey)).flatMap { $0.node == node.node ? (node, $0) : nil }
        }
        return try await context.auditedTransaction { context, tx in
            let sql = try ModelRows.sql(tx)
            try await sql.delete(from: SignedNodeRequests.peersTable).run()
            for (node, key) in keyed {
                try await SignedNodeRequests.put(
                    node, key: key, in: SignedNodeRequests.peersTable, at: context.now, on: sql)
            }
            var draft = AuditDraft(
                action: "federation.peers-refreshed", actor: nil, subjectType: "national-index",
                details: ["peers": String(keyed.count), "skipped": String(nodes.count - keyed.count)])
            draft.actorRole = "operator"
            try await AuditLog.append(draft, context: context, on: tx)
            return keyed.count
        }
    }
}
