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

    /// Writes new models in multi-row INSERTs, as `[Model].create(on:)` would but without reflecting over each
    /// model: an id is generated where none is set, and each value goes in as Fluent's converter sends it
    /// (a value, NULL, or the column's DEFAULT for a field never set). Timestamps are the caller's to set.
    /// Both engines bound the parameters of one statement (SQLite 32,766, PostgreSQL 65,535), so the rows
    /// go in chunks of at most 30,000 parameters.
    static func insert<M: ListedDatabaseFields>(_ models: [M], on db: any Database) async throws
    where M.IDValue == UUID {
        guard let first = models.first else { return }
        let sql = try sql(db)
        let keys = first.listedDatabaseProperties.flatMap(\.keys)
        // Each model's id property, found among its listed properties: Fluent's `_$idExists` finds it by
        // reflection (a `Mirror` a model, a tenth of an import's time).
        var ids: [IDProperty<M, UUID>] = []
        ids.reserveCapacity(models.count)
        let rows = try models.map { model in
            let properties = model.listedDatabaseProperties
            guard let id = properties.lazy.compactMap({ $0 as? IDProperty<M, UUID> }).first else {
                preconditionFailure("\(M.self) lists no id property")
            }
            precondition(!id.exists, "ModelRows.insert writes new models only")
            if id.value == nil { id.value = .random() }
            ids.append(id)
            let input = CollectedInput()
            for property in properties { property.input(to: input) }
            return try keys.map { try expression(input.values[$0] ?? .default) }
        }
        let perChunk = max(1, 30_000 / max(1, keys.count))
        var start = 0
        while start < rows.count {
            let end = min(start + perChunk, rows.count)
            var insert = sql.insert(into: M.schema).columns(keys.map(\.description))
            for row in rows[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
        for id in ids { id.exists = true }
    }

    /// A value as FluentSQL's query converter writes it, for the kinds a model's fields give; any other kind
    /// (an array, a dictionary, a custom expression) is refused rather than written wrongly.
    private static func expression(_ value: DatabaseQuery.Value) throws -> any SQLExpression {
        switch value {
        case .bind(let encodable): return SQLBind(encodable)
        case .null: return SQLLiteral.null
        case .default: return SQLLiteral.default
        case .enumCase(let name): return SQLLiteral.string(name)
        default:
            throw ServiceError(
                kind: .unavailable, title: "Write not supported", detail: "A field of this kind is not written here.")
        }
    }

    /// Every field's value, as a create collects it (`wantsUnmodifiedKeys`: unset fields too).
    private final class CollectedInput: DatabaseInput {
        var values: [FieldKey: DatabaseQuery.Value] = [:]
        var wantsUnmodifiedKeys: Bool { true }
        func set(_ value: DatabaseQuery.Value, at key: FieldKey) { values[key] = value }
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
