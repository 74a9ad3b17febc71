import Fluent
import Foundation
import SQLKit

/// The key epochs a node has listed its children under, each with when it last did. A child's handle differs
/// by epoch (`HubHandles`), so a child who leaves the hub (consent withdrawn) must be retired under every epoch
/// whose entries may still be there: those listed in the last `FederationService.listingLifetimeDays`.
///
/// A node that took part before handles were keyed enrolled each child under its record id. The migration
/// records that as the pseudo-epoch `FederationEpochs.recordID`, so for one lifetime its syncs also retire
/// the old entries, and the hub keeps no handle that joins epochs.
struct CreateFederationEpochs: AsyncMigration {
    var name: String { "018-CreateFederationEpochs" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE \(ident: FederationEpochs.table) (
                epoch TEXT PRIMARY KEY, last_listed_at BIGINT NOT NULL)
            """
        ).run()
        struct Count: Decodable { var count: Int }
        let peers =
            try await sql.raw("SELECT COUNT(*) AS count FROM \(ident: SignedNodeRequests.peersTable)")
            .first(decoding: Count.self)?.count ?? 0
        guard peers > 0 else { return }
        try await FederationEpochs.record(FederationEpochs.recordID, at: Date(), on: sql)
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(table: FederationEpochs.table).run()
    }
}

enum FederationEpochs {
    static let table = "federation_epochs"
    /// The pseudo-epoch of the handles before they were keyed: each child's record id. Not a valid epoch name
    /// (an underscore), so no linkage secret can be issued under it.
    static let recordID = "record_id"

    static func record(_ epoch: String, at now: Date, on sql: any SQLDatabase) async throws {
        let seconds = Int64(now.timeIntervalSince1970)
        try await sql.raw(
            """
            INSERT INTO \(ident: table) (epoch, last_listed_at) VALUES (\(bind: epoch), \(bind: seconds)) \
            ON CONFLICT (epoch) DO UPDATE SET last_listed_at = \(bind: seconds)
            """
        ).run()
    }

    /// The epochs other than `current` listed since `since`.
    static func listed(since: Date, excluding current: String, on sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { var epoch: String }
        return try await sql.select().column("epoch").from(table)
            .where("last_listed_at", .greaterThanOrEqual, SQLBind(Int64(since.timeIntervalSince1970)))
            .where("epoch", .notEqual, SQLBind(current)).orderBy("epoch")
            .all(decoding: Row.self).map(\.epoch)
    }
}
