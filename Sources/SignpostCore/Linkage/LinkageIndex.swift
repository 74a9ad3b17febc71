import CLinkageKernel
import Foundation

/// The hub's encodings of one epoch, laid end to end in one buffer so a query scans memory in order, and
/// compared by the C kernel's Dice scan on every core. Holds slots, not records: the hub keeps what each slot
/// points to. Removing a slot moves the last one into its place (`remove` says which), so the store stays
/// dense. Not thread-safe: its owner serialises changes and may share a copy for reading.
public struct LinkageIndex: Sendable {
    public let epoch: String
    public private(set) var count = 0
    private var words: [UInt64] = []
    private var popcounts: [UInt32] = []
    /// A scan this big is split over the cores; a smaller one is quicker on one.
    public static let parallelThreshold = 20_000

    public init(epoch: String) { self.epoch = epoch }

    public struct Candidate: Sendable, Equatable {
        public let slot: Int
        public let dice: Double
    }

    public enum Problem: Error, Equatable {
        case wrongEpoch
        case wrongLength
    }

    /// Adds an encoding and returns its slot.
    @discardableResult
    public mutating func append(_ encoding: LinkageEncoding) throws -> Int {
        guard encoding.epoch == epoch else { throw Problem.wrongEpoch }
        guard encoding.words.count == LinkageEncoding.wordCount else { throw Problem.wrongLength }
        words.append(contentsOf: encoding.words)
        popcounts.append(UInt32(encoding.popcount))
        count += 1
        return count - 1
    }

    /// Replaces the encoding in a slot.
    public mutating func replace(slot: Int, with encoding: LinkageEncoding) throws {
        guard encoding.epoch == epoch else { throw Problem.wrongEpoch }
        guard encoding.words.count == LinkageEncoding.wordCount else { throw Problem.wrongLength }
        let start = slot * LinkageEncoding.wordCount
        words.replaceSubrange(start..<start + LinkageEncoding.wordCount, with: encoding.words)
        popcounts[slot] = UInt32(encoding.popcount)
    }

    /// Removes a slot. Returns the slot that moved into its place (the last one), or nil when it was last.
    public mutating func remove(slot: Int) -> Int? {
        let last = count - 1
        let width = LinkageEncoding.wordCount
        if slot != last {
            for word in 0..<width { words[slot * width + word] = words[last * width + word] }
            popcounts[slot] = popcounts[last]
        }
        words.removeLast(width)
        popcounts.removeLast()
        count -= 1
        return slot == last ? nil : last
    }

    /// Every slot whose Dice with `query` is at least `threshold`, best first, at most `limit` of them.
    /// Encodings of another epoch never compare: the answer is empty.
    public func candidates(for query: LinkageEncoding, threshold: Double, limit: Int = 100) -> [Candidate] {
        candidates(for: [query], threshold: threshold, limit: limit)[0]
    }

    /// `candidates(for:threshold:limit:)` for each query, in one pass over the store: each stored encoding is
    /// read from memory once for the whole batch, so a batch costs little more than one query on a store too
    /// big for the cache. A query of another epoch gets an empty answer.
    public func candidates(for queries: [LinkageEncoding], threshold: Double, limit: Int = 100) -> [[Candidate]] {
        var answers = [[Candidate]](repeating: [], count: queries.count)
        let valid = queries.indices.filter {
            queries[$0].epoch == epoch && queries[$0].words.count == LinkageEncoding.wordCount
        }
        guard !valid.isEmpty, count > 0, limit > 0 else { return answers }
        let batch = QueryBatch(valid.map { queries[$0] })
        let parts = count >= Self.parallelThreshold ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        let share = (count + parts - 1) / parts
        let found = ScanResults(parts: parts)
        words.withUnsafeBufferPointer { store in
            popcounts.withUnsafeBufferPointer { pops in
                // The buffers outlive the parallel loop, which only reads them.
                nonisolated(unsafe) let (store, pops) = (store, pops)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let start = part * share
                    let end = min(count, start + share)
                    guard start < end else { return }
                    found.set(part, Self.scan(batch, store, pops, start..<end, threshold, limit))
                }
            }
        }
        for (query, candidate) in found.all { answers[valid[query]].append(candidate) }
        return answers.map { Array($0.sorted { ($0.dice, -$0.slot) > ($1.dice, -$1.slot) }.prefix(limit)) }
    }

    /// The queries of one scan, laid end to end as the kernel reads them.
    private struct QueryBatch: @unchecked Sendable {
        var words: [UInt64]
        var popcounts: [UInt32]

        init(_ queries: [LinkageEncoding]) {
            words = queries.flatMap(\.words)
            popcounts = queries.map { UInt32($0.popcount) }
        }
    }

    private static func scan(
        _ batch: QueryBatch, _ store: UnsafeBufferPointer<UInt64>, _ popcounts: UnsafeBufferPointer<UInt32>,
        _ range: Range<Int>, _ threshold: Double, _ limit: Int
    ) -> [(query: Int, candidate: Candidate)] {
        let width = LinkageEncoding.wordCount
        // Room for the usual few; the rare scan that finds more runs again with room for all.
        var capacity = min(limit, 1_024) * batch.popcounts.count
        while true {
            var queries = [UInt32](repeating: 0, count: capacity)
            var slots = [UInt32](repeating: 0, count: capacity)
            var common = [UInt32](repeating: 0, count: capacity)
            let total = batch.words.withUnsafeBufferPointer { queryWords in
                batch.popcounts.withUnsafeBufferPointer { queryPopcounts in
                    queries.withUnsafeMutableBufferPointer { queriesOut in
                        slots.withUnsafeMutableBufferPointer { slotsOut in
                            common.withUnsafeMutableBufferPointer { commonOut in
                                signpost_dice_scan_many(
                                    queryWords.baseAddress, queryPopcounts.baseAddress, queryPopcounts.count,
                                    store.baseAddress! + range.lowerBound * width,
                                    popcounts.baseAddress! + range.lowerBound, range.count, width, threshold,
                                    queriesOut.baseAddress, slotsOut.baseAddress, commonOut.baseAddress, capacity)
                            }
                        }
                    }
                }
            }
            // More at or above the threshold than fit: scan again with room for all, so the best are kept.
            if total > capacity {
                capacity = total
                continue
            }
            return (0..<total).map { index in
                let query = Int(queries[index])
                let slot = range.lowerBound + Int(slots[index])
                let sum = Double(batch.popcounts[query]) + Double(popcounts[slot])
                return (query, Candidate(slot: slot, dice: 2 * Double(common[index]) / sum))
            }
        }
    }

    /// Whether the scan uses the CPU's popcount instruction.
    public static var usesHardwarePopcount: Bool { signpost_dice_hardware_popcount() == 1 }
}

/// Each part of a parallel scan writes only its own element.
private final class ScanResults: @unchecked Sendable {
    private var parts: [[(query: Int, candidate: LinkageIndex.Candidate)]]
    private let lock = NSLock()

    init(parts: Int) { self.parts = Array(repeating: [], count: parts) }

    func set(_ part: Int, _ found: [(query: Int, candidate: LinkageIndex.Candidate)]) {
        lock.withLock { parts[part] = found }
    }

    var all: [(query: Int, candidate: LinkageIndex.Candidate)] { lock.withLock { parts.flatMap { $0 } } }
}
