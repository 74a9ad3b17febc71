import Fluent
import SQLKit

/// 003: a covering index on (key, child_id), so candidate generation counts shared keys from the
/// index alone, without visiting table rows. Measured: p95 search latency at 1,000,000 children.
struct AddCoveringMatchKeyIndex: AsyncMigration {
    var name: String { "003-AddCoveringMatchKeyIndex" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "child_match_keys_key_child_idx").on(ChildMatchKeyModel.schema).column("key")
            .column("child_id").run()
        try await sql.drop(index: "child_match_keys_key_idx").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "child_match_keys_key_idx").on(ChildMatchKeyModel.schema).column("key").run()
        try await sql.drop(index: "child_match_keys_key_child_idx").run()
    }
}
