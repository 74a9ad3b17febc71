import Fluent
import Foundation
import SQLKit
import Testing

@testable import SignpostServer

/// A child's rows are read, merged and deleted by `child_id`; a table without an index on it is scanned whole on
/// every read of every child's record (as the addresses and carers were before migration 016).
@Suite("Schema: every table that refers to a child is indexed on child_id")
struct SchemaIndexTests {
    @Test func everyChildIDColumnLeadsAnIndex() async throws {
        try await withSignpostApp { world in
            let sql = try #require(world.app.db as? any SQLDatabase)
            let tables = try await Self.tablesWithChildID(sql)
            #expect(tables.count >= 25, "the query finds the tables: \(tables)")
            var unindexed: [String] = []
            for table in tables where try await !Self.hasIndexLedByChildID(table, sql) { unindexed.append(table) }
            #expect(unindexed == [], "scanned whole to find a child's rows")
        }
    }

    static func tablesWithChildID(_ sql: any SQLDatabase) async throws -> [String] {
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw(
                """
                SELECT m.name AS table_name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND p.name = 'child_id' ORDER BY m.name
                """
            ).all()
        } else {
            rows = try await sql.raw(
                """
                SELECT table_name::text AS table_name FROM information_schema.columns
                WHERE column_name = 'child_id' AND table_schema = current_schema() ORDER BY table_name
                """
            ).all()
        }
        return try rows.map { try $0.decode(column: "table_name", as: String.self) }
    }

    static func hasIndexLedByChildID(_ table: String, _ sql: any SQLDatabase) async throws -> Bool {
        if sql.dialect.name == "sqlite" {
            return try await sql.raw(
                """
                SELECT 1 AS found FROM pragma_index_list(\(bind: table)) l JOIN pragma_index_info(l.name) i
                WHERE i.seqno = 0 AND i.name = 'child_id' AND l.partial = 0
                """
            ).first() != nil
        }
        return try await sql.raw(
            """
            SELECT 1 AS found FROM pg_index x
            JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
            WHERE t.relname = \(bind: table) AND n.nspname = current_schema() AND a.attname = 'child_id'
                AND x.indpred IS NULL AND x.indisvalid
            """
        ).first() != nil
    }
}
