/// How strongly two records are thought to be the same child.
public enum MatchBand: String, Sendable, Codable, Comparable {
    case match
    case possible
    case nonMatch = "no-match"

    public static func < (lhs: MatchBand, rhs: MatchBand) -> Bool {
        let order: [MatchBand] = [.nonMatch, .possible, .match]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// The agreement level found for each field, and the total weight: the score is the sum of log₂
/// likelihood ratios (Fellegi-Sunter), so +1 doubles the odds that the pair is one child.
public struct MatchExplanation: Sendable, Equatable {
    public enum GivenName: String, Sendable { case exact, nickname, close, phonetic, weak, different, missing }
    public enum FamilyName: String, Sendable { case exact, partOf, close, phonetic, different, missing }
    public enum DateOfBirth: String, Sendable {
        case exact, dayMonthSwapped, oneComponentOff, yearOnly, different, missing
    }
    public enum Place: String, Sendable { case postcodeAndAddress, postcode, sector, district, different, missing }
    public enum Identifier: String, Sendable { case same, different, missing }
    public enum SexLevel: String, Sendable { case same, different, missing }

    public var givenName: GivenName
    public var familyName: FamilyName
    public var namesSwapped: Bool
    public var dateOfBirth: DateOfBirth
    public var place: Place
    public var nhsNumber: Identifier
    public var sex: SexLevel
    public var score: Double
}

/// The matcher: pure, no I/O, shared by search, duplicate checks and the batch linker.
///
/// Weights are set by hand and documented (docs/matching.md), not estimated by EM: they are the log₂
/// of m/u probabilities reasoned from UK child data (m: how often the level occurs for the same child
/// across two agencies; u: how often by chance for two different children), then adjusted so that
/// the household rules hold: a twin (same family name, date of birth and address, clearly different
/// given name) must score below `match`.
public struct Matcher: Sendable {
    public struct Weights: Sendable {
        public var given: [MatchExplanation.GivenName: Double] = [
            .exact: 6.5, .nickname: 5.0, .close: 4.5, .phonetic: 3.0, .weak: 0.5, .different: -7.0, .missing: 0,
        ]
        public var family: [MatchExplanation.FamilyName: Double] = [
            .exact: 5.5, .partOf: 4.5, .close: 4.0, .phonetic: 2.5, .different: -3.5, .missing: 0,
        ]
        public var dateOfBirth: [MatchExplanation.DateOfBirth: Double] = [
            .exact: 8.5, .dayMonthSwapped: 7.0, .oneComponentOff: 5.0, .yearOnly: -2.5, .different: -9.0, .missing: 0,
        ]
        /// Postcode and address are one correlated piece of evidence: the best level counts once.
        public var place: [MatchExplanation.Place: Double] = [
            .postcodeAndAddress: 4.5, .postcode: 4.0, .sector: 1.5, .district: 0.5, .different: -1.0, .missing: 0,
        ]
        public var nhsNumber: [MatchExplanation.Identifier: Double] = [.same: 14, .different: -14, .missing: 0]
        public var sex: [MatchExplanation.SexLevel: Double] = [.same: 0.3, .different: -4.0, .missing: 0]
        /// Given and family names found the other way round cost a little certainty.
        public var swappedNamesPenalty: Double = -1.0

        public init() {}
    }

    public struct Thresholds: Sendable {
        public var match: Double = 16.5
        public var possible: Double = 9.0
        public init() {}
    }

    public var weights = Weights()
    public var thresholds = Thresholds()

    public init() {}

    public func band(for score: Double) -> MatchBand {
        if score >= thresholds.match { return .match }
        if score >= thresholds.possible { return .possible }
        return .nonMatch
    }

    public func compare(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation {
        var given = Self.compareGiven(a, b)
        var family = Self.compareFamily(
            a.family, a.familyParts, a.familySoundexes, b.family, b.familyParts, b.familySoundexes)
        var swapped = false
        if given == .different || family == .different {
            // Given and family names entered the other way round.
            // Whichever record has them the other way round: a's given name against b's family-name
            // field (compared as given names, nicknames and all), a's family name against b's given-name field.
            let swappedGiven = Self.compareNames(a.givenFirst, b.familyParts.first ?? "")
            let swappedFamily = Self.compareFamily(
                a.family, a.familyParts, a.familySoundexes, b.given, b.givenParts, b.givenParts.map(Soundex.code))
            let straight = weights.given[given]! + weights.family[family]!
            let crossed = weights.given[swappedGiven]! + weights.family[swappedFamily]! + weights.swappedNamesPenalty
            if crossed > straight {
                given = swappedGiven
                family = swappedFamily
                swapped = true
            }
        }
        let dob = Self.compareDates(a.dateOfBirth, b.dateOfBirth)
        let place = Self.comparePlace(a, b)
        let nhs: MatchExplanation.Identifier =
            if let x = a.nhsNumber, let y = b.nhsNumber { x == y ? .same : .different } else { .missing }
        let sex: MatchExplanation.SexLevel =
            if a.record.sex == .unknown || b.record.sex == .unknown { .missing } else {
                a.record.sex == b.record.sex ? .same : .different
            }
        var score = weights.given[given]! + weights.family[family]! + weights.dateOfBirth[dob]! + weights.place[place]!
        score += weights.nhsNumber[nhs]! + weights.sex[sex]!
        if swapped { score += weights.swappedNamesPenalty }
        return MatchExplanation(
            givenName: given, familyName: family, namesSwapped: swapped, dateOfBirth: dob, place: place, nhsNumber: nhs,
            sex: sex, score: score)
    }

    static func compareGiven(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation.GivenName {
        guard !a.givenFirst.isEmpty, !b.givenFirst.isEmpty else { return .missing }
        if a.given == b.given || a.givenFirst == b.givenFirst { return .exact }
        if !a.givenRoots.isDisjoint(with: b.givenRoots) { return .nickname }
        // A middle name used as the first name, or the given name written in full in one record.
        if a.givenParts.contains(b.givenFirst) || b.givenParts.contains(a.givenFirst) { return .nickname }
        return compareNames(a.givenFirst, b.givenFirst)
    }

    static func compareNames(_ a: String, _ b: String) -> MatchExplanation.GivenName {
        guard !a.isEmpty, !b.isEmpty else { return .missing }
        if a == b { return .exact }
        if Nicknames.areEquivalent(a, b) { return .nickname }
        let similarity = JaroWinkler.similarity(a, b)
        if similarity >= 0.92 || EditDistance.withinOne(a, b) { return .close }
        if Soundex.code(a) == Soundex.code(b) && similarity >= 0.80 { return .phonetic }
        if similarity >= 0.85 { return .weak }
        return .different
    }

    static func compareFamily(
        _ a: String, _ aParts: [String], _ aCodes: [String], _ b: String, _ bParts: [String], _ bCodes: [String]
    ) -> MatchExplanation.FamilyName {
        guard !a.isEmpty, !b.isEmpty else { return .missing }
        if a == b || aParts.joined() == bParts.joined() { return .exact }
        // A double-barrelled or hyphenated name matches either of its parts.
        if !Set(aParts).isDisjoint(with: bParts) { return .partOf }
        var best = 0.0
        for x in aParts { for y in bParts { best = max(best, JaroWinkler.similarity(x, y)) } }
        best = max(best, JaroWinkler.similarity(a, b))
        if best >= 0.92 || aParts.contains(where: { x in bParts.contains { EditDistance.withinOne(x, $0) } }) {
            return .close
        }
        if !Set(aCodes).isDisjoint(with: bCodes) && best >= 0.80 { return .phonetic }
        return .different
    }

    static func compareDates(_ a: CalendarDate?, _ b: CalendarDate?) -> MatchExplanation.DateOfBirth {
        guard let a, let b else { return .missing }
        if a == b { return .exact }
        if a.year == b.year && a.month == b.day && a.day == b.month { return .dayMonthSwapped }
        let sameYear = a.year == b.year
        let sameMonth = a.month == b.month
        let sameDay = a.day == b.day
        if (sameYear && sameMonth && Self.oneTypo(a.day, b.day))
            || (sameYear && sameDay && Self.oneTypo(a.month, b.month))
            || (sameMonth && sameDay && Self.oneTypo(a.year, b.year))
        {
            return .oneComponentOff
        }
        if sameYear { return .yearOnly }
        return .different
    }

    /// One keying slip: off by one, or one digit different.
    static func oneTypo(_ x: Int, _ y: Int) -> Bool {
        if abs(x - y) == 1 { return true }
        let a = Array(String(x))
        let b = Array(String(y))
        guard a.count == b.count else { return false }
        return zip(a, b).filter { $0 != $1 }.count == 1
    }

    static func comparePlace(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation.Place {
        guard let x = a.postcode, let y = b.postcode else {
            if !a.address.isEmpty && a.address == b.address { return .postcode }
            return .missing
        }
        if x == y {
            return !a.address.isEmpty && a.address == b.address ? .postcodeAndAddress : .postcode
        }
        if x.sector == y.sector { return .sector }
        if x.outward == y.outward { return .district }
        return .different
    }
}
