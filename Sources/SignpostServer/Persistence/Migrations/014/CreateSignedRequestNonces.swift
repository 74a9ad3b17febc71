import Fluent
import SQLKit

/// The nonces of signed requests this party has accepted (`NodeRequestSignature`), each kept until its
/// request's timestamp is too old to be accepted anyway: a request is accepted once, on every server that
/// shares the database. The hub and the nodes both have it.
struct CreateSignedRequestNonces: AsyncMigration {
    var name: String { "014-CreateSignedRequestNonces" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE \(ident: SignedNodeRequests.noncesTable) (
                node TEXT NOT NULL, nonce TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (node, nonce))
            """
        ).run()
        try await sql.raw(
            """
            CREATE INDEX signed_request_nonces_expiry ON \(ident: SignedNodeRequests.noncesTable) (expires_at)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(table: SignedNodeRequests.noncesTable).run()
    }
}
