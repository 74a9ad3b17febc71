import Fluent
import SQLKit

/// The national hub's own database: its audit log (the same signed Merkle-tree log as a node's), its rate
/// windows, the nodes enrolled with it and their children's encodings. Nothing else: no table here can hold
/// a name, a date of birth or an address.
enum HubMigrations {
    static let all: [any Migration] = [
        CreateAuditEvents(),
        CreateAuditTree(),
        CreateRateWindows(),
        CreateHubTables(),
        CreateSignedRequestNonces(),
        AddDirectoryEndorsements.hubNodes,
    ]
}

struct CreateHubTables: AsyncMigration {
    var name: String { "hub-001-CreateHubTables" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let bytes = sql.dialect.name == "sqlite" ? "BLOB" : "BYTEA"
        try await sql.raw(
            """
            CREATE TABLE \(ident: HubTables.nodes) (
                node TEXT PRIMARY KEY, public_key TEXT NOT NULL, contact_route TEXT NOT NULL,
                base_url TEXT NOT NULL, added_at BIGINT NOT NULL)
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE \(ident: HubTables.encodings) (
                node TEXT NOT NULL REFERENCES \(ident: HubTables.nodes) (node),
                handle TEXT NOT NULL, epoch TEXT NOT NULL, encoding \(unsafeRaw: bytes) NOT NULL,
                nhs_token TEXT, tier INTEGER NOT NULL, retire_by TEXT NOT NULL, enrolled_at BIGINT NOT NULL,
                PRIMARY KEY (node, handle))
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(table: HubTables.encodings).run()
        try await sql.drop(table: HubTables.nodes).run()
    }
}
