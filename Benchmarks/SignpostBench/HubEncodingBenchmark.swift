import Foundation
import SignpostCore

/// The hub encoding (issue 17): records encoded a second on one core, Dice comparisons a second, and query
/// mode on a synthetic population: each incoming record's best index encoding, linked at or above a
/// threshold. `signpost-bench hub-encoding [children] [seed]`; seed 777 is the held-out seed.
func hubEncodingBenchmark(_ arguments: [String]) async {
    let children = arguments.first.flatMap(Int.init) ?? 20_000
    let seed = arguments.count > 1 ? UInt64(arguments[1]) ?? 777 : 777
    let population = SyntheticPopulation.generate(children: children, seed: seed)
    guard let secret = try? LinkageSecret.generate(epoch: "benchmark") else { return }
    let encoder = LinkageEncoder(secret: secret)
    var index: [LinkageEncoding] = []
    let encoding = await seconds { index = population.index.map { encoder.encode($0) } }
    print("hub encoding: \(population.index.count) index records (seed \(seed))")
    print(String(format: "  encoded in %.2f s: %.0f records/s on one core", encoding, Double(index.count) / encoding))
    let incoming = Array(population.incoming.prefix(1_000))
    let queries = incoming.map { encoder.encode($0) }
    var best: [(position: Int, dice: Double)] = []
    let comparing = await seconds {
        for query in queries {
            var top = (position: 0, dice: -1.0)
            for (position, stored) in index.enumerated() {
                let dice = query.dice(stored) ?? 0
                if dice > top.dice { top = (position, dice) }
            }
            best.append(top)
        }
    }
    let comparisons = Double(queries.count * index.count)
    print(
        String(
            format: "  %d queries x %d encodings in %.2f s: %.1f M Dice comparisons/s, %.1f ms a query",
            queries.count, index.count, comparing, comparisons / comparing / 1e6,
            comparing * 1000 / Double(queries.count)))
    let truePairs = incoming.filter { population.truth[$0.id] != nil }.count
    for threshold in [0.9, 0.85, 0.8, 0.75, 0.7] {
        var linked = 0
        var right = 0
        for (record, top) in zip(incoming, best) where top.dice >= threshold {
            linked += 1
            if population.truth[record.id] == population.index[top.position].id { right += 1 }
        }
        print(
            String(
                format: "  best at Dice >= %.2f: %d links, %d right: precision %.4f recall %.4f (of %d true pairs)",
                threshold, linked, right, Double(right) / Double(max(1, linked)), Double(right) / Double(truePairs),
                truePairs))
    }
}
