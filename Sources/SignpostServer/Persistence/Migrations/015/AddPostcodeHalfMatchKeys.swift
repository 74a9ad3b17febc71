import Fluent
import Foundation
import SQLKit

/// 015: the candidate keys gained a postcode half with the date of birth and with the house and street
/// (`CandidateKeys.indexKeys`), so that a slip in the postcode no longer hides a child whose names are missing
/// or mistyped too. Children already on the index are re-keyed here, a thousand to a transaction (one DELETE
/// and a few multi-row INSERTs each); a child added later gets the keys as it is written. Reverting leaves the
/// extra keys, which are harmless.
struct AddPostcodeHalfMatchKeys: AsyncMigration {
    var name: String { "015-AddPostcodeHalfMatchKeys" }
    var pageSize = 1_000

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var after: UUID?
        while true {
            var page = ChildModel.query(on: database).filter(\.$mergedIntoID == nil).sort(\.$id).limit(pageSize)
            if let after { page = page.filter(\.$id > after) }
            let ids = try await page.all(\.$id)
            guard let last = ids.last else { return }
            let children = try await ChildFactsQueries.candidates(ids, on: sql)
            try await database.transaction { tx in try await ChildIndexing.reindex(children, on: tx) }
            after = last
        }
    }

    func revert(on database: any Database) async throws {}
}
