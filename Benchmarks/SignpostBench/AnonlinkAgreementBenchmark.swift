import Foundation
import SignpostCore

/// G1a of the research: on identical CLKs (clkhash, FEBRL4, the tutorial's schema), the Swift Dice comparison
/// and greedy solver give exactly anonlink's links. `bash Benchmarks/pprl/anonlink.sh WORK` writes the CLKs and
/// anonlink's answer; `signpost-bench anonlink-agreement WORK [threshold]` compares.
func anonlinkAgreementBenchmark(_ arguments: [String]) throws {
    let work = arguments.first ?? "/tmp/signpost-pprl"
    let threshold = arguments.count > 1 ? Double(arguments[1]) ?? 0.8 : 0.8
    func lines(_ name: String) throws -> [String] {
        try String(contentsOfFile: "\(work)/\(name)", encoding: .utf8).split(separator: "\n").map(String.init)
    }
    func words(_ base64: String) -> [UInt64] {
        let bytes = [UInt8](Data(base64Encoded: base64) ?? Data())
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            bytes[start..<min(start + 8, bytes.count)].enumerated().reduce(UInt64(0)) {
                $0 | UInt64($1.element) << UInt64(8 * $1.offset)
            }
        }
    }
    let left = try lines("clks_a.txt").map(words)
    let right = try lines("clks_b.txt").map(words)
    var candidates: [GreedyLinkSolver.Candidate] = []
    let comparing = Date()
    for (a, x) in left.enumerated() {
        for (b, y) in right.enumerated() {
            let dice = GreedyLinkSolver.dice(x, y)
            if dice >= threshold { candidates.append(.init(a: a, b: b, score: dice)) }
        }
    }
    let elapsed = Date().timeIntervalSince(comparing)
    let links = GreedyLinkSolver.solve(candidates)
    let reference = Set(
        try lines("anonlink_links.csv").dropFirst().compactMap { line -> GreedyLinkSolver.Link? in
            let parts = line.split(separator: ",").compactMap { Int($0) }
            return parts.count == 2 ? .init(a: parts[0], b: parts[1]) : nil
        })
    let referenceScores = try lines("anonlink_candidates.csv").dropFirst().reduce(into: [String: Double]()) {
        let parts = $1.split(separator: ",")
        if parts.count == 3, let score = Double(parts[2]) { $0["\(parts[0]),\(parts[1])"] = score }
    }
    let worstScoreGap = candidates.map { abs(($0.score) - (referenceScores["\($0.a),\($0.b)"] ?? -1)) }.max() ?? 0
    let mine = Set(links)
    print("anonlink agreement on \(left.count) x \(right.count) CLKs of \((left.first?.count ?? 0) * 64) bits")
    print(
        String(
            format: "  %d candidates at Dice >= %.2f (anonlink %d), largest score difference %.1e; %.1f M Dice/s",
            candidates.count, threshold, referenceScores.count, worstScoreGap,
            Double(left.count * right.count) / elapsed / 1e6))
    print(
        "  links: Swift \(mine.count), anonlink \(reference.count), identical: \(mine == reference) "
            + "(only Swift \(mine.subtracting(reference).count), only anonlink \(reference.subtracting(mine).count))")
    let idsA = try lines("ids_a.txt")
    let idsB = try lines("ids_b.txt")
    func number(_ id: String) -> String { id.split(separator: "-").dropFirst().first.map(String.init) ?? id }
    let correct = mine.filter { number(idsA[$0.a]) == number(idsB[$0.b]) }.count
    let truePairs = Set(idsA.map(number)).intersection(idsB.map(number)).count
    let precision = Double(correct) / Double(max(1, mine.count))
    let recall = Double(correct) / Double(max(1, truePairs))
    print(
        String(
            format: "  Swift links against the truth: precision %.4f, recall %.4f, F1 %.4f (%d true pairs)", precision,
            recall, 2 * precision * recall / max(1e-9, precision + recall), truePairs))
}
