import Fluent
import SQLKit

/// 012: request counts per limit and per minute, kept in the database so that every server on it enforces
/// one search rate limit and one sign-in throttle per client address.
struct CreateRateWindows: AsyncMigration {
    var name: String { "012-CreateRateWindows" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE \(ident: RateWindows.table) (
                bucket TEXT NOT NULL, window_start BIGINT NOT NULL, hits INTEGER NOT NULL,
                PRIMARY KEY (bucket, window_start))
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(table: RateWindows.table).run()
    }
}
