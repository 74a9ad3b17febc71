import Fluent
import Foundation
import SQLKit

/// Fluent models read with hand-written SQL. A Fluent query builds and serialises its SQL, and reflects
/// over the model, for every query; on the audited child read that was most of the CPU. Here one
/// statement can join several tables (a joined table's columns carry a prefix) and the row is decoded
/// into the model exactly as Fluent decodes it (`Model.output(from:)`), so the model is as if found by
/// Fluent: it exists, and saving it writes only what changed.
enum ModelRows {
    /// The database as SQL, or a 503: every engine Signpost runs on is SQL.
    static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else {
            throw ServiceError(kind: .unavailable, title: "Database unavailable", detail: "Signpost needs SQL.")
        }
        return sql
    }

    /// `t.col AS prefix_col, ...` for every column of the model, for a select list. Column names come from
    /// the model's own keys, never from input.
    static func columns<M: Model>(_ model: M.Type, table: String, prefix: String) -> String {
        M.keys.map { "\(table).\($0.description) AS \(prefix)\($0.description)" }.joined(separator: ", ")
    }

    /// The model in `row`, whose columns are named `prefix` + the model's keys.
    static func decode<M: Model>(_ model: M.Type, from row: any SQLRow, prefix: String = "") throws -> M {
        let decoded = M()
        let output = PrefixedRow(row: row, prefix: prefix)
        if let listed = decoded as? any ListedDatabaseFields {
            for property in listed.listedDatabaseProperties { try property.output(from: output) }
        } else {
            try decoded.output(from: output)
        }
        return decoded
    }

    static func decodeAll<M: Model>(_ model: M.Type, from rows: [any SQLRow]) throws -> [M] {
        try rows.map { try decode(M.self, from: $0) }
    }

    /// A row as Fluent's decoder sees it. Its description names no values: rows hold personal data.
    private struct PrefixedRow: DatabaseOutput {
        let row: any SQLRow
        let prefix: String

        var description: String { "row (\(prefix.isEmpty ? "no prefix" : prefix))" }
        func schema(_ schema: String) -> any DatabaseOutput { self }
        func contains(_ key: FieldKey) -> Bool { row.contains(column: prefix + key.description) }
        func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: prefix + key.description) }
        func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
            try row.decode(column: prefix + key.description, as: T.self)
        }
    }
}
