/// Blocking keys: a record is only compared with records that share at least one key, so the cost of
/// a search grows with the size of its blocks, not with the size of the index.
///
/// The keys are chosen so that each kind of error the matcher forgives still leaves one shared key:
/// a typo in the family name keeps given-name + date of birth; a moved child keeps the names + year;
/// a wrong date of birth keeps both names; swapped day and month, swapped names and a new surname each
/// have their own key. The database stores the same keys in an indexed column.
public enum CandidateKeys {
    /// Keys stored for a record in the index.
    public static func indexKeys(_ r: PreparedRecord) -> Set<String> {
        var keys = Set<String>()
        if let nhs = r.nhsNumber { keys.insert("n:\(nhs.digits)") }
        let year = r.dateOfBirth.map { String($0.year) }
        let dob = r.dateOfBirth?.iso
        for code in r.familySoundexes where !code.isEmpty {
            if let year { keys.insert("f:\(code):\(year)") }
            if !r.givenSoundex.isEmpty { keys.insert("fg:\(code):\(r.givenSoundex)") }
        }
        if let dob {
            if !r.givenSoundex.isEmpty { keys.insert("g:\(r.givenSoundex):\(dob)") }
            for root in r.givenRoots { keys.insert("r:\(root):\(dob)") }
        }
        if let postcode = r.postcode {
            if let year { keys.insert("p:\(postcode.normalised):\(year)") }
            for code in r.familySoundexes where !code.isEmpty { keys.insert("fp:\(code):\(postcode.normalised)") }
            // A wrong year and a misspelt family name still leave the given name at the same address.
            if !r.givenSoundex.isEmpty { keys.insert("gp:\(r.givenSoundex):\(postcode.normalised)") }
        }
        if let dob = r.dateOfBirth {
            // A wrong year keeps the family name with the day and month.
            for code in r.familySoundexes where !code.isEmpty { keys.insert("fm:\(code):\(dob.month)-\(dob.day)") }
        }
        return keys
    }

    /// Keys to look up for a query: the index keys plus the variants of the errors above.
    public static func queryKeys(_ r: PreparedRecord) -> Set<String> {
        var keys = indexKeys(r)
        if let dob = r.dateOfBirth {
            // Day and month the other way round.
            if dob.day <= 12, dob.day != dob.month,
                let swapped = CalendarDate(year: dob.year, month: dob.day, day: dob.month)
            {
                if !r.givenSoundex.isEmpty { keys.insert("g:\(r.givenSoundex):\(swapped.iso)") }
                for root in r.givenRoots { keys.insert("r:\(root):\(swapped.iso)") }
            }
            // Given and family names the other way round.
            if let familyFirst = r.familyParts.first {
                keys.insert("f:\(r.givenSoundex):\(dob.year)")
                keys.insert("g:\(Soundex.code(familyFirst)):\(dob.iso)")
                keys.insert("fm:\(r.givenSoundex):\(dob.month)-\(dob.day)")
            }
        }
        if let postcode = r.postcode, !r.givenSoundex.isEmpty {
            keys.insert("fp:\(r.givenSoundex):\(postcode.normalised)")
            if let familyFirst = r.familyParts.first {
                keys.insert("gp:\(Soundex.code(familyFirst)):\(postcode.normalised)")
            }
        }
        return keys
    }
}

/// Links one list of records against another with the matcher: for each incoming record, its best
/// index record at or above a threshold.
public struct BatchLinker: Sendable {
    public struct Link: Sendable, Equatable {
        public var incomingID: String
        public var indexID: String
        public var score: Double
        public var band: MatchBand
    }

    public let matcher: Matcher
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

    init(prepared: [PreparedRecord], matcher: Matcher) {
        self.matcher = matcher
        var blocks: [String: [Int32]] = [:]
        for (position, record) in prepared.enumerated() {
            for key in CandidateKeys.indexKeys(record) { blocks[key, default: []].append(Int32(position)) }
        }
        self.index = prepared
        self.blocks = blocks
    }

    /// Positions of the index records that share at least one key with the query.
    private func candidatePositions(for query: PreparedRecord) -> Set<Int32> {
        var seen = Set<Int32>()
        for key in CandidateKeys.queryKeys(query) {
            for position in blocks[key] ?? [] { seen.insert(position) }
        }
        return seen
    }

    public func bestLink(for query: MatchRecord, threshold: Double) -> Link? {
        let prepared = PreparedRecord(query)
        var best: (Int32, Double)?
        for position in candidatePositions(for: prepared) {
            let score = matcher.compare(prepared, index[Int(position)]).score
            if best == nil || score > best!.1
                || (score == best!.1 && index[Int(position)].record.id < index[Int(best!.0)].record.id)
            {
                best = (position, score)
            }
        }
        guard let best, best.1 >= threshold else { return nil }
        return Link(
            incomingID: query.id, indexID: index[Int(best.0)].record.id, score: best.1, band: matcher.band(for: best.1))
    }

    /// Links every incoming record, in parallel chunks; results keep the incoming order.
    public func link(_ incoming: [MatchRecord], threshold: Double? = nil) async -> [Link] {
        let limit = threshold ?? matcher.thresholds.match
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
