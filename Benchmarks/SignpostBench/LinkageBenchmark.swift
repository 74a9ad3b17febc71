import Foundation
import SignpostCore

/// `signpost-bench linkage [children] [seed] [--show-errors]`: a synthetic population (index of `children`,
/// 5,000 incoming), linked three ways: with the shipped model (fitted on seed 1, so any other seed is
/// held out), and with a model fitted by EM on this population. Reports fit and link times, blocking
/// recall, and precision, recall and F1 at the match and possible bands.
func linkageBenchmark(_ arguments: [String]) async {
    let children = arguments.first.flatMap(Int.init) ?? 20_000
    let seed = arguments.count > 1 ? UInt64(arguments[1]) ?? 1 : 1
    let population = SyntheticPopulation.generate(children: children, seed: seed)
    let incoming = Array(population.incoming.prefix(5_000))
    let ids = Set(incoming.map(\.id))
    let truth = population.truth.filter { ids.contains($0.key) }
    var shipped: BatchLinker!
    let buildTime = await seconds { shipped = await BatchLinker.build(index: population.index) }
    print("linkage: \(incoming.count) incoming x \(population.index.count) index (seed \(seed))")
    let recall = shipped.candidateRecall(incoming, truth: truth)
    print(
        String(
            format: "  blocking recall %.4f (%d of %d true pairs among the candidates); index build %.3f s",
            Double(recall.found) / Double(max(1, recall.total)), recall.found, recall.total, buildTime))
    var fitted: MatchModelFitter.Report!
    let fitTime = await seconds {
        fitted = MatchModelFitter().fit(shipped, incoming: incoming.map(PreparedRecord.init), source: "benchmark")
    }
    print(
        String(
            format: "  EM fit %.3f s (%d candidate pairs, %d random pairs, %d rounds)", fitTime, fitted.candidatePairs,
            fitted.randomPairs, fitted.iterations))
    for (name, linker) in [("shipped model", shipped!), ("fitted here", shipped.using(fitted.model))] {
        var links: [BatchLinker.Link] = []
        let linkTime = await seconds { links = await linker.link(incoming, band: .possible) }
        for band in [MatchBand.match, .possible] {
            let chosen = links.filter { $0.band >= band }
            let result = SyntheticPopulation.evaluate(links: chosen.map { ($0.incomingID, $0.indexID) }, truth: truth)
            print(
                String(
                    format: "  %@, %@: precision %.4f recall %.4f F1 %.4f (TP %d, FP %d, FN %d); link %.3f s",
                    name, band.rawValue, result.precision, result.recall, result.f1, result.truePositives,
                    result.falsePositives, result.falseNegatives, linkTime))
        }
        if arguments.contains("--show-errors") && name == "shipped model" {
            showErrors(links, population: population, incoming: incoming, truth: truth, matcher: linker.matcher)
        }
    }
}

/// Wrong links at the match band and missed true pairs, with the matcher's explanation.
func showErrors(
    _ links: [BatchLinker.Link], population: SyntheticPopulation, incoming: [MatchRecord], truth: [String: String],
    matcher: Matcher
) {
    let indexByID = Dictionary(uniqueKeysWithValues: population.index.map { ($0.id, $0) })
    let incomingByID = Dictionary(uniqueKeysWithValues: incoming.map { ($0.id, $0) })
    func line(_ r: MatchRecord) -> String {
        "\(r.givenName)|\(r.familyName)|\(r.dateOfBirth?.iso ?? "-")|\(r.postcode)|\(r.addressLine)|\(r.nhsNumber)"
    }
    func levels(_ e: MatchExplanation) -> String {
        let score = String(format: "%.1f", e.score)
        return "\(e.givenName) \(e.familyName) \(e.dateOfBirth) \(e.place) \(e.nhsNumber) \(e.sex) \(score)"
    }
    for link in links where link.band == .match && truth[link.incomingID] != link.indexID {
        let a = incomingByID[link.incomingID]!
        let b = indexByID[link.indexID]!
        print("FP \(line(a))  ->  \(line(b))  \(levels(matcher.compare(PreparedRecord(a), PreparedRecord(b))))")
    }
    let linked = Set(links.filter { $0.band == .match }.map(\.incomingID))
    for (incomingID, indexID) in truth.sorted(by: { $0.key < $1.key }).prefix(4000)
    where !linked.contains(incomingID) {
        let a = incomingByID[incomingID]!
        let b = indexByID[indexID]!
        print("FN \(line(a))  vs  \(line(b))  \(levels(matcher.compare(PreparedRecord(a), PreparedRecord(b))))")
    }
}
