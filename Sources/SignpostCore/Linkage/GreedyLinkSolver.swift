/// One-to-one linkage of two datasets from scored candidate pairs, as anonlink's `greedy_solve` does for two
/// parties: the best-scoring pair first, each record in at most one link. Ties go to the lower record of the
/// first dataset, then of the second, so the answer does not depend on the order candidates arrive in.
public enum GreedyLinkSolver {
    public struct Candidate: Sendable, Equatable {
        public var a: Int
        public var b: Int
        public var score: Double

        public init(a: Int, b: Int, score: Double) {
            self.a = a
            self.b = b
            self.score = score
        }
    }

    public struct Link: Sendable, Hashable {
        public var a: Int
        public var b: Int

        public init(a: Int, b: Int) {
            self.a = a
            self.b = b
        }
    }

    public static func solve(_ candidates: [Candidate]) -> [Link] {
        let ordered = candidates.sorted { ($1.score, $0.a, $0.b) < ($0.score, $1.a, $1.b) }
        var linkedA = Set<Int>()
        var linkedB = Set<Int>()
        var links: [Link] = []
        for candidate in ordered where !linkedA.contains(candidate.a) && !linkedB.contains(candidate.b) {
            linkedA.insert(candidate.a)
            linkedB.insert(candidate.b)
            links.append(Link(a: candidate.a, b: candidate.b))
        }
        return links.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// The Sørensen–Dice coefficient of two bit strings of any length, as 64-bit words; 0 when both are empty.
    public static func dice(_ x: [UInt64], _ y: [UInt64]) -> Double {
        var common = 0
        var total = 0
        for index in 0..<min(x.count, y.count) {
            common += (x[index] & y[index]).nonzeroBitCount
            total += x[index].nonzeroBitCount + y[index].nonzeroBitCount
        }
        return total == 0 ? 0 : 2 * Double(common) / Double(total)
    }
}
