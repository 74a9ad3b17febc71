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

/// A comparison's agreement levels, best first. `missing` (one side has no value) is always neutral:
/// missing information is not disagreement, so its weight is 0 by construction and never fitted.
public protocol ComparisonLevel: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// Levels whose weight is fixed at 0 rather than estimated.
    static var neutral: Set<Self> { get }
}

/// The agreement level found for each field and the total: the score is the log₂ posterior odds that
/// the pair is one child (Fellegi-Sunter: the prior odds plus each level's log₂ m/u), so +1 doubles the
/// odds, 0 is an even chance and about 10 is 999 to 1.
public struct MatchExplanation: Sendable, Equatable {
    public enum GivenName: String, ComparisonLevel {
        /// `initial`: one is an initial, a prefix or an abbreviation of the other (J, Jo, Jn for John).
        /// `nicknameTypo`: a known diminutive with one slip (Lizie for Elizabeth).
        /// `twoEdits`: two keying slips in a longer name.
        case exact, nickname, close, initial, nicknameTypo, twoEdits, phonetic, weak, different, missing
        public static let neutral: Set<Self> = [.missing]
    }
    public enum FamilyName: String, ComparisonLevel {
        /// `changed`: clearly different, but given name, date of birth and place all agree, the commonest
        /// reason being a child whose surname changed. Neutral: the disagreement is explained, not evidence.
        case exact, partOf, close, twoEdits, phonetic, changed, different, missing
        public static let neutral: Set<Self> = [.changed, .missing]
    }
    public enum DateOfBirth: String, ComparisonLevel {
        /// `withinTwoDays`: one or two days apart, across a month end too. `otherYear`: the same day and
        /// month in another year. `sameYear`: only the year agrees.
        case exact, dayMonthSwapped, withinTwoDays, oneComponentOff, otherYear, sameYear, different, missing
        public static let neutral: Set<Self> = [.missing]
    }
    /// Postcode and address are one correlated piece of evidence (a household shares both), so they are one
    /// comparison: `exact` is the same postcode and the same or a similar address; `postcode` the same postcode
    /// with no address on one side; `postcodeOtherAddress` the same postcode and a different address (a flat in
    /// the same block, a neighbour); `address` the same or a similar address
    /// without the postcode; `postcodeTypo` one slip in it;
    /// `sector` and `district` UK postcodes close by; `sameStreet` a street name shared.
    public enum Place: String, ComparisonLevel {
        case exact, postcode, postcodeOtherAddress, address, postcodeTypo, sector, district, sameStreet, different
        case missing
        public static let neutral: Set<Self> = [.missing]
    }
    public enum Identifier: String, ComparisonLevel {
        case same, different, missing
        public static let neutral: Set<Self> = [.missing]
    }
    public enum SexLevel: String, ComparisonLevel {
        case same, different, missing
        public static let neutral: Set<Self> = [.missing]
    }

    public var givenName: GivenName
    public var familyName: FamilyName
    public var namesSwapped: Bool
    public var dateOfBirth: DateOfBirth
    public var place: Place
    public var nhsNumber: Identifier
    public var sex: SexLevel
    /// The best band the household rules allow, whatever the weights say (`Matcher.ceiling`).
    public var ceiling: MatchBand = .match
    public var score: Double = 0

    /// The level of each comparison as an index into its `allCases`, in `MatchModel.comparisons` order.
    var levelIndices: [Int] {
        [
            Self.position(givenName), Self.position(familyName), Self.position(dateOfBirth),
            Self.position(place), Self.position(nhsNumber), Self.position(sex),
        ]
    }

    static func position<L: ComparisonLevel>(_ level: L) -> Int {
        Array(L.allCases).firstIndex(of: level)!
    }
}
