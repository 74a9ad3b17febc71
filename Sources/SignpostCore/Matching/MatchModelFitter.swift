import Foundation

/// Estimates a `MatchModel` from the two extracts being linked, as Splink does: u from random pairs (two
/// random records are almost never one child), then m by expectation-maximisation in training sessions.
///
/// Each session takes the candidate pairs that agree exactly on some fields (the session's block) and
/// estimates m only for the other fields, with u fixed. That keeps a household from being learned as a
/// match: among pairs with the same date of birth, siblings drop out; among pairs with the same given and
/// family name, twins do. Within a session an incoming record's candidates share at most one match.
public struct MatchModelFitter: Sendable {
    public struct Report: Sendable {
        public var model: MatchModel
        public var candidatePairs: Int
        public var randomPairs: Int
        public var iterations: Int
        /// The expected number of incoming records that are indexed children.
        public var expectedMatches: Double
    }

    /// Comparison positions in `MatchModel.comparisonNames` order.
    enum Field {
        static let given = 0, family = 1, dateOfBirth = 2, place = 3, nhs = 4, sex = 5
    }

    public var randomPairs = 60_000
    public var maximumIterations = 40
    public var seed: UInt64 = 20_260_415

    public init() {}

    /// The comparison vectors of every candidate pair, grouped by incoming record.
    struct Pairs {
        var vectors: [UInt8] = []
        var groupStarts: [Int] = [0]
        var count: Int { groupStarts.last! }
        func level(_ pair: Int, _ comparison: Int) -> Int {
            Int(vectors[pair * MatchModel.comparisonNames.count + comparison])
        }
    }

    public func fit(_ linker: BatchLinker, incoming: [PreparedRecord], source: String) -> Report {
        let start = linker.matcher
        var pairs = Pairs()
        for query in incoming {
            for position in linker.candidatePositions(for: query) {
                pairs.vectors.append(
                    contentsOf: start.compare(query, linker.index[Int(position)]).levelIndices.map(UInt8.init))
            }
            pairs.groupStarts.append(pairs.vectors.count / MatchModel.comparisonNames.count)
        }
        let u = randomPairLevels(linker, incoming)
        var m = MatchModel.levelNames.enumerated().map { c, names in
            Self.normalise(names.indices.map { pow(0.35, Double($0)) }, neutral: MatchModel.neutralLevels[c], prior: 0)
        }
        var iterations = 0
        // Session 1, same date of birth: names, place and identifiers. Session 2, same given and family name:
        // date of birth, place and identifiers. Fields estimated twice are averaged.
        let sessions: [(block: [Int], estimate: [Int])] = [
            ([Field.dateOfBirth], [Field.given, Field.family, Field.place, Field.nhs, Field.sex]),
            ([Field.given, Field.family], [Field.dateOfBirth, Field.place, Field.nhs, Field.sex]),
        ]
        var estimates = MatchModel.comparisonNames.map { _ in [[Double]]() }
        for session in sessions {
            let members = (0..<pairs.count).filter { pair in session.block.allSatisfy { pairs.level(pair, $0) == 0 } }
            let (sessionM, _, rounds) = expectationMaximisation(
                pairs, members: members, estimate: session.estimate, m: m, u: u)
            iterations += rounds
            for c in session.estimate { estimates[c].append(sessionM[c]) }
        }
        for c in m.indices where !estimates[c].isEmpty {
            m[c] = m[c].indices.map { level in estimates[c].map { $0[level] }.reduce(0, +) / Double(estimates[c].count)
            }
        }
        // The share of matches over all candidates, with m and u fixed: the prior odds of a match for one pair.
        let (_, expected, rounds) = expectationMaximisation(
            pairs, members: Array(0..<pairs.count), estimate: [], m: m, u: u)
        iterations += rounds
        let matches = min(expected, Double(incoming.count))
        let allPairs = Double(max(1, incoming.count)) * Double(max(1, linker.index.count))
        let prior = max(1e-12, min(0.5, matches / allPairs))
        return Report(
            model: Self.model(m: m, u: u, log2PriorOdds: log2(prior / (1 - prior)), source: source),
            candidatePairs: pairs.count, randomPairs: incoming.isEmpty ? 0 : randomPairs, iterations: iterations,
            expectedMatches: expected)
    }

    /// u: level frequencies among random pairs, smoothed so that a level never seen by chance is rare, not
    /// impossible. A random pair the starting model already calls a match (or with the same NHS number) is
    /// left out: it is most likely one child drawn twice, and counting it would make a shared NHS number
    /// look like a coincidence.
    func randomPairLevels(_ linker: BatchLinker, _ incoming: [PreparedRecord]) -> [[Double]] {
        var random = SeededRandom(seed: seed)
        var counts = MatchModel.levelNames.map { [Double](repeating: 0, count: $0.count) }
        let start = linker.matcher
        if !incoming.isEmpty && !linker.index.isEmpty {
            var kept = 0
            var drawn = 0
            while kept < randomPairs && drawn < randomPairs * 2 {
                drawn += 1
                let a = incoming[Int.random(in: 0..<incoming.count, using: &random)]
                let b = linker.index[Int.random(in: 0..<linker.index.count, using: &random)]
                let explanation = start.compare(a, b)
                guard explanation.nhsNumber != .same, start.band(for: explanation.score) != .match else { continue }
                kept += 1
                for (c, level) in explanation.levelIndices.enumerated() { counts[c][level] += 1 }
            }
        }
        return counts.indices.map { Self.normalise(counts[$0], neutral: MatchModel.neutralLevels[$0], prior: 1) }
    }

    /// EM over `members`, updating m of the `estimate` comparisons and the share of matches; the session's
    /// blocked comparisons are left out of the likelihood. Returns m, the expected matches and the rounds.
    func expectationMaximisation(
        _ pairs: Pairs, members: [Int], estimate: [Int], m start: [[Double]], u: [[Double]]
    ) -> ([[Double]], Double, Int) {
        var m = start
        let used = Set(estimate).union(estimate.isEmpty ? Array(m.indices) : [])
        var share = 0.1
        var expected = 0.0
        var rounds = 0
        var memberSet = [Bool](repeating: false, count: pairs.count)
        for pair in members { memberSet[pair] = true }
        while rounds < maximumIterations {
            rounds += 1
            let logU = u.map { $0.map { log($0) } }
            let logM = m.map { $0.map { log($0) } }
            var counts = m.map { [Double](repeating: 0, count: $0.count) }
            var total = 0.0
            var probabilities: [Double] = []
            for group in 0..<(pairs.groupStarts.count - 1) {
                let range = pairs.groupStarts[group]..<pairs.groupStarts[group + 1]
                probabilities.removeAll(keepingCapacity: true)
                for pair in range where memberSet[pair] {
                    var odds = log(share) - log(1 - share)
                    for c in used {
                        let level = pairs.level(pair, c)
                        guard !MatchModel.neutralLevels[c].contains(level) else { continue }
                        odds += logM[c][level] - logU[c][level]
                    }
                    probabilities.append(1 / (1 + exp(-odds)))
                }
                // Exclusive: an incoming record's candidates share at most one match between them.
                let groupTotal = probabilities.reduce(0, +)
                let scale = groupTotal > 1 ? 1 / groupTotal : 1
                var next = 0
                for pair in range where memberSet[pair] {
                    let probability = probabilities[next] * scale
                    next += 1
                    total += probability
                    for c in estimate { counts[c][pairs.level(pair, c)] += probability }
                }
            }
            var change = abs(total - expected) / max(1, total)
            for c in estimate {
                let updated = Self.normalise(counts[c], neutral: MatchModel.neutralLevels[c], prior: 0.01)
                change = max(change, zip(updated, m[c]).map { abs($0 - $1) }.max() ?? 0)
                m[c] = updated
            }
            expected = total
            share = min(0.999, max(1e-9, total / Double(max(1, members.count))))
            if change < 1e-5 && rounds > 3 { break }
        }
        return (m, expected, rounds)
    }

    static func model(m: [[Double]], u: [[Double]], log2PriorOdds: Double, source: String) -> MatchModel {
        MatchModel(
            fittedOn: source, log2PriorOdds: log2PriorOdds,
            comparisons: MatchModel.comparisonNames.indices.map { c in
                MatchModel.Comparison(
                    name: MatchModel.comparisonNames[c],
                    levels: MatchModel.levelNames[c].indices.map { level in
                        let neutral = MatchModel.neutralLevels[c].contains(level)
                        return MatchModel.Level(
                            name: MatchModel.levelNames[c][level], m: neutral ? nil : rounded(m[c][level]),
                            u: neutral ? nil : rounded(u[c][level]))
                    })
            })
    }

    /// Counts to probabilities over the non-neutral levels, with `prior` added to each count.
    static func normalise(_ counts: [Double], neutral: Set<Int>, prior: Double) -> [Double] {
        let total = counts.enumerated().filter { !neutral.contains($0.offset) }.map { $0.element + prior }.reduce(0, +)
        return counts.enumerated().map { neutral.contains($0.offset) ? 1 : ($0.element + prior) / max(total, 1e-300) }
    }

    /// Six significant figures: the file stays readable and a refit on the same data gives the same file.
    static func rounded(_ value: Double) -> Double {
        let value = max(value, 1e-12)
        let scale = pow(10, 5 - floor(log10(value)))
        return (value * scale).rounded() / scale
    }
}
