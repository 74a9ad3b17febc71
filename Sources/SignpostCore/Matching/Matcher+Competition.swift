import Foundation

/// A query is at most one child, so candidates compete for it: when two children both look like the one
/// asked for (twins, and one record has no given name), neither is a `match`, however well each scores alone.
///
/// Each candidate's score is log₂ of its odds against "some other child, or none". Under that exclusivity its
/// odds become o / (1 + Σ other o), where only candidates the household rules leave open compete: a rival the
/// rules already cap at `possible` (a twin with a clearly different given name) is held to be another child.
extension Matcher {
    public struct Contender: Sendable, Equatable {
        public var score: Double
        /// The household rules cap this candidate at `possible`: it does not compete.
        public var capped: Bool
        public init(score: Double, capped: Bool) {
            self.score = score
            self.capped = capped
        }
    }

    /// Each contender's score once the others' odds are taken from it (capped ones keep theirs: they never
    /// reach `match` anyway). O(n²) over the candidates of one query, which are few.
    public func competingScores(_ contenders: [Contender]) -> [Double] {
        contenders.enumerated().map { position, contender in
            let rivals = contenders.enumerated().filter { $0.offset != position && !$0.element.capped }
                .map(\.element.score)
            return competingScore(contender, rivals: rivals)
        }
    }

    /// One contender's score against its uncapped rivals. Rivals can make a candidate uncertain, never invisible:
    /// one that was `possible` or better alone stays at least `possible` (two equal twins are each an even chance).
    public func competingScore(_ contender: Contender, rivals: [Double]) -> Double {
        guard !contender.capped else { return contender.score }
        let shared = contender.score - Self.log2OnePlusSumOfOdds(rivals)
        return max(shared, min(contender.score, thresholds.possible))
    }

    /// log₂(1 + Σ 2^s), computed without overflow for large scores.
    static func log2OnePlusSumOfOdds(_ scores: [Double]) -> Double {
        let top = max(0, scores.max() ?? 0)
        let sum = exp2(-top) + scores.reduce(0) { $0 + exp2($1 - top) }
        return top + log2(sum)
    }
}
