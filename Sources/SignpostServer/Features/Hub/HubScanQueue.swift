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
        /// Passes over the store so far: fewer than the queries when they arrive together.
        var passes = 0
    }

    /// Measured over a million encodings on two cores (`docs/benchmarks.md`): two queries a pass already
    /// turn the memory-bound scan into a compute-bound one (194 M Dice/s alone, 235 M/s two at a time, no
    /// more at four or eight), and a pass of two takes 8.4 ms against 16.9 ms for four, so more would only
    /// add latency.
    static let maxBatch = 2
    private let state = NIOLockedValueBox(State())
    private let queue: DispatchQueue
    private let directory: HubDirectory

    /// `queue` runs the scans: a serial queue of its own (a test may pass one it can hold).
    init(directory: HubDirectory, queue: DispatchQueue = DispatchQueue(label: "signpost.hub.scan", qos: .userInitiated))
    {
        self.directory = directory
        self.queue = queue
    }

    /// How many passes over the store have run, and how many queries wait for one.
    var passes: Int { state.withLockedValue(\.passes) }
    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }

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
                state.withLockedValue { $0.passes += 1 }
                for (one, answer) in zip(waiting, answers) { one.continuation.resume(returning: answer) }
            }
        }
    }
}
