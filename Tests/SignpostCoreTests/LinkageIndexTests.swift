import Foundation
import Testing

@testable import SignpostCore

/// The hub's store of encodings: its C scan must give exactly the candidates the plain Swift Dice gives,
/// on one core and split over several, and stay right as slots are removed and replaced.
@Suite("Linkage index: the hub's Dice scan")
struct LinkageIndexTests {
    /// Random balanced encodings: a random half of the 2,048 bits set, each a little like a base so that
    /// scores spread across the thresholds.
    static func encodings(_ count: Int, seed: UInt64, epoch: String = "e1") -> [LinkageEncoding] {
        var generator = SeededRandom(seed: seed)
        let base = Array((0..<LinkageEncoding.encodedBits).shuffled(using: &generator).prefix(1_024))
        return (0..<count).map { _ in
            // Swap a random number of set bits for unset ones: 0 keeps the base, 1,024 is unrelated.
            let changes = Int.random(in: 0...160, using: &generator)
            var set = Set(base)
            let unset = Set(0..<LinkageEncoding.encodedBits).subtracting(set)
            for bit in set.shuffled(using: &generator).prefix(changes) { set.remove(bit) }
            for bit in unset.shuffled(using: &generator).prefix(changes) { set.insert(bit) }
            var words = [UInt64](repeating: 0, count: LinkageEncoding.encodedBits / 64)
            for bit in set { words[bit / 64] |= 1 << UInt64(bit % 64) }
            return LinkageEncoding(epoch: epoch, words: words, nhsToken: nil)
        }
    }

    static func expected(_ query: LinkageEncoding, _ stored: [LinkageEncoding], threshold: Double) -> [Int: Double] {
        var found: [Int: Double] = [:]
        for (slot, encoding) in stored.enumerated() {
            if let dice = query.dice(encoding), dice >= threshold { found[slot] = dice }
        }
        return found
    }

    @Test func theScanFindsExactlyWhatPlainDiceFinds() throws {
        // The queries share the stored encodings' base, so each threshold finds some and misses some.
        let all = Self.encodings(410, seed: 1)
        let stored = Array(all.prefix(400))
        var index = LinkageIndex(epoch: "e1")
        for encoding in stored { try index.append(encoding) }
        var totalFound = 0
        for query in all.suffix(10) {
            for threshold in [0.80, 0.85, 0.9] {
                let found = index.candidates(for: query, threshold: threshold, limit: 1_000)
                let expected = Self.expected(query, stored, threshold: threshold)
                totalFound += expected.count
                #expect(Dictionary(uniqueKeysWithValues: found.map { ($0.slot, $0.dice) }) == expected)
                #expect(found.map(\.dice) == found.map(\.dice).sorted(by: >))
            }
        }
        // The thresholds must separate: some pairs pass and some fail, or the comparison proves nothing.
        #expect(totalFound > 0 && totalFound < 10 * 3 * stored.count)
    }

    @Test func aScanSplitOverTheCoresFindsTheSame() throws {
        let count = LinkageIndex.parallelThreshold + 3_001
        let all = Self.encodings(count + 1, seed: 3)
        let stored = Array(all.dropLast())
        var index = LinkageIndex(epoch: "e1")
        for encoding in stored { try index.append(encoding) }
        let query = all[count]
        let found = index.candidates(for: query, threshold: 0.8, limit: count)
        #expect(!found.isEmpty)
        #expect(
            Dictionary(uniqueKeysWithValues: found.map { ($0.slot, $0.dice) })
                == Self.expected(query, stored, threshold: 0.8))
        // The limit keeps the best, even when more than the limit are found in one part.
        let best = index.candidates(for: query, threshold: 0.8, limit: 5)
        #expect(best == Array(found.prefix(5)))
    }

    @Test func removingAndReplacingKeepTheSlotsRight() throws {
        var stored = Self.encodings(50, seed: 5)
        var index = LinkageIndex(epoch: "e1")
        for encoding in stored { try index.append(encoding) }
        // Removing slot 7 moves the last into it, as the owner's bookkeeping expects.
        #expect(index.remove(slot: 7) == 49)
        stored[7] = stored.removeLast()
        #expect(index.remove(slot: index.count - 1) == nil)
        stored.removeLast()
        try index.replace(slot: 3, with: stored[10])
        stored[3] = stored[10]
        #expect(index.count == stored.count)
        for query in stored.prefix(5) {
            let found = index.candidates(for: query, threshold: 0.8, limit: 100)
            #expect(
                Dictionary(uniqueKeysWithValues: found.map { ($0.slot, $0.dice) })
                    == Self.expected(query, stored, threshold: 0.8))
        }
    }

    @Test func anotherEpochNeverCompares() throws {
        var index = LinkageIndex(epoch: "e1")
        let encoding = Self.encodings(1, seed: 6)[0]
        try index.append(encoding)
        let other = LinkageEncoding(epoch: "e2", words: encoding.words, nhsToken: nil)
        #expect(index.candidates(for: other, threshold: 0, limit: 10).isEmpty)
        #expect(throws: LinkageIndex.Problem.wrongEpoch) { try index.append(other) }
        #expect(index.candidates(for: encoding, threshold: 1, limit: 10) == [.init(slot: 0, dice: 1)])
    }

    @Test func encodingsTravelAsTheirBytes() throws {
        let encoding = Self.encodings(1, seed: 7)[0]
        #expect(encoding.isBalanced)
        let back = try #require(LinkageEncoding(epoch: "e1", bytes: encoding.bytes, nhsToken: nil))
        #expect(back == encoding)
        #expect(LinkageEncoding(epoch: "e1", bytes: encoding.bytes.dropLast(), nhsToken: nil) == nil)
        var unbalanced = encoding.words
        unbalanced[0] = unbalanced[0] == ~0 ? 0 : ~0
        #expect(!LinkageEncoding(epoch: "e1", words: unbalanced, nhsToken: nil).isBalanced)
    }

    /// A batch of queries in one pass over the store answers each query exactly as a scan of its own, split
    /// over the cores or not, with a query of another epoch answered empty in its place.
    @Test func aBatchOfQueriesGetsWhatEachQueryGetsAlone() throws {
        for count in [300, LinkageIndex.parallelThreshold + 2_001] {
            let all = Self.encodings(count + 6, seed: 11)
            let stored = Array(all.prefix(count))
            var index = LinkageIndex(epoch: "e1")
            for encoding in stored { try index.append(encoding) }
            var queries = Array(all.suffix(6))
            queries.insert(LinkageEncoding(epoch: "e2", words: queries[0].words, nhsToken: nil), at: 2)
            let batched = index.candidates(for: queries, threshold: 0.8, limit: 50)
            #expect(batched.count == queries.count)
            #expect(batched[2].isEmpty, "another epoch's query never compares")
            for (query, answer) in zip(queries, batched) where query.epoch == "e1" {
                let alone = index.candidates(for: query, threshold: 0.8, limit: 50)
                #expect(answer == alone)
                let expected = Self.expected(query, stored, threshold: 0.8)
                #expect(answer.count == min(50, expected.count))
                #expect(answer.allSatisfy { expected[$0.slot] == $0.dice })
            }
            #expect(batched.contains { !$0.isEmpty }, "the queries find something, or equality proves nothing")
        }
    }
}
