import Foundation
import SQLKit
import SignpostCore

/// Limits that hold across every server on one database: a practitioner's searches, a client address's
/// failed sign-ins. Each bucket keeps a count for this minute and the last (`SlidingWindow`), and a claim
/// is one atomic conditional upsert, so parallel requests on any number of servers never pass the limit.
struct RateWindows {
    static let table = "rate_windows"
    let context: ServiceContext

    enum Claim: Equatable {
        /// Counted in the window that starts at `windowStart`.
        case accepted(windowStart: Int64)
        /// Not counted: the limit is reached. Try again after this many seconds.
        case refused(retryAfterSeconds: Int)
    }

    /// Counts one event in `bucket` when `limit` a minute allows it. A refused event is not counted.
    func claim(_ bucket: String, limit: Int) async throws -> Claim {
        let sql = try database()
        let now = context.now
        let start = SlidingWindow.windowStart(of: now)
        let elapsed = SlidingWindow.elapsedFraction(of: now)
        let previous = try await hits(bucket, windowStart: start - SlidingWindow.seconds, on: sql)
        let allowance = SlidingWindow.allowance(limit: limit, previousHits: previous, elapsed: elapsed)
        if allowance > 0 {
            // The row lock serialises parallel claims, and the WHERE refuses any beyond the allowance.
            let counted = try await sql.raw(
                """
                INSERT INTO \(ident: Self.table) (bucket, window_start, hits)
                VALUES (\(bind: bucket), \(bind: start), 1)
                ON CONFLICT (bucket, window_start) DO UPDATE SET hits = \(ident: Self.table).hits + 1
                WHERE \(ident: Self.table).hits < \(bind: allowance)
                RETURNING hits
                """
            ).first()
            if counted != nil { return .accepted(windowStart: start) }
        }
        let current = try await hits(bucket, windowStart: start, on: sql)
        return .refused(
            retryAfterSeconds: SlidingWindow.retryAfter(
                limit: limit, previousHits: previous, currentHits: current, elapsed: elapsed))
    }

    /// Takes back an accepted event that should not count after all (a sign-in that succeeded).
    func release(_ bucket: String, windowStart: Int64) async throws {
        try await database().raw(
            """
            UPDATE \(ident: Self.table) SET hits = hits - 1
            WHERE bucket = \(bind: bucket) AND window_start = \(bind: windowStart) AND hits > 0
            """
        ).run()
    }

    /// Forgets windows that no longer count towards any limit.
    func purge() async throws {
        let cutoff = SlidingWindow.windowStart(of: context.now) - 2 * SlidingWindow.seconds
        try await database().raw("DELETE FROM \(ident: Self.table) WHERE window_start < \(bind: cutoff)").run()
    }

    private func hits(_ bucket: String, windowStart: Int64, on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw(
            """
            SELECT hits FROM \(ident: Self.table)
            WHERE bucket = \(bind: bucket) AND window_start = \(bind: windowStart)
            """
        ).first()
        return try row?.decode(column: "hits", as: Int.self) ?? 0
    }

    private func database() throws -> any SQLDatabase {
        guard let sql = context.db as? any SQLDatabase else {
            throw ServiceError(kind: .unavailable, title: "Limits unavailable", detail: "The database is unavailable.")
        }
        return sql
    }
}
