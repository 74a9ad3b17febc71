import Foundation

/// A fitted Fellegi-Sunter model: for each comparison level, m (how often it occurs when two records are
/// one child) and u (how often by chance for two different children), and the prior odds of a match.
/// Estimated by `MatchModelFitter` on the data being linked and stored as a versioned JSON file; the
/// household rules are not in the model, they are hard constraints in `Matcher`.
public struct MatchModel: Codable, Sendable, Equatable {
    public static let format = "signpost-match-model"
    public static let formatVersion = 1
    /// The comparisons, in the order `MatchExplanation.levelIndices` gives them.
    public static let comparisonNames = [
        "given_name", "family_name", "date_of_birth", "place", "nhs_number", "sex",
    ]
    static let levelNames: [[String]] = [
        names(MatchExplanation.GivenName.self), names(MatchExplanation.FamilyName.self),
        names(MatchExplanation.DateOfBirth.self), names(MatchExplanation.Place.self),
        names(MatchExplanation.Identifier.self),
        names(MatchExplanation.SexLevel.self),
    ]
    static let neutralLevels: [Set<Int>] = [
        neutral(MatchExplanation.GivenName.self), neutral(MatchExplanation.FamilyName.self),
        neutral(MatchExplanation.DateOfBirth.self), neutral(MatchExplanation.Place.self),
        neutral(MatchExplanation.Identifier.self),
        neutral(MatchExplanation.SexLevel.self),
    ]

    public struct Level: Codable, Sendable, Equatable {
        public var name: String
        /// Absent for a neutral level (missing values): its weight is 0.
        public var m: Double?
        public var u: Double?
    }

    public struct Comparison: Codable, Sendable, Equatable {
        public var name: String
        public var levels: [Level]
    }

    public var format: String = MatchModel.format
    public var version: Int = MatchModel.formatVersion
    /// What the model was fitted on, for the operator: sizes and the source, never records.
    public var fittedOn: String
    /// log₂ of the prior odds that two records, one from each side, are one child.
    public var log2PriorOdds: Double
    public var comparisons: [Comparison]

    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self {
            case .invalid(let reason): "not a Signpost match model: \(reason)"
            }
        }
    }

    /// Reads and checks a model file's contents: every comparison and level present, probabilities in (0, 1].
    public static func decode(_ data: Data) throws -> MatchModel {
        let model: MatchModel
        do { model = try JSONDecoder().decode(MatchModel.self, from: data) } catch {
            throw LoadError.invalid("the JSON does not have the model's shape")
        }
        guard model.format == format else { throw LoadError.invalid("format is not \(format)") }
        guard model.version == formatVersion else {
            throw LoadError.invalid("version \(model.version); this Signpost reads version \(formatVersion)")
        }
        guard model.comparisons.map(\.name) == comparisonNames else {
            throw LoadError.invalid("the comparisons must be \(comparisonNames.joined(separator: ", "))")
        }
        for (position, comparison) in model.comparisons.enumerated() {
            guard comparison.levels.map(\.name) == levelNames[position] else {
                throw LoadError.invalid("\(comparison.name) must have the levels \(levelNames[position])")
            }
            for (index, level) in comparison.levels.enumerated() where !neutralLevels[position].contains(index) {
                guard let m = level.m, let u = level.u, m > 0, m <= 1, u > 0, u <= 1 else {
                    throw LoadError.invalid("\(comparison.name).\(level.name) needs m and u in (0, 1]")
                }
            }
        }
        guard model.log2PriorOdds.isFinite, abs(model.log2PriorOdds) < 60 else {
            throw LoadError.invalid("log2PriorOdds must be a finite number")
        }
        return model
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try! encoder.encode(self)
    }

    /// log₂(m/u) for each level, by comparison; neutral levels 0. Bounded at ±20 so that one field can
    /// never be infinitely decisive, and never below the comparison's `different` level: a level the fitting
    /// data rarely showed for true pairs (a mistyped month) must not count against more than a plain disagreement.
    public var weightTable: [[Double]] {
        comparisons.enumerated().map { position, comparison in
            let raw = comparison.levels.enumerated().map { index, level -> Double in
                guard !Self.neutralLevels[position].contains(index), let m = level.m, let u = level.u else { return 0 }
                return min(20, max(-20, log2(m / u)))
            }
            guard let different = Self.levelNames[position].firstIndex(of: "different") else { return raw }
            return raw.enumerated().map { index, weight in index < different ? max(weight, raw[different]) : weight }
        }
    }

    /// The chance agreement of a comparison's first `levels` levels: the average that term frequencies refine.
    func chanceAgreement(_ position: Int, levels: Int = 1) -> Double {
        comparisons[position].levels.prefix(levels).compactMap(\.u).reduce(0, +)
    }

    static func names<L: ComparisonLevel>(_: L.Type) -> [String] { L.allCases.map(\.rawValue) }
    static func neutral<L: ComparisonLevel>(_: L.Type) -> Set<Int> {
        Set(Array(L.allCases).enumerated().filter { L.neutral.contains($0.element) }.map(\.offset))
    }
}

/// How common each given name, family name and postcode is in the index: agreeing on a rare name is
/// stronger evidence than agreeing on a common one (term-frequency adjustment).
public struct TermFrequencies: Sendable {
    var given: [String: Double] = [:]
    var family: [String: Double] = [:]
    var postcode: [String: Double] = [:]

    public init(_ records: [PreparedRecord]) {
        func table(_ values: [String]) -> [String: Double] {
            let present = values.filter { !$0.isEmpty }
            guard !present.isEmpty else { return [:] }
            var counts: [String: Int] = [:]
            for value in present { counts[value, default: 0] += 1 }
            let total = Double(present.count)
            return counts.mapValues { Double($0) / total }
        }
        given = table(records.map(\.givenFirst))
        family = table(records.map(\.family))
        postcode = table(records.map(\.postcodeText))
    }

    /// The change to an exact agreement's weight: log₂(average u / this value's frequency), at most ±3
    /// so that one very rare or very common value cannot decide a pair.
    static func adjustment(frequency: Double?, averageU: Double) -> Double {
        guard let frequency, frequency > 0 else { return 0 }
        return min(3, max(-3, log2(averageU / frequency)))
    }
}
