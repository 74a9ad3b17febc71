/// Links one list of records against another with the matcher: for each incoming record, its best
/// index record at or above a threshold.
public struct BatchLinker: Sendable {
    public struct Link: Sendable, Equatable {
        public var incomingID: String
        public var indexID: String
        public var score: Double
        public var band: MatchBand
        /// The posterior probability that the two records are one child.
        public var probability: Double
    }

    public private(set) var matcher: Matcher
    let index: [PreparedRecord]
    let blocks: [String: [Int32]]

    public init(index records: [MatchRecord], matcher: Matcher = Matcher()) {
        self.init(prepared: records.map(PreparedRecord.init), matcher: matcher)
    }

    /// Prepares the index records in parallel, for large batches.
    public static func build(index records: [MatchRecord], matcher: Matcher = Matcher()) async -> BatchLinker {
        let chunkSize = max(1, records.count / 8 + 1)
        let chunks = stride(from: 0, to: records.count, by: chunkSize).map {
            Array(records[$0..<min($0 + chunkSize, records.count)])
        }
        let prepared = await withTaskGroup(of: (Int, [PreparedRecord]).self) { group in
            for (number, chunk) in chunks.enumerated() { group.addTask { (number, chunk.map(PreparedRecord.init)) } }
            var results = [[PreparedRecord]](repeating: [], count: chunks.count)
            for await (number, records) in group { results[number] = records }
            return results.flatMap { $0 }
        }
        return BatchLinker(prepared: prepared, matcher: matcher)
    }

    /// The term frequencies of the index refine exact agreement on names and postcodes.
    init(prepared: [PreparedRecord], matcher: Matcher) {
        var matcher = matcher
        if matcher.termFrequencies == nil { matcher.termFrequencies = TermFrequencies(prepared) }
        self.matcher = matcher
        var blocks: [String: [Int32]] = [:]
        for (position, record) in prepared.enumerated() {
            for key in CandidateKeys.indexKeys(record) { blocks[key, default: []].append(Int32(position)) }
        }
        self.index = prepared
        self.blocks = blocks
    }

    /// Positions of the index records that share at least one key with the query.
    /// The same index, scored with another model (after `MatchModelFitter.fit`).
    public func using(_ model: MatchModel) -> BatchLinker {
        var copy = self
        copy.matcher = Matcher(model: model, termFrequencies: matcher.termFrequencies)
        return copy
    }

    /// The same index with other band thresholds, for experiments (`signpost link --match-at`).
    public func using(thresholds: Matcher.Thresholds) -> BatchLinker {
        var copy = self
        copy.matcher.thresholds = thresholds
        return copy
    }

    func candidatePositions(for query: PreparedRecord) -> Set<Int32> {
        var seen = Set<Int32>()
        for key in CandidateKeys.queryKeys(query) {
            for position in blocks[key] ?? [] { seen.insert(position) }
        }
        return seen
    }

    /// The best-scoring index record, its score lowered by every rival the household rules leave open
    /// (`Matcher.competingScores`): with two equally good children neither is linked at `match`.
    public func bestLink(for query: MatchRecord, threshold: Double) -> Link? {
        let prepared = PreparedRecord(query)
        var scored: [(position: Int32, contender: Matcher.Contender)] = []
        for position in candidatePositions(for: prepared) {
            let explanation = matcher.compare(prepared, index[Int(position)])
            // Only candidates the matcher would itself offer (`possible` or better) compete: summing the odds
            // of hundreds of weak ones would turn the model's small miscalibrations into a large penalty.
            guard explanation.score >= min(threshold, matcher.thresholds.possible) else { continue }
            scored.append(
                (position, Matcher.Contender(score: explanation.score, capped: explanation.ceiling != .match)))
        }
        guard
            let bestOffset = scored.indices.max(by: { a, b in
                let x = scored[a]
                let y = scored[b]
                if x.contender.score != y.contender.score { return x.contender.score < y.contender.score }
                return index[Int(x.position)].record.id > index[Int(y.position)].record.id
            })
        else { return nil }
        let best = scored[bestOffset]
        let rivals = scored.indices.filter {
            $0 != bestOffset && !scored[$0].contender.capped
                && scored[$0].contender.score >= matcher.thresholds.possible
        }
        .map { scored[$0].contender.score }
        let score = matcher.competingScore(best.contender, rivals: rivals)
        guard score >= threshold else { return nil }
        return Link(
            incomingID: query.id, indexID: index[Int(best.position)].record.id, score: score,
            band: matcher.band(for: score), probability: matcher.probability(for: score))
    }

    /// Links every incoming record at or above `band` (or a raw score `threshold`, for experiments), in
    /// parallel chunks; results keep the incoming order.
    public func link(_ incoming: [MatchRecord], band: MatchBand = .match, threshold: Double? = nil) async -> [Link] {
        let limit = threshold ?? (band == .match ? matcher.thresholds.match : matcher.thresholds.possible)
        let chunkSize = max(1, incoming.count / 8 + 1)
        let chunks = stride(from: 0, to: incoming.count, by: chunkSize).map {
            Array(incoming[$0..<min($0 + chunkSize, incoming.count)])
        }
        let linker = self
        return await withTaskGroup(of: (Int, [Link]).self) { group in
            for (number, chunk) in chunks.enumerated() {
                group.addTask { (number, chunk.compactMap { linker.bestLink(for: $0, threshold: limit) }) }
            }
            var results = [[Link]](repeating: [], count: chunks.count)
            for await (number, links) in group { results[number] = links }
            return results.flatMap { $0 }
        }
    }
}

extension BatchLinker {
    /// Blocking recall: of the true pairs (incoming id → index id), how many have the index record among the
    /// incoming record's candidates. A pair blocking misses can never be linked, whatever the weights.
    public func candidateRecall(_ incoming: [MatchRecord], truth: [String: String]) -> (found: Int, total: Int) {
        let positions = Dictionary(index.enumerated().map { ($0.element.record.id, Int32($0.offset)) }) { a, _ in a }
        var found = 0
        var total = 0
        for record in incoming {
            guard let indexID = truth[record.id], let position = positions[indexID] else { continue }
            total += 1
            if candidatePositions(for: PreparedRecord(record)).contains(position) { found += 1 }
        }
        return (found, total)
    }
}

extension BatchLinker {
    /// One true pair the linker did not link at the match band, and why: the pair's own comparison, whether
    /// blocking ever put the two records side by side, and the index record linked instead, if any.
    public struct Miss: Sendable {
        public var incomingID: String
        public var indexID: String
        public var amongCandidates: Bool
        public var explanation: MatchExplanation
        /// The link made at `match` for this incoming record, to another index record (outscored).
        public var linkedInstead: String?
        /// The pair's score once its rivals took their share (`Matcher.competingScore`), when it was compared.
        public var sharedScore: Double?
    }

    /// The true pairs (incoming id → index id) not linked at the match band: below the line on their own, pushed
    /// under it by rivals, outscored by another record, or never compared. For an operator or an evaluation asking
    /// which kinds of difference the model still does not forgive.
    public func misses(_ incoming: [MatchRecord], truth: [String: String]) -> [Miss] {
        let positions = Dictionary(index.enumerated().map { ($0.element.record.id, Int32($0.offset)) }) { a, _ in a }
        return incoming.compactMap { record in
            guard let indexID = truth[record.id], let position = positions[indexID] else { return nil }
            let link = bestLink(for: record, threshold: matcher.thresholds.match)
            guard link?.indexID != indexID else { return nil }
            let query = PreparedRecord(record)
            let blocked = candidatePositions(for: query).contains(position)
            let shared =
                blocked
                ? bestLink(for: record, threshold: -.infinity).flatMap { best in
                    best.indexID == indexID ? best.score : nil
                } : nil
            return Miss(
                incomingID: record.id, indexID: indexID, amongCandidates: blocked,
                explanation: matcher.compare(query, index[Int(position)]), linkedInstead: link?.indexID,
                sharedScore: shared)
        }
    }
}
