import Dispatch
import Foundation
import SignpostCore
import Testing

@testable import SignpostServer

/// The hub's queries wait for a scan and are answered together with whatever else waits: each must get
/// exactly what a scan of its own gives, however many arrive at once.
@Suite("Hub: queries scanned together")
struct HubScanQueueTests {
    /// Encodings that share a base, so that queries find some entries and miss others.
    static func encodings(_ count: Int, seed: UInt64) -> [LinkageEncoding] {
        var generator = SeededRandom(seed: seed)
        let base = (0..<LinkageEncoding.encodedBits / 64).map { _ in generator.next() }
        return (0..<count).map { _ in
            var words = base
            for _ in 0..<Int.random(in: 0...300, using: &generator) {
                let bit = Int.random(in: 0..<LinkageEncoding.encodedBits, using: &generator)
                words[bit / 64] ^= 1 << UInt64(bit % 64)
            }
            return LinkageEncoding(epoch: "e1", words: words, nhsToken: nil)
        }
    }

    @Test func manyConcurrentQueriesEachGetWhatTheirOwnScanGives() async throws {
        let directory = HubDirectory()
        let all = Self.encodings(648, seed: 21)
        let stored = Array(all.prefix(600))
        directory.upsert(
            stored.enumerated().map { offset, encoding in
                HubEntry(
                    node: ["A", "B", "C"][offset % 3], handle: "h\(offset)", encoding: encoding, tier: 1,
                    retireBy: offset % 7 == 0 ? "2026-01-01" : "2027-01-01")
            })
        let scans = HubScanQueue(directory: directory)
        let queries = Array(all.suffix(48))
        let answers = await withTaskGroup(of: (Int, [HubAnswerRules.Scored]).self) { group in
            for (position, query) in queries.enumerated() {
                group.addTask { (position, await scans.candidates(for: query, today: "2026-12-07")) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        func sorted(_ found: [HubAnswerRules.Scored]) -> [String] {
            found.map { "\($0.authority)/\($0.handle)/\($0.dice)" }.sorted()
        }
        var found = 0
        for (position, query) in queries.enumerated() {
            let alone = directory.candidates(for: query, today: "2026-12-07")
            #expect(sorted(answers[position] ?? []) == sorted(alone))
            #expect(!alone.contains { Int($0.handle.dropFirst())! % 7 == 0 }, "retired entries stay out")
            found += alone.count
        }
        #expect(found > 0 && found < queries.count * stored.count * 3 / 4, "some found and many not")
    }

    /// Queries that wait together are scanned together: with the scan thread held while 48 queries arrive,
    /// they are answered in 24 passes of two, not 48, and each gets what its own scan gives.
    @Test func queriesThatArriveTogetherShareAPass() async throws {
        let directory = HubDirectory()
        let all = Self.encodings(248, seed: 5)
        directory.upsert(
            all.prefix(200).enumerated().map { offset, encoding in
                HubEntry(node: "A", handle: "h\(offset)", encoding: encoding, tier: 1, retireBy: "2027-01-01")
            })
        let thread = DispatchQueue(label: "test.hub.scan")
        let held = DispatchSemaphore(value: 0)
        thread.async { held.wait() }
        let scans = HubScanQueue(directory: directory, queue: thread)
        let queries = Array(all.suffix(48))
        let answers = try await withThrowingTaskGroup(of: (Int, [HubAnswerRules.Scored]).self) { group in
            for (position, query) in queries.enumerated() {
                group.addTask { (position, await scans.candidates(for: query, today: "2026-12-07")) }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while scans.waitingCount < queries.count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(scans.waitingCount == queries.count)
            #expect(scans.passes == 0)
            held.signal()
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(scans.passes < queries.count, "every query was scanned alone")
        #expect(scans.passes == queries.count / HubScanQueue.maxBatch)
        for (position, query) in queries.enumerated() {
            #expect(
                answers[position]?.map(\.handle).sorted()
                    == directory.candidates(for: query, today: "2026-12-07").map(\.handle).sorted())
        }
    }
}
