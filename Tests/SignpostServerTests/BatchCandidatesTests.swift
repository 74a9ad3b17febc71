import Fluent
import Foundation
import SignpostCore
import Testing

@testable import SignpostServer

/// An import batch searches its unidentified rows together (`SearchService.scoredCandidates(eachOf:)`): each row
/// must get exactly the candidates, bands and scores that searching it alone gives, however the rows are split
/// into statements.
@Suite("Import: a batch's rows searched together find what each finds alone")
struct BatchCandidatesTests {
    static let families = ["Smith", "Smyth", "Okafor", "Nowak", "Begum", "Evans"]
    static let givens = ["Amelia", "Emily", "Noah", "Mohammed", "Grace", "Jack", "Olivia", "Isla", "Leo", "Ava"]
    static let dates = ["2015-03-04", "2015-04-03", "2016-11-30", "2018-01-02"]
    static let postcodes = ["LS6 2AB", "LS6 2BA", "M14 4AB"]

    /// Children who share names, dates and postcodes in many combinations, so that the queries' candidate lists
    /// overlap and differ.
    static func rows(count: Int) -> [(line: Int, fields: [String: String])] {
        (0..<count).map { index in
            (
                index + 2,
                [
                    "source_id": "S\(index)", "given_name": givens[index % givens.count],
                    "family_name": families[(index / 3) % families.count], "date_of_birth": dates[(index / 7) % 4],
                    "postcode": postcodes[(index / 5) % 3], "address_line": "\(index % 9 + 1) Oak Close",
                ]
            )
        }
    }

    static func queries() -> [MatchRecord] {
        (0..<40).map { index in
            MatchRecord(
                id: "", givenName: index % 5 == 0 ? "" : givens[(index * 3) % givens.count],
                familyName: families[(index * 5) % families.count],
                dateOfBirth: index % 6 == 0 ? nil : CalendarDate(iso: dates[index % 4]),
                sex: .unknown, postcode: index % 4 == 0 ? "" : postcodes[index % 3], addressLine: "", nhsNumber: "")
        }
    }

    @Test(arguments: [1, 40, 15_000])
    func eachQueryFindsWhatItFindsAlone(keysPerStatement: Int) async throws {
        try await withSignpostApp { world in
            _ = try await world.account(organisation: "TST-SCH")
            let report = try await SignpostOperations(app: world.app).importChildren(
                rows: Self.rows(count: 150), organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false,
                acceptPossibleDuplicates: true
            ) { _, _ in }
            #expect(report.imported == 150)
            let db = world.app.db
            let queries = Self.queries()
            let keys = queries.map { ChildIndexing.queryKeys(for: $0, upn: nil) }
            let together = try await ChildIndexing.candidateIDs(
                eachOf: keys, on: db, keysPerStatement: keysPerStatement)
            var nonEmpty = 0
            for (query, found) in zip(queries, together) {
                let alone = try await ChildIndexing.candidateIDs(for: query, upn: nil, on: db)
                #expect(Set(found) == alone)
                #expect(found.count == Set(found).count, "no child twice")
                if !found.isEmpty { nonEmpty += 1 }
            }
            #expect(nonEmpty > 30, "the fixture gives most queries candidates")
            // At a small limit most queries have more candidates than it, with ties at the cut-off: the children
            // kept must be the same ones, the most keys shared first and ties by id.
            var cut = 0
            for limit in [3, 10] {
                let kept = try await ChildIndexing.candidateIDs(
                    eachOf: keys, on: db, limit: limit, keysPerStatement: keysPerStatement)
                for (index, query) in queries.enumerated() {
                    let alone = try await ChildIndexing.candidateIDs(for: query, upn: nil, on: db, limit: limit)
                    let all = try await ChildIndexing.candidateIDs(for: query, upn: nil, on: db, limit: 1_000)
                    #expect(Set(kept[index]) == alone)
                    #expect(kept[index].count == min(limit, all.count))
                    if all.count > limit { cut += 1 }
                }
            }
            #expect(cut > 40, "the limit is reached, so the ranking decides")

            let matcher = Matcher(model: world.app.serviceContext().environment.settings.matchModel)
            let scored = try await SearchService.scoredCandidates(
                eachOf: zip(queries, keys).map { .init(prepared: PreparedRecord($0), keys: $1, upn: nil) },
                matcher: matcher, on: db)
            var banded = 0
            for (query, batch) in zip(queries, scored) {
                let alone = try await SearchService.scoredCandidates(query, upn: nil, matcher: matcher, on: db)
                let key = { (found: [SearchService.ScoredCandidate]) in
                    Set(found.map { "\($0.child.id!) \($0.band) \($0.score) \($0.capped) \($0.viaOtherNamesOnly)" })
                }
                #expect(key(batch) == key(alone))
                banded += batch.isEmpty ? 0 : 1
            }
            #expect(banded > 10, "the fixture gives many queries a possible or better")
        }
    }

    /// A query with no keys, and no queries at all, find nothing and make no statement fail.
    @Test func emptyQueriesFindNothing() async throws {
        try await withSignpostApp { world in
            let none = try await ChildIndexing.candidateIDs(eachOf: [], on: world.app.db)
            #expect(none.isEmpty)
            let empty = try await ChildIndexing.candidateIDs(eachOf: [[], ["f:S530:2015"]], on: world.app.db)
            #expect(empty == [[], []])
        }
    }
}
