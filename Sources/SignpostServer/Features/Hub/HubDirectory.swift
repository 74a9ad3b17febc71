import Foundation
import NIOConcurrencyHelpers
import SignpostCore

/// Table names of the hub's database.
enum HubTables {
    static let nodes = "hub_nodes"
    static let encodings = "hub_encodings"
}

/// One enrolled child as the hub holds it: a node's opaque handle, the encoding and the optional NHS-number
/// token, the tier and the day after which the hub forgets it unless the node enrols it again.
struct HubEntry: Sendable, Equatable {
    var node: String
    var handle: String
    var encoding: LinkageEncoding
    var tier: Int
    var retireBy: String

    struct Key: Hashable, Sendable {
        var node: String
        var handle: String
    }

    var key: Key { Key(node: node, handle: handle) }
}

/// The hub's encodings in memory, one dense `LinkageIndex` for each key epoch, kept in step with the
/// database: loaded when the hub starts and changed after each enrolment or retirement commits. A query
/// scans it on every core. One hub process owns it (the hub has one writer, as a SQLite node has).
final class HubDirectory: Sendable {
    private struct Epoch {
        var index: LinkageIndex
        var entries: [HubEntry] = []
    }

    private struct State {
        var epochs: [String: Epoch] = [:]
        var slots: [HubEntry.Key: (epoch: String, slot: Int)] = [:]
        var byNHSToken: [String: Set<HubEntry.Key>] = [:]
        var perNode: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    var count: Int { state.withLockedValue { $0.slots.count } }

    /// How many entries one node has: the hub's quota counts these.
    func count(of node: String) -> Int { state.withLockedValue { $0.perNode[node] ?? 0 } }

    /// Adds entries, replacing any of the same node and handle.
    func upsert(_ entries: [HubEntry]) {
        state.withLockedValue { state in
            for entry in entries {
                Self.remove(entry.key, from: &state)
                // Taken out of the dictionary while it changes: a copy left behind would make every append
                // copy the whole index (measured: enrolment slowed to a crawl by 200,000 entries).
                var epoch =
                    state.epochs.removeValue(forKey: entry.encoding.epoch)
                    ?? Epoch(index: LinkageIndex(epoch: entry.encoding.epoch))
                defer { state.epochs[entry.encoding.epoch] = epoch }
                guard let slot = try? epoch.index.append(entry.encoding) else { continue }
                epoch.entries.append(entry)
                state.slots[entry.key] = (entry.encoding.epoch, slot)
                state.perNode[entry.node, default: 0] += 1
                if let token = entry.encoding.nhsToken { state.byNHSToken[token, default: []].insert(entry.key) }
            }
        }
    }

    func remove(_ keys: [HubEntry.Key]) {
        state.withLockedValue { state in
            for key in keys { Self.remove(key, from: &state) }
        }
    }

    /// The nodes with at least one entry in memory.
    var nodes: Set<String> { state.withLockedValue { Set($0.perNode.filter { $0.value > 0 }.keys) } }

    /// Drops every entry of these nodes; returns how many. `signpost-hub nodes remove` runs in its own
    /// process and deletes the node's rows, so a serving hub forgets the node's entries here. Nothing is
    /// scanned (under the lock every query needs) unless a node is named.
    @discardableResult
    func removeNodes(_ removed: Set<String>) -> Int {
        guard !removed.isEmpty else { return 0 }
        return state.withLockedValue { state in
            let gone = state.slots.keys.filter { removed.contains($0.node) }
            for key in gone { Self.remove(key, from: &state) }
            return gone.count
        }
    }

    private static func remove(_ key: HubEntry.Key, from state: inout State) {
        guard let (epochName, slot) = state.slots.removeValue(forKey: key),
            var epoch = state.epochs.removeValue(forKey: epochName)
        else { return }
        state.perNode[key.node, default: 1] -= 1
        if let token = epoch.entries[slot].encoding.nhsToken { state.byNHSToken[token]?.remove(key) }
        if let moved = epoch.index.remove(slot: slot) {
            epoch.entries[slot] = epoch.entries[moved]
            state.slots[epoch.entries[slot].key] = (epochName, slot)
        }
        epoch.entries.removeLast()
        state.epochs[epochName] = epoch
    }

    /// The entries at or above the "possible" threshold, and every entry with the same NHS-number token,
    /// scored for `HubAnswerRules`. Entries past their retire-by day are left out.
    func candidates(for query: LinkageEncoding, today: String) -> [HubAnswerRules.Scored] {
        candidates(for: [query], today: today)[0]
    }

    /// `candidates(for:today:)` for each query, with one scan of each epoch's encodings for all its queries.
    func candidates(for queries: [LinkageEncoding], today: String) -> [[HubAnswerRules.Scored]] {
        state.withLockedValue { state in
            var answers = [[HubAnswerRules.Scored]](repeating: [], count: queries.count)
            for (name, positions) in Dictionary(grouping: queries.indices, by: { queries[$0].epoch }) {
                guard let epoch = state.epochs[name] else { continue }
                // Every candidate in a band: `HubAnswerRules` keeps the best few of each authority, so a node
                // that enrolled many copies of one child cannot push the real holders out.
                let found = epoch.index.candidates(
                    for: positions.map { queries[$0] }, threshold: HubAnswerRules.possibleThreshold,
                    limit: epoch.index.count)
                for (position, candidates) in zip(positions, found) {
                    answers[position] = Self.scored(queries[position], candidates, in: epoch, state, today: today)
                }
            }
            return answers
        }
    }

    private static func scored(
        _ query: LinkageEncoding, _ candidates: [LinkageIndex.Candidate], in epoch: Epoch, _ state: State,
        today: String
    ) -> [HubAnswerRules.Scored] {
        var scored: [HubEntry.Key: HubAnswerRules.Scored] = [:]
        func add(_ entry: HubEntry, dice: Double) {
            guard entry.retireBy >= today else { return }
            let agreement = query.nhsToken.flatMap { mine in entry.encoding.nhsToken.map { $0 == mine } }
            scored[entry.key] = HubAnswerRules.Scored(
                authority: entry.node, handle: entry.handle, dice: dice, nhsAgreement: agreement)
        }
        for candidate in candidates { add(epoch.entries[candidate.slot], dice: candidate.dice) }
        for key in query.nhsToken.flatMap({ state.byNHSToken[$0] }) ?? [] where scored[key] == nil {
            guard let (name, slot) = state.slots[key], name == query.epoch else { continue }
            let entry = epoch.entries[slot]
            add(entry, dice: query.dice(entry.encoding) ?? 0)
        }
        return Array(scored.values)
    }
}
