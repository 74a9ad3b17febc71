import Fluent
import SQLKit

/// 016: every table that refers to a child is indexed on `child_id`. The child's record read its addresses and
/// carers (`ChildFactsQueries.recordTables`) with a scan of the whole table, on both engines: 1.3 ms for
/// 19,735 addresses on PostgreSQL, and so about 70 ms a read at a million children. The other tables are read,
/// moved by a merge or deleted with the record by child too. `SchemaIndexTests` keeps the rule for new tables.
struct IndexEveryChildIDColumn: AsyncMigration {
    var name: String { "016-IndexEveryChildIDColumn" }

    /// Each table that had no index beginning with `child_id`, and the name of the one added.
    static let tables = [
        ChildAddressModel.schema, CarerModel.schema, ContactFrequencyModel.schema, ForumThreadModel.schema,
        AttentionAcknowledgementModel.schema, SearchGrantModel.schema, BreakGlassModel.schema,
        NotificationModel.schema, AlertModel.schema, BrokeredContactModel.schema,
    ]

    static func indexName(_ table: String) -> String { "\(table)_child_id_idx" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // IF NOT EXISTS: a run cut short (Fluent runs a migration outside a transaction) leaves some of the
        // indexes built, and an operator may have added one by hand; the next run finishes the rest.
        for table in Self.tables {
            try await sql.raw(
                "CREATE INDEX IF NOT EXISTS \(ident: Self.indexName(table)) ON \(ident: table) (child_id)"
            )
            .run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in Self.tables { try await sql.drop(index: Self.indexName(table)).ifExists().run() }
    }
}
