import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The shared record is append-only in the database itself: every one of its tables refuses UPDATE and
/// DELETE while the child's record exists, so no code path (and no cascade from a forum thread) can
/// change or remove what the team recorded.
@Suite("Append-only shared record in the database")
struct AppendOnlyTests {
    @Test func everySharedRecordTableRefusesUpdateAndDelete() async throws {
        try await withSignpostApp { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            let writes: [(String, String)] = [
                (
                    "chronology",
                    #"{"occurredOn":"2026-11-10","category":"home-visit","significance":"routine","summary":"Seen at home."}"#
                ),
                (
                    "contacts",
                    #"{"occurredOn":"2026-11-10","kind":"home-visit","outcome":"seen","childSeen":true,"reference":"R1"}"#
                ),
                ("contact-frequency", #"{"everyDays":30}"#),
                (
                    "forum/threads",
                    #"{"title":"Lunch","kind":"concern","body":"No lunch again.","raiseAttention":true}"#
                ),
            ]
            for (path, body) in writes {
                let response = try await team.send(.POST, "/api/v1/children/\(id)/\(path)", json: body)
                try #require(response.status.code < 300, "\(path): \(response.body.string)")
            }
            let post = try #require(try await ForumPostModel.query(on: world.app.db).first())
            let acknowledge = "/api/v1/children/\(id)/forum/posts/\(post.id!)/acknowledge"
            try #require(try await team.send(.POST, acknowledge, json: #"{"note":"Seen."}"#).status == .noContent)

            let sql = try #require(world.app.db as? any SQLDatabase)
            for table in RefuseSharedRecordDeletes.tables {
                let before = try await rows(in: table, sql)
                #expect(before > 0, "\(table) has a row to try")
                await #expect(throws: (any Error).self, "\(table) refuses UPDATE") {
                    try await sql.raw("UPDATE \(ident: table) SET child_id = child_id").run()
                }
                await #expect(throws: (any Error).self, "\(table) refuses DELETE") {
                    try await sql.raw("DELETE FROM \(ident: table)").run()
                }
                #expect(try await rows(in: table, sql) == before, "\(table) kept every row")
            }
        }
    }
}

private func rows(in table: String, _ sql: any SQLDatabase) async throws -> Int {
    try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
}
