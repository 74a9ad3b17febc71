import Fluent
import SQLKit

/// The other nodes of national signposting as the hub's directory lists them (refreshed by each
/// `signpost federation sync`): the public key each signs its requests with, its contact route and address.
struct CreateFederationPeers: AsyncMigration {
    var name: String { "013-CreateFederationPeers" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE \(ident: SignedNodeRequests.peersTable) (
                node TEXT PRIMARY KEY, public_key TEXT NOT NULL, contact_route TEXT NOT NULL,
                base_url TEXT NOT NULL, added_at BIGINT NOT NULL)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(table: SignedNodeRequests.peersTable).run()
    }
}
