import Fluent
import SQLKit

/// 009: the shared record's tables refuse DELETE of a row while its child's record exists, in the
/// database, as they already refuse UPDATE. Without it, deleting a forum thread would cascade to every
/// post in it, and a chronology entry could be removed by any code path. Removing a whole child record
/// (the retention purge, decommissioning) still cascades, because by then the child row is gone.
/// Two indexes serve every chronology read: the records merged into a child (without it, each read
/// scans every child), and the distinct kinds of author, answered from the index alone.
struct RefuseSharedRecordDeletes: AsyncMigration {
    var name: String { "009-RefuseSharedRecordDeletes" }

    static let tables = [
        ChronologyEntryModel.schema, ChronologyTermModel.schema, AgencyContactModel.schema,
        ContactFrequencyModel.schema, ForumThreadModel.schema, ForumPostModel.schema,
        AttentionAcknowledgementModel.schema,
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name != "sqlite" {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION signpost_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM \(ident: ChildModel.schema) WHERE id = OLD.child_id) THEN
                    RAISE EXCEPTION 'append-only: % rows are never deleted', TG_TABLE_NAME;
                  END IF;
                  RETURN OLD;
                END $$
                """
            ).run()
        }
        for table in Self.tables {
            try await Self.refuseDeletes(of: table, on: sql)
        }
        try await sql.create(index: "children_merged_into_idx").on(ChildModel.schema).column("merged_into_id").run()
        try await sql.create(index: "chronology_entries_author_idx").on(ChronologyEntryModel.schema)
            .column("child_id").column("organisation_code").column("sensitive").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "chronology_entries_author_idx").run()
        try await sql.drop(index: "children_merged_into_idx").run()
        for table in Self.tables {
            let trigger = "\(table)_never_deleted"
            if sql.dialect.name == "sqlite" {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
            } else {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger) ON \(ident: table)").run()
            }
        }
    }

    static func refuseDeletes(of table: String, on sql: any SQLDatabase) async throws {
        let trigger = "\(table)_never_deleted"
        if sql.dialect.name == "sqlite" {
            try await sql.raw(
                """
                CREATE TRIGGER \(ident: trigger) BEFORE DELETE ON \(ident: table)
                WHEN EXISTS (SELECT 1 FROM \(ident: ChildModel.schema) WHERE id = OLD.child_id)
                BEGIN SELECT RAISE(ABORT, 'append-only: entries are never deleted'); END
                """
            ).run()
        } else {
            try await sql.raw(
                """
                CREATE TRIGGER \(ident: trigger) BEFORE DELETE ON \(ident: table)
                FOR EACH ROW EXECUTE FUNCTION signpost_refuse_delete()
                """
            ).run()
        }
    }
}
