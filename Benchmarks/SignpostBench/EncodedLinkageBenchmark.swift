import Foundation
import SignpostCore

/// G1b of the research: the project's own encoder against the plain-text matcher on FEBRL4. It reads the
/// extracts `Benchmarks/linkage/febrl4.sh` writes (index.csv, incoming.csv, truth.csv, and the matcher's
/// fitted-match.csv and fitted-possible.csv), encodes both sides under a fresh secret, links them one to
/// one (every candidate at Dice >= t, then `GreedyLinkSolver`), and scores both against the truth.
/// `signpost-bench encoded-linkage [dir]`.
func encodedLinkageBenchmark(_ arguments: [String]) throws {
    let folder = arguments.first ?? "/tmp/signpost-febrl4"
    func lines(_ name: String) throws -> [Substring] {
        try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0 }
    }
    // The first six fields come before FEBRL's quoted address, so a plain split reads them.
    func record(_ line: Substring) -> MatchRecord {
        let fields = line.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
        return MatchRecord(
            id: field(0), givenName: field(1), familyName: field(2), dateOfBirth: CalendarDate(iso: field(3)),
            sex: MatchRecord.Sex(loose: field(4)), postcode: field(5), addressLine: "", nhsNumber: "")
    }
    func pairs(_ name: String) throws -> Set<String> {
        Set(try lines(name).map { line in line.split(separator: ",").prefix(2).joined(separator: ",") })
    }
    let index = try lines("index.csv").map(record)
    let incoming = try lines("incoming.csv").map(record)
    let truth = try pairs("truth.csv")
    let secret = try LinkageSecret.generate(epoch: "g1b")
    let encoder = LinkageEncoder(secret: secret)
    var stored = LinkageIndex(epoch: secret.epoch)
    for record in index { _ = try stored.append(encoder.encode(record)) }
    let queries = incoming.map { encoder.encode($0) }
    func score(_ links: Set<String>) -> (p: Double, r: Double, f1: Double) {
        let right = Double(links.intersection(truth).count)
        let p = right / Double(max(1, links.count))
        let r = right / Double(max(1, truth.count))
        return (p, r, 2 * p * r / max(1e-9, p + r))
    }
    print("encoded linkage on FEBRL4: \(index.count) index, \(incoming.count) incoming, \(truth.count) true pairs")
    for threshold in [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65] {
        var candidates: [GreedyLinkSolver.Candidate] = []
        for (position, query) in queries.enumerated() {
            for found in stored.candidates(for: query, threshold: threshold, limit: 50) {
                candidates.append(.init(a: position, b: found.slot, score: found.dice))
            }
        }
        let links = Set(GreedyLinkSolver.solve(candidates).map { "\(incoming[$0.a].id),\(index[$0.b].id)" })
        let (p, r, f1) = score(links)
        print(String(format: "  encoder, greedy at Dice >= %.2f: P %.4f R %.4f F1 %.4f", threshold, p, r, f1))
    }
    for name in ["fitted-match.csv", "fitted-possible.csv"] {
        guard let links = try? pairs(name) else { continue }
        let (p, r, f1) = score(links)
        print(String(format: "  plain-text matcher (%@): P %.4f R %.4f F1 %.4f", name, p, r, f1))
    }
}
