import Foundation

/// The matcher: pure, no I/O, shared by search, duplicate checks and the batch linker.
///
/// The weights come from a fitted `MatchModel` (EM on the data being linked, docs/matching.md); the
/// household rules do not. They are hard constraints applied after the weights, so no learned weight can
/// override them: a clearly different given name with an agreeing family name (a twin, a sibling, or
/// FEBRL's replaced given names) is never `match`.
public struct Matcher: Sendable {
    public struct Thresholds: Sendable {
        /// A posterior probability of 0.99: 99 to 1 on, once rivals have taken their share (`competingScores`).
        /// Not 0.999: the evaluation (docs/matching.md) found no wrong link at `match` down to about 16 to 1 on
        /// the synthetic seeds used for tuning and on FEBRL4, so 0.99 keeps a margin of more than 2 bits and finds
        /// 2.5 to 3 points more of the true pairs than 0.999 did.
        public var match: Double = log2(99)
        /// An even chance.
        public var possible: Double = 0
        public init() {}
    }

    public let model: MatchModel
    /// log₂ m/u by comparison and level (`MatchModel.comparisonNames` order).
    let weights: [[Double]]
    public var termFrequencies: TermFrequencies?
    public var thresholds = Thresholds()
    /// Given and family names found the other way round cost a little certainty.
    public var swappedNamesPenalty: Double = -1.0

    public init(model: MatchModel = .shipped, termFrequencies: TermFrequencies? = nil) {
        self.model = model
        self.weights = model.weightTable
        self.termFrequencies = termFrequencies
    }

    public func band(for score: Double) -> MatchBand {
        if score >= thresholds.match { return .match }
        if score >= thresholds.possible { return .possible }
        return .nonMatch
    }

    /// The posterior probability that the pair is one child, from a score (log₂ odds).
    public func probability(for score: Double) -> Double { 1 / (1 + exp2(-score)) }

    public func weight<L: ComparisonLevel>(_ comparison: Int, _ level: L) -> Double {
        weights[comparison][MatchExplanation.position(level)]
    }

    public func compare(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation {
        var given = MatchComparisons.given(a, b)
        var family = MatchComparisons.family(a, b)
        var swapped = false
        if given == .different || family == .different {
            // Given and family names entered the other way round, in whichever record: a's given name against
            // b's family-name field (as given names, nicknames and all), a's family name against b's given name.
            let swappedGiven = MatchComparisons.names(a.givenFirst, b.familyParts.first ?? "")
            let swappedFamily = MatchComparisons.family(
                a.family, a.familyParts, a.familySoundexes, b.given, b.givenParts, b.givenParts.map(Soundex.code))
            let straight = weight(0, given) + weight(1, family)
            let crossed = weight(0, swappedGiven) + weight(1, swappedFamily) + swappedNamesPenalty
            if crossed > straight {
                given = swappedGiven
                family = swappedFamily
                swapped = true
            }
        }
        let nhs: MatchExplanation.Identifier =
            if let x = a.nhsNumber, let y = b.nhsNumber { x == y ? .same : .different } else { .missing }
        let sex: MatchExplanation.SexLevel =
            if a.record.sex == .unknown || b.record.sex == .unknown { .missing } else {
                a.record.sex == b.record.sex ? .same : .different
            }
        var explanation = MatchExplanation(
            givenName: given, familyName: family, namesSwapped: swapped,
            dateOfBirth: MatchComparisons.dates(a.dateOfBirth, b.dateOfBirth),
            place: MatchComparisons.place(a, b), nhsNumber: nhs, sex: sex)
        if family == .different, Self.surnameChangeExplains(explanation) { explanation.familyName = .changed }
        explanation.ceiling = Self.ceiling(explanation)
        explanation.score = score(explanation, a, b)
        return explanation
    }

    /// The given name, date of birth and place agree, so a different family name is most likely a change.
    static func surnameChangeExplains(_ e: MatchExplanation) -> Bool {
        [.exact, .nickname].contains(e.givenName) && e.dateOfBirth == .exact && !e.namesSwapped
            && [.exact, .postcode, .address].contains(e.place)
    }

    /// The household rules: a clearly different given name with an agreeing family name (a twin, a sibling)
    /// is at best `possible`; so is a pair whose names both differ, or that only agrees once the names are
    /// read the other way round and even then one of them differs (a twin entered surname first); so is a
    /// pair with two different valid NHS numbers (a slip in one usually fails Modulus 11 and counts as missing).
    static func ceiling(_ e: MatchExplanation) -> MatchBand {
        if e.nhsNumber == .different { return .possible }
        let givenDiffers = [.different, .weak].contains(e.givenName)
        let familyDiffers = [.different, .changed].contains(e.familyName)
        if givenDiffers && !familyDiffers && e.familyName != .missing { return .possible }
        if givenDiffers && familyDiffers { return .possible }
        if e.namesSwapped && (givenDiffers || familyDiffers) { return .possible }
        return .match
    }

    func score(_ e: MatchExplanation, _ a: PreparedRecord, _ b: PreparedRecord) -> Double {
        var total = model.log2PriorOdds
        for (comparison, level) in e.levelIndices.enumerated() { total += weights[comparison][level] }
        if e.namesSwapped { total += swappedNamesPenalty }
        if let frequencies = termFrequencies {
            if e.givenName == .exact && !e.namesSwapped {
                total += TermFrequencies.adjustment(
                    frequency: frequencies.given[b.givenFirst], averageU: model.chanceAgreement(0))
            }
            if e.familyName == .exact && !e.namesSwapped {
                total += TermFrequencies.adjustment(
                    frequency: frequencies.family[b.family], averageU: model.chanceAgreement(1))
            }
            if [.exact, .postcode, .postcodeOtherAddress].contains(e.place) {
                total += TermFrequencies.adjustment(
                    frequency: frequencies.postcode[b.postcodeText], averageU: model.chanceAgreement(3, levels: 3))
            }
        }
        // Capped just below the band the household rules allow, so every caller that bands a score obeys them.
        if e.ceiling == .possible { total = min(total, thresholds.match - 0.01) }
        return total
    }
}
