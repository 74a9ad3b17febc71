import Fluent
import Foundation
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
    /// typed text and then clash with its uuid or timestamp in a later branch.
    private let typedEmptyBranch: String

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
        var query = SQLQueryString(typedEmptyBranch)
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
}
