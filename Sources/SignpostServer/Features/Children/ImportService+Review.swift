import Fluent
import Foundation
import SQLKit
import SignpostCore

/// Rows with neither an NHS number nor a UPN that may be a child already on the index, or another row of the
/// same file. They are not imported: a second record would split the child's signpost in two. They go to
/// the review file for the authority's data manager, and are imported only on a run that accepts them.
///
/// A row with an NHS number or UPN is identified by it: it links to the child holding it, or it is a new
/// child, and it is never held. (A child first recorded without either, and later imported with one, is left
/// to the data manager's duplicate review and merge; searching every identified row would cost an index
/// search a row.)
extension ImportService {
    /// Splits `fresh` into the rows to write and those held for review, reading in `context.db` (the batch's
    /// transaction, which records the search in its audit event). A dry run passes the rows it would have
    /// written in earlier batches, which a real run finds on the index.
    func holdPossibleDuplicates(
        _ fresh: [Candidate], earlier: EarlierRows = EarlierRows()
    ) async throws -> PossibleDuplicateReview {
        // Most extracts identify every row; preparing each row for the matcher would cost a tenth of the import.
        let unidentified = fresh.indices.filter { fresh[$0].identifiers.isEmpty }
        guard !unidentified.isEmpty else { return PossibleDuplicateReview(write: fresh) }
        let matcher = Matcher(model: context.environment.settings.matchModel)
        let probes = fresh.map { candidate in
            let probe = ChildIndexing.probe(candidate.input, id: "")
            return (probe, PreparedRecord(probe), ChildIndexing.queryKeys(for: probe, upn: candidate.input.upn))
        }
        let indexed = try await ChildIndexing.keysOnIndex(Set(unidentified.flatMap { probes[$0].2 }), on: context.db)
        // The rows that share a key with a child on the index are searched together, before any row is written.
        let searched = unidentified.filter { !probes[$0].2.isDisjoint(with: indexed) }
        let found = try await SearchService.scoredCandidates(
            eachOf: searched.map { .init(prepared: probes[$0].1, keys: probes[$0].2, upn: fresh[$0].input.upn) },
            matcher: matcher, on: context.db)
        let onIndex = Set(zip(searched, found).filter { !$0.1.isEmpty }.map(\.0))
        var review = PossibleDuplicateReview()
        // The rows of this batch kept so far, by candidate key, to compare later rows with.
        var keptByKey: [String: [Int]] = [:]
        for (index, candidate) in fresh.enumerated() {
            let (_, prepared, keys) = probes[index]
            if candidate.identifiers.isEmpty,
                let reason = possibleDuplicate(
                    prepared, keys: keys, onIndex: onIndex.contains(index), kept: keptByKey, probes: probes,
                    fresh: fresh, earlier: earlier, matcher: matcher)
            {
                review.held.append((candidate.line, reason))
                continue
            }
            for key in keys { keptByKey[key, default: []].append(index) }
            review.write.append(candidate)
        }
        review.searched = searched.count
        return review
    }

    /// Why this row may be a child already on the index (`onIndex`: a search found one scoring `possible` or
    /// better) or an earlier row of this batch, or nil.
    private func possibleDuplicate(
        _ prepared: PreparedRecord, keys: Set<String>, onIndex: Bool, kept: [String: [Int]],
        probes: [(MatchRecord, PreparedRecord, Set<String>)], fresh: [Candidate], earlier: EarlierRows,
        matcher: Matcher
    ) -> String? {
        // The record is not named: the policy may hide it (a shielded child, another authority's), and the data
        // manager can find it.
        if onIndex {
            return "a possible duplicate of a child already on the index, with no NHS number or UPN to confirm it. "
                + "Ask the authority's data manager to review it; import it with --accept-possible-duplicates if "
                + "it is another child."
        }
        let inBatch = Set(keys.flatMap { kept[$0] ?? [] }).sorted()
        for other in inBatch where matcher.band(for: matcher.compare(prepared, probes[other].1).score) != .nonMatch {
            return Self.duplicateOfLine(fresh[other].line)
        }
        for other in earlier.candidates(sharing: keys) {
            let row = earlier.rows[other]
            if matcher.band(for: matcher.compare(prepared, row.prepared).score) != .nonMatch {
                return Self.duplicateOfLine(row.line)
            }
        }
        return nil
    }

    private static func duplicateOfLine(_ line: Int) -> String {
        "a possible duplicate of line \(line) of this file, with no NHS number or UPN to confirm it. Review the "
            + "two rows; import it with --accept-possible-duplicates if it is another child."
    }
}

/// The rows a dry run would have written in earlier batches, by candidate key. A real run finds them on the
/// index; a dry run writes nothing, so it keeps them (under a kilobyte a row, only in a dry run) to hold the
/// same rows.
struct EarlierRows: Sendable {
    var rows: [(line: Int, prepared: PreparedRecord)] = []
    var byKey: [String: [Int]] = [:]

    mutating func append(_ candidate: ImportService.Candidate) {
        let record = ChildIndexing.probe(candidate.input, id: "")
        for key in ChildIndexing.queryKeys(for: record, upn: candidate.input.upn) {
            byKey[key, default: []].append(rows.count)
        }
        rows.append((candidate.line, PreparedRecord(record)))
    }

    /// The earlier rows a search of the index would score for these keys: those sharing the most keys, at
    /// most `limit`, as `ChildIndexing.candidateIDs` ranks the index's children.
    func candidates(sharing keys: Set<String>, limit: Int = 100) -> [Int] {
        var shared: [Int: Int] = [:]
        for key in keys { for row in byKey[key] ?? [] { shared[row, default: 0] += 1 } }
        return shared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map(\.key)
    }
}

/// What the possible-duplicate check decided for a batch.
struct PossibleDuplicateReview: Sendable {
    var write: [ImportService.Candidate] = []
    var held: [(line: Int, reason: String)] = []
    /// Rows searched against the index (each shares a candidate key with a child on it).
    var searched = 0
}
