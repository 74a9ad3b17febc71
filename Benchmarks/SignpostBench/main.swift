import Foundation
import SignpostCore

/// Benchmarks, run in release mode: `swift run -c release signpost-bench linkage [children] [seed]`.
/// Prints figures in a form that can be pasted into docs/benchmarks.md.

func seconds(_ body: () async -> Void) async -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "linkage"

switch command {
case "linkage":
    let children = arguments.count > 1 ? Int(arguments[1]) ?? 20_000 : 20_000
    let seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1
    let population = SyntheticPopulation.generate(children: children, seed: seed)
    let incoming = Array(population.incoming.prefix(5_000))
    let truth = population.truth.filter { id, _ in incoming.contains { $0.id == id } }
    var linker: BatchLinker!
    let buildTime = await seconds { linker = await BatchLinker.build(index: population.index) }
    var links: [BatchLinker.Link] = []
    let linkTime = await seconds { links = await linker.link(incoming) }
    let result = SyntheticPopulation.evaluate(links: links.map { ($0.incomingID, $0.indexID) }, truth: truth)
    print("linkage: \(incoming.count) incoming x \(population.index.count) index (seed \(seed))")
    print(String(format: "  index build %.3f s, linking %.3f s, total %.3f s", buildTime, linkTime, buildTime + linkTime))
    print(String(format: "  precision %.4f  recall %.4f  F1 %.4f  (TP %d, FP %d, FN %d)", result.precision, result.recall, result.f1, result.truePositives, result.falsePositives, result.falseNegatives))
    if arguments.contains("--show-errors") {
        let indexByID = Dictionary(uniqueKeysWithValues: population.index.map { ($0.id, $0) })
        let incomingByID = Dictionary(uniqueKeysWithValues: incoming.map { ($0.id, $0) })
        let matcher = Matcher()
        for link in links where truth[link.incomingID] != link.indexID {
            let a = incomingByID[link.incomingID]!
            let b = indexByID[link.indexID]!
            print("FP \(a.givenName)|\(a.familyName)|\(a.dateOfBirth?.iso ?? "-")|\(a.postcode)  ->  \(b.givenName)|\(b.familyName)|\(b.dateOfBirth?.iso ?? "-")|\(b.postcode)  \(matcher.compare(PreparedRecord(a), PreparedRecord(b)))")
        }
        let linked = Set(links.map(\.incomingID))
        var shown = 0
        for (incomingID, indexID) in truth where !linked.contains(incomingID) && shown < 40 {
            shown += 1
            let a = incomingByID[incomingID]!
            let b = indexByID[indexID]!
            let e = matcher.compare(PreparedRecord(a), PreparedRecord(b))
            print("FN \(a.givenName)|\(a.familyName)|\(a.dateOfBirth?.iso ?? "-")|\(a.postcode)|\(a.nhsNumber)  vs  \(b.givenName)|\(b.familyName)|\(b.dateOfBirth?.iso ?? "-")|\(b.postcode)|\(b.nhsNumber)  \(e.givenName) \(e.familyName) \(e.dateOfBirth) \(e.place) \(e.nhsNumber) \(e.sex) \(e.score)")
        }
    }
default:
    print("usage: signpost-bench linkage [children] [seed] [--show-errors]")
}
