import Fluent
import FluentSQLiteDriver
import Foundation

/// Many rows read fast on SQLite. SQLiteNIO's database-level `query` hands each row to the event loop
/// as its own task, which cost some 4 µs a row (45 ms for the 10,000 summaries of a word cloud); the
/// connection's own async `query` steps through the rows in one go. Inside a transaction `db` already
/// is that connection, so the read stays in the caller's transaction.
enum SQLiteRows {
    /// The rows of `sql` with `?` binds, or nil when `db` is not SQLite (the caller reads through SQLKit).
    static func all(_ sql: String, _ binds: [SQLiteData], on db: any Database) async throws -> [SQLiteRow]? {
        guard let sqlite = db as? any SQLiteDatabase else { return nil }
        return try await sqlite.withConnection { connection in
            nonisolated(unsafe) var rows: [SQLiteRow] = []
            try await connection.query(sql, binds) { rows.append($0) }
            return rows
        }
    }

    /// Gives this SQLite connection a 64 MiB page cache (2 MiB by default) for a bulk write, and keeps its
    /// statement journals in memory; nothing on another engine. An import updates the candidate-key index
    /// at random places, and with the default cache most of each batch's time went to re-reading index
    /// pages from the operating system. A multi-row `INSERT` inside a transaction keeps a statement journal
    /// (to undo itself alone if it fails part-way); on disk each statement opened, wrote and deleted a
    /// temporary file, about 9 % of an import. The journal is only ever a statement's undo record: the
    /// transaction's durability is the WAL's, as before.
    static func prepareForBulkWrites(on db: any Database) async throws {
        guard let sqlite = db as? any SQLiteDatabase else { return }
        try await sqlite.withConnection { connection in
            try await connection.query("PRAGMA cache_size = -65536", []) { _ in }
            try await connection.query("PRAGMA temp_store = MEMORY", []) { _ in }
        }
    }

    /// `?, ?, ?` for `count` binds.
    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// Row values as SQLite stores Signpost's columns; a value of another type is a server fault.
    static func text(_ row: SQLiteRow, _ column: String) throws -> String {
        guard case .text(let value) = row.column(column) else { throw corrupt(column) }
        return value
    }

    static func bool(_ row: SQLiteRow, _ column: String) throws -> Bool {
        guard case .integer(let value) = row.column(column) else { throw corrupt(column) }
        return value != 0
    }

    static func optionalInt(_ row: SQLiteRow, _ column: String) throws -> Int? {
        switch row.column(column) {
        case .integer(let value): return Int(value)
        case .null, nil: return nil
        default: throw corrupt(column)
        }
    }

    static func uuid(_ row: SQLiteRow, _ column: String) throws -> UUID {
        guard let value = UUID(uuidString: try text(row, column)) else { throw corrupt(column) }
        return value
    }

    /// Names the column, never its value.
    private static func corrupt(_ column: String) -> any Error {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unexpected value in column \(column)"))
    }
}
