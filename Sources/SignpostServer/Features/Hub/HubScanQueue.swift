import Dispatch
import NIOConcurrencyHelpers
import SignpostCore

/// The hub's queries wait here for a scan. A scan runs on this queue's own thread, never on a Swift
/// concurrency or event-loop thread, and the queries that arrive while one runs are answered together by
/// the next: one pass over the store for up to `maxBatch` queries. A store of a million encodings does not
/// fit the cache, so the pass is bound by memory and a batch costs little more than one query (measured in
/// `docs/benchmarks.md`); alone, a query is scanned at once, as before.
final class HubScanQueue: Sendable {
    private struct Waiting: Sendable {
        var query: LinkageEncoding
        var today: String
        var continuation: CheckedContinuation<[HubAnswerRules.Scored], Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var scanning = false
    }

    /// Big enough to turn a memory-bound pass into a compute-bound one on this machine; small enough that a
    /// full batch over a million encodings stays inside the 20 ms a query may take.
    static let maxBatch = 4
    private let state = NIOLockedValueBox(State())
    private let queue = DispatchQueue(label: "signpost.hub.scan", qos: .userInitiated)
    private let directory: HubDirectory

    init(directory: HubDirectory) { self.directory = directory }

    /// `HubDirectory.candidates(for:today:)`, in the next scan.
    func candidates(for query: LinkageEncoding, today: String) async -> [HubAnswerRules.Scored] {
        await withCheckedContinuation { continuation in
            let starts = state.withLockedValue { state in
                state.waiting.append(Waiting(query: query, today: today, continuation: continuation))
                defer { state.scanning = true }
                return !state.scanning
            }
            if starts { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch = state.withLockedValue { state in
                let taken = Array(state.waiting.prefix(Self.maxBatch))
                state.waiting.removeFirst(taken.count)
                if taken.isEmpty { state.scanning = false }
                return taken
            }
            guard !batch.isEmpty else { return }
            // A batch that spans midnight is scanned once for each day, so retire-by days stay exact.
            for (today, waiting) in Dictionary(grouping: batch, by: \.today) {
                let answers = directory.candidates(for: waiting.map(\.query), today: today)
                for (one, answer) in zip(waiting, answers) { one.continuation.resume(returning: answer) }
            }
        }
    }
}
