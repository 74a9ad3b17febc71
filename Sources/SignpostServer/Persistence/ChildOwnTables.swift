import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Several of a child's own tables (keyed by `child_id`) read in one statement: a `UNION ALL` with one
/// branch a table, each table's columns under its own prefix and NULL in the other branches. Each
/// statement on SQLite is a trip to the database thread pool and back, and on the audited child read those
/// trips, not the queries, were most of the time. Rows come back in no particular order; callers sort.
struct ChildOwnTables: Sendable {
    /// One table, and the fixed SQL condition its rows must meet (never input).
    struct Table: Sendable {
        let model: any ListedDatabaseFields.Type
        let condition: String?

        init(_ model: any ListedDatabaseFields.Type, where condition: String? = nil) {
            self.model = model
            self.condition = condition
        }
    }

    let tables: [Table]
    /// The select list of each branch, built once.
    private let selects: [String]
    /// A first branch that returns no rows and gives every column its table's type. PostgreSQL types a
    /// UNION's columns pair by pair from the left, so a column NULL in the first two branches would be
    /// typed text and then clash with its uuid or timestamp in a later branch. This form reads the tables (a
    /// cross join of them, `WHERE 1 = 0`); on PostgreSQL it is replaced by `castNullBranch`.
    private let typedEmptyBranch: String
    /// PostgreSQL's first branch: each column a NULL cast to its type from the catalog (the tables the search
    /// path finds), read once a process. A migration that changed one of these columns' types under a running
    /// server would need the server restarted; migrations run before serving.
    /// Planning the cross join was three quarters of planning the whole statement (0.75 of 1.0 ms), on every
    /// audited read, since each statement is planned afresh.
    private let castNulls = NIOLockedValueBox<String?>(nil)

    init(_ tables: [Table]) {
        self.tables = tables
        let columns = tables.enumerated().map { index, table in
            (index, table.model.keys.map(\.description))
        }
        selects = tables.indices.map { branch in
            (["\(branch) AS own_table"]
                + columns.flatMap { index, keys in
                    keys.map { index == branch ? "x.\($0) AS t\(index)_\($0)" : "NULL AS t\(index)_\($0)" }
                }).joined(separator: ", ")
        }
        let typed = columns.flatMap { index, keys in keys.map { "x\(index).\($0) AS t\(index)_\($0)" } }
        let from = tables.enumerated().map { "\($1.model.schema) x\($0)" }.joined(separator: ", ")
        typedEmptyBranch = "SELECT -1 AS own_table, \(typed.joined(separator: ", ")) FROM \(from) WHERE 1 = 0"
    }

    /// The rows of every table for these children, decoded; `rows[i]` holds table i's models.
    func load(_ childIDs: [UUID], on sql: any SQLDatabase) async throws -> [[any Model]] {
        var query = SQLQueryString(
            sql.dialect.name == "postgresql" ? try await castNullBranch(on: sql) : typedEmptyBranch)
        for (index, table) in tables.enumerated() {
            query.appendLiteral(" UNION ALL ")
            let condition = table.condition.map { " AND x.\($0)" } ?? ""
            query.appendInterpolation(
                unsafeRaw: "SELECT \(selects[index]) FROM \(table.model.schema) x WHERE x.child_id IN (")
            query.appendInterpolation(binds: childIDs)
            query.appendInterpolation(unsafeRaw: ")\(condition)")
        }
        var rows: [[any Model]] = tables.map { _ in [] }
        for row in try await sql.raw(query).all() {
            let index = try row.decode(column: "own_table", as: Int.self)
            guard tables.indices.contains(index) else { continue }
            rows[index].append(try ModelRows.decode(tables[index].model, from: row, prefix: "t\(index)_"))
        }
        return rows
    }

    private func castNullBranch(on sql: any SQLDatabase) async throws -> String {
        if let known = castNulls.withLockedValue({ $0 }) { return known }
        let rows = try await sql.raw(
            """
            SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid) AND c.relname IN (\(binds: tables.map { $0.model.schema }))
                AND a.attnum > 0 AND NOT a.attisdropped
            """
        ).all()
        var types: [String: String] = [:]
        for row in rows {
            let table = try row.decode(column: "table_name", as: String.self)
            let column = try row.decode(column: "column_name", as: String.self)
            types["\(table).\(column)"] = try row.decode(column: "type", as: String.self)
        }
        var columns = ["-1 AS own_table"]
        for (index, table) in tables.enumerated() {
            for key in table.model.keys.map(\.description) {
                // A column the catalog does not have (a schema not yet migrated): the form that reads the tables.
                guard let type = types["\(table.model.schema).\(key)"] else { return typedEmptyBranch }
                columns.append("CAST(NULL AS \(type)) AS t\(index)_\(key)")
            }
        }
        let branch = "SELECT \(columns.joined(separator: ", ")) WHERE 1 = 0"
        castNulls.withLockedValue { $0 = branch }
        return branch
    }
}
