import Fluent
import SQLKit

/// Each directory entry keeps the key custodian's endorsement (`DirectoryEndorsement`): on the hub, as the
/// operator enrolled it, to hand to the nodes; on a node, as it checked it, so an auditor can check it again.
/// Null where no endorsement was given (a node that pins no custodian key trusts the hub's word).
struct AddDirectoryEndorsements: AsyncMigration {
    let table: String
    let name: String

    /// A node's copy of the directory.
    static let peers = AddDirectoryEndorsements(
        table: SignedNodeRequests.peersTable, name: "017-AddDirectoryEndorsements")
    /// The hub's directory.
    static let hubNodes = AddDirectoryEndorsements(table: HubTables.nodes, name: "hub-002-AddDirectoryEndorsements")

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: table) ADD COLUMN endorsement TEXT").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: table) DROP COLUMN endorsement").run()
    }
}
