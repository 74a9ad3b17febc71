import Fluent
import SQLKit

/// 008: the chronology of a child's shared record, append-only in the database itself.
struct CreateChronology: AsyncMigration {
    var name: String { "008-CreateChronology" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ChronologyEntryModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("occurred_on", .string, .required)
            .field("occurred_time", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("author_id", .uuid, .required)
            .field("organisation_code", .string, .required)
            .field("sensitive", .bool, .required)
            .field("category", .string, .required)
            .field("significance", .string, .required)
            .field("summary_sealed", .string, .required)
            .field("key_authority", .string, .required)
            .field("source", .string, .required)
            .field("corrects_id", .uuid)
            .create()
        try await database.schema(ChronologyTermModel.schema)
            .id()
            .field("entry_id", .uuid, .required, .references(ChronologyEntryModel.schema, .id, onDelete: .cascade))
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("token", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "chronology_terms_token_idx").on(ChronologyTermModel.schema)
            .column("child_id").column("token").run()
        try await AppendOnly.refuseUpdates(of: ChronologyTermModel.schema, on: sql)
        try await sql.create(index: "chronology_entries_child_idx").on(ChronologyEntryModel.schema)
            .column("child_id").column("occurred_on").column("occurred_time").column("recorded_at").run()
        try await AppendOnly.refuseUpdates(of: ChronologyEntryModel.schema, on: sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChronologyTermModel.schema).delete()
        try await database.schema(ChronologyEntryModel.schema).delete()
    }
}

/// The shared record's tables refuse UPDATE in the database, so that no code path, present or future,
/// can quietly edit what the team recorded. DELETE is refused by 009 while the child's record exists;
/// only removing the whole child record (retention purge, decommissioning) cascades.
enum AppendOnly {
    static func refuseUpdates(of table: String, on sql: any SQLDatabase) async throws {
        let trigger = "\(table)_append_only"
        if sql.dialect.name == "sqlite" {
            try await sql.raw(
                """
                CREATE TRIGGER \(ident: trigger) BEFORE UPDATE ON \(ident: table)
                BEGIN SELECT RAISE(ABORT, 'append-only: entries are never changed'); END
                """
            ).run()
        } else {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION signpost_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'append-only: % rows are never changed', TG_TABLE_NAME; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER \(ident: trigger) BEFORE UPDATE ON \(ident: table)
                FOR EACH ROW EXECUTE FUNCTION signpost_refuse_update()
                """
            ).run()
        }
    }
}
