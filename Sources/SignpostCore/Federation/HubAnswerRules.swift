import Foundation

/// How the hub turns Dice scores into the answer a node sees: pointers in two bands, never a score
/// (similarity tables fingerprint the people behind them: Culnane, Rubinstein and Teague). Pure.
///
/// The thresholds are those at which query mode on the held-out synthetic children (seed 777, siblings and
/// twins included) gave precision 0.998 ("likely") and 0.973 ("possible"): docs/hub-encoding.md.
public enum HubAnswerRules {
    public static let likelyThreshold = 0.90
    public static let possibleThreshold = 0.85
    /// Two candidates of one authority this close are flagged: they may be siblings or twins, so the asking
    /// practitioner must confirm which child it is with the holding authority.
    public static let leaderAdvantage = 0.02
    /// At most this many pointers to one authority: a node that enrolled many copies of a child's encoding
    /// cannot crowd the real holders out of an answer.
    public static let maxPerAuthority = 3

    public enum Band: String, Sendable, Codable, CaseIterable {
        case likely
        case possible
    }

    public struct Scored: Sendable, Equatable {
        public var authority: String
        public var handle: String
        public var dice: Double
        /// Whether both sides carry an NHS-number token, and whether they agree.
        public var nhsAgreement: Bool?

        public init(authority: String, handle: String, dice: Double, nhsAgreement: Bool?) {
            self.authority = authority
            self.handle = handle
            self.dice = dice
            self.nhsAgreement = nhsAgreement
        }
    }

    public struct Pointer: Sendable, Equatable {
        public var authority: String
        public var handle: String
        public var band: Band
        public var ambiguous: Bool
    }

    /// The band of one candidate: the same NHS number is the strongest evidence there is; two different
    /// valid NHS numbers are strong evidence of two children, so such a candidate is never "likely".
    public static func band(_ candidate: Scored) -> Band? {
        switch candidate.nhsAgreement {
        case true?: return .likely
        case false?: return candidate.dice >= likelyThreshold ? .possible : nil
        case nil:
            if candidate.dice >= likelyThreshold { return .likely }
            return candidate.dice >= possibleThreshold ? .possible : nil
        }
    }

    /// The answer: the best candidates in a band of each authority (at most `maxPerAuthority`), likely first,
    /// with near-ties within one authority flagged. The asking node's own records are left out: it knows them.
    public static func pointers(_ candidates: [Scored], askingNode: String) -> [Pointer] {
        let banded = candidates.filter { $0.authority != askingNode }.compactMap { candidate in
            band(candidate).map { (candidate, $0) }
        }
        let byAuthority = Dictionary(grouping: banded, by: { $0.0.authority })
        return byAuthority.values.flatMap { group in
            group.sorted { ($0.0.dice, $1.0.handle) > ($1.0.dice, $0.0.handle) }.prefix(maxPerAuthority).map {
                candidate, band in
                let rivals = group.filter {
                    $0.0.handle != candidate.handle && abs($0.0.dice - candidate.dice) <= leaderAdvantage
                }
                return Pointer(
                    authority: candidate.authority, handle: candidate.handle, band: band, ambiguous: !rivals.isEmpty)
            }
        }
        .sorted {
            ($0.band == .likely ? 0 : 1, $0.authority, $0.handle) < (
                $1.band == .likely ? 0 : 1, $1.authority, $1.handle
            )
        }
    }
}
