import Fluent
import Foundation
import SQLKit
import SignpostCore

extension SearchService {
    struct ScoredCandidate: Sendable {
        var child: ChildModel
        var band: MatchBand
        var score: Double
        /// The match reaches its band only through a former name or alias: for a shielded child those are hidden too.
        var viaOtherNamesOnly: Bool
        /// The household rules hold this child at `possible`: it is no rival to the others (`Matcher+Competition`).
        var capped = false
        /// The query's pupil number is this child's: identified whatever the rivals.
        var identifiedByUPN = false
    }

    /// Every child scoring `possible` or better, best first, before any access decision. Used by
    /// search (which then applies the policy) and by shield inheritance (which must see everything).
    static func scoredCandidates(
        _ query: MatchRecord, upn: String?, excluding: Set<UUID> = [], matcher: Matcher, on db: any Database
    ) async throws -> [ScoredCandidate] {
        let ids = try await ChildIndexing.candidateIDs(for: query, upn: upn, excluding: excluding, on: db)
        guard !ids.isEmpty else { return [] }
        let children = try await ChildFactsQueries.candidates(Array(ids), on: try ModelRows.sql(db))
        return scored(PreparedRecord(query), upn: upn, against: children.map(Self.prepared), matcher: matcher)
    }

    /// A query searched among many at once, as an import batch's rows with no NHS number or UPN are.
    struct BatchQuery: Sendable {
        var prepared: PreparedRecord
        /// `ChildIndexing.queryKeys` of the query.
        var keys: Set<String>
        var upn: String?
    }

    /// What `scoredCandidates` gives each query, in a few statements for the lot rather than three a query: the
    /// candidates of every query in one ranked statement, then every candidate child once.
    static func scoredCandidates(eachOf queries: [BatchQuery], matcher: Matcher, on db: any Database)
        async throws -> [[ScoredCandidate]]
    {
        let idsByQuery = try await ChildIndexing.candidateIDs(eachOf: queries.map(\.keys), on: db)
        let sql = try ModelRows.sql(db)
        let all = Array(Set(idsByQuery.joined()))
        // Each child is prepared for the matcher once, however many queries it is a candidate of.
        var children: [UUID: PreparedCandidate] = [:]
        var start = 0
        while start < all.count {
            let chunk = Array(all[start..<min(start + 5_000, all.count)])
            for child in try await ChildFactsQueries.candidates(chunk, on: sql) {
                children[child.id!] = prepared(child)
            }
            start += chunk.count
        }
        return zip(queries, idsByQuery).map { query, ids in
            scored(query.prepared, upn: query.upn, against: ids.compactMap { children[$0] }, matcher: matcher)
        }
    }

    /// A candidate child with each name it is known by prepared for the matcher, its own name first.
    private typealias PreparedCandidate = (child: ChildModel, records: [PreparedRecord])

    private static func prepared(_ child: ChildModel) -> PreparedCandidate {
        (child, ChildIndexing.matchRecords(child, otherNames: child.otherNames).map(PreparedRecord.init))
    }

    /// The candidates scoring `possible` or better, best first: each by its best-scoring name.
    private static func scored(
        _ prepared: PreparedRecord, upn: String?, against children: [PreparedCandidate], matcher: Matcher
    ) -> [ScoredCandidate] {
        var scored: [ScoredCandidate] = []
        for (child, records) in children {
            var best = -Double.infinity
            var capped = false
            var current = -Double.infinity
            for (index, record) in records.enumerated() {
                let explanation = matcher.compare(prepared, record)
                if explanation.score > best { (best, capped) = (explanation.score, explanation.ceiling != .match) }
                if index == 0 { current = explanation.score }
            }
            let identified = upn != nil && child.upn == upn
            if identified {
                best = max(best, matcher.thresholds.match + 4)
                capped = false
                current = best
            }
            let band = matcher.band(for: best)
            guard band != .nonMatch else { continue }
            // A former name or alias that lifts the band (non-match to possible, possible to match) is what
            // found the child: for a shielded child that is a hidden field.
            scored.append(
                ScoredCandidate(
                    child: child, band: band, score: best, viaOtherNamesOnly: matcher.band(for: current) != band,
                    capped: capped, identifiedByUPN: identified))
        }
        return scored.sorted { $0.score > $1.score }
    }
}
