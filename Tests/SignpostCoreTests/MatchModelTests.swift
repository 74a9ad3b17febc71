import Foundation
import Testing

@testable import SignpostCore

/// The comparison levels for each class of difference seen between two agencies' records, the model file,
/// and the EM fit (docs/matching.md).
@Suite("Matching: comparison levels, the model file and EM")
struct MatchModelTests {
    let matcher = Matcher()

    func record(
        _ given: String, _ family: String, _ dob: String?, postcode: String = "", address: String = "",
        nhs: String = ""
    ) -> PreparedRecord {
        PreparedRecord(
            MatchRecord(
                id: "\(given)-\(family)", givenName: given, familyName: family,
                dateOfBirth: dob.flatMap(CalendarDate.init(iso:)), postcode: postcode, addressLine: address,
                nhsNumber: nhs))
    }

    @Test(
        "given names: initials, prefixes, abbreviations, nicknames with a slip and heavy typos",
        arguments: [
            ("J", "John", MatchExplanation.GivenName.initial), ("Tam", "Tamsin", .initial), ("Jn", "John", .initial),
            ("Wm", "William", .initial), ("Lizie", "Elizabeth", .nicknameTypo), ("Bil", "William", .nicknameTypo),
            ("CHRSITPHER", "Christopher", .close), ("Mia", "Mila", .close), ("Izabela", "Isabella", .twoEdits),
            ("Oliver", "Harry", .different), ("", "Harry", .missing),
        ])
    func givenNameLevels(typed: String, known: String, expected: MatchExplanation.GivenName) {
        #expect(matcher.compare(record(typed, "Khan", nil), record(known, "Khan", nil)).givenName == expected)
    }

    @Test func anInitialIsNotAnAbbreviationOfADifferentName() {
        #expect(!MatchComparisons.isAbbreviation("mia", of: "mila"), "one dropped letter is a typo, not a short form")
        #expect(!MatchComparisons.isAbbreviation("k", of: "john"))
        #expect(MatchComparisons.isAbbreviation("chas", of: "charles"))
    }

    @Test func datesOneOrTwoDaysApartAcrossAMonthEnd() {
        let a = record("Noah", "Khan", "2015-03-31")
        #expect(matcher.compare(a, record("Noah", "Khan", "2015-04-02")).dateOfBirth == .withinTwoDays)
        #expect(matcher.compare(a, record("Noah", "Khan", "2015-04-03")).dateOfBirth != .withinTwoDays)
    }

    @Test func postcodesWithoutSpacesInLowerCaseWithATypoOrFromAbroad() {
        let a = record("Ava", "Price", nil, postcode: "LS6 2AB")
        func level(_ postcode: String, from origin: PreparedRecord) -> MatchComparisons.PostcodeAgreement {
            MatchComparisons.postcode(origin, record("Ava", "Price", nil, postcode: postcode))
        }
        #expect(level("ls62ab", from: a) == .exact)
        #expect(level("LS6 2AD", from: a) == .sector)
        #expect(level("LS8 2AB", from: a) == .typo)
        #expect(level("LS6 9XY", from: a) == .district)
        let abroad = record("Ava", "Price", nil, postcode: "4305")
        #expect(level("4305", from: abroad) == .exact)
        #expect(level("4350", from: abroad) == .typo)
        #expect(level("2611", from: abroad) == .different)
    }

    @Test func addressesWrittenDifferently() {
        let a = record("Ava", "Price", nil, address: "12 Church Road, Headingley")
        func level(_ address: String) -> MatchComparisons.AddressAgreement {
            MatchComparisons.address(a, record("Ava", "Price", nil, address: address))
        }
        #expect(level("12 church rd headingley") == .exact)
        #expect(level("Flat 2, 12 Church Road") == .similar)
        #expect(level("40 Church Road") == .sameStreet)
        #expect(level("3 Mill Lane") == .different)
    }

    @Test func postcodeAndAddressAreOnePieceOfEvidence() {
        let a = record("Ava", "Price", nil, postcode: "LS6 2AB", address: "3 Elm Grove")
        func place(_ postcode: String, _ address: String) -> MatchExplanation.Place {
            matcher.compare(a, record("Ava", "Price", nil, postcode: postcode, address: address)).place
        }
        #expect(place("LS6 2AB", "3 elm grove") == .exact)
        #expect(place("LS6 2AB", "9 Mill Lane") == .postcodeOtherAddress)
        #expect(place("LS6 2AB", "") == .postcode)
        #expect(place("", "3 Elm Grove") == .address)
        #expect(place("LS8 2AB", "9 Mill Lane") == .postcodeTypo)
        #expect(place("M8 9RU", "9 Mill Lane") == .different)
        #expect(place("", "") == .missing)
        // A move costs once: the model has one weight for a different place, not one each for postcode and address.
        #expect(MatchModel.comparisonNames.filter { $0 == "place" }.count == 1)
    }

    @Test func aChangedSurnameIsNeutralWhenEverythingElseAgrees() {
        let a = record("Maisie", "Turner", "2016-02-11", postcode: "LS6 2AB", address: "4 Elm Grove")
        let changed = matcher.compare(
            a, record("Maisie", "Okafor", "2016-02-11", postcode: "LS6 2AB", address: "4 Elm Grove"))
        #expect(changed.familyName == .changed)
        #expect(matcher.weight(1, MatchExplanation.FamilyName.changed) == 0)
        #expect(matcher.band(for: changed.score) == .match)
        // Without the place, a new surname is just a different surname.
        let elsewhere = matcher.compare(a, record("Maisie", "Okafor", "2016-02-11", postcode: "M8 9RU"))
        #expect(elsewhere.familyName == .different)
    }

    @Test func missingValuesAreNeutralNotNegative() {
        let full = record("Ava", "Price", "2016-01-01", postcode: "LS6 2AB", address: "3 Elm Grove")
        let base = matcher.compare(full, record("Ava", "Price", "2016-01-01")).score
        let noNHS = matcher.compare(full, record("Ava", "Price", "2016-01-01", nhs: "")).score
        #expect(noNHS == base)
        for comparison in MatchModel.comparisonNames.indices {
            for level in MatchModel.neutralLevels[comparison] {
                #expect(matcher.weights[comparison][level] == 0, "\(MatchModel.comparisonNames[comparison])")
            }
        }
    }

    @Test func aCloserAgreementNeverCountsAgainstMoreThanADifferentValue() {
        // A level the fitting data never showed for true pairs (a mistyped month, say) gets a tiny m; it still
        // weighs no worse than a plainly different value.
        var model = MatchModel.shipped
        model.comparisons[2].levels[5].m = 1e-9
        let weights = Matcher(model: model).weights
        for (c, levels) in weights.enumerated() {
            let different = MatchModel.levelNames[c].firstIndex(of: "different")!
            for level in 0..<different {
                #expect(levels[level] >= levels[different], "\(MatchModel.levelNames[c][level])")
            }
        }
        #expect(weights[2][5] == weights[2][6])
    }

    @Test func theBandsComeFromThePosteriorProbability() {
        #expect(matcher.band(for: log2(99)) == .match)
        #expect(matcher.band(for: log2(98.9)) == .possible)
        #expect(matcher.band(for: 0) == .possible)
        #expect(matcher.band(for: -0.01) == .nonMatch)
        #expect(abs(matcher.probability(for: log2(99)) - 0.99) < 1e-9)
    }

    @Test func theShippedModelRoundTripsAndBadFilesAreRefusedByName() throws {
        let shipped = MatchModel.shipped
        #expect(try MatchModel.decode(shipped.encoded()) == shipped)
        var wrongVersion = shipped
        wrongVersion.version = 99
        var missingLevel = shipped
        missingLevel.comparisons[0].levels.removeLast()
        var badProbability = shipped
        badProbability.comparisons[2].levels[0].m = 1.5
        let cases: [(Data, String)] = [
            (Data("{}".utf8), "shape"), (wrongVersion.encoded(), "version 99"),
            (missingLevel.encoded(), "given_name must have the levels"),
            (badProbability.encoded(), "date_of_birth.exact needs m and u"),
        ]
        for (data, expected) in cases {
            #expect(throws: MatchModel.LoadError.self) { try MatchModel.decode(data) }
            do { _ = try MatchModel.decode(data) } catch { #expect("\(error)".contains(expected), "\(error)") }
        }
    }

    @Test func theShippedModelFileIsTheEmbeddedModel() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("models/match-model.json"))
        #expect(try MatchModel.decode(data) == MatchModel.shipped)
    }

    @Test func emLearnsWeightsThatSeparateTheSameChildFromAHousehold() async {
        let population = SyntheticPopulation.generate(children: 3_000, seed: 99)
        let linker = await BatchLinker.build(index: population.index)
        var fitter = MatchModelFitter()
        fitter.randomPairs = 50_000
        let report = fitter.fit(linker, incoming: population.incoming.map(PreparedRecord.init), source: "test")
        let fitted = Matcher(model: report.model)
        #expect(fitted.weight(0, MatchExplanation.GivenName.exact) > 3)
        #expect(fitted.weight(0, MatchExplanation.GivenName.different) < -2)
        #expect(fitted.weight(2, MatchExplanation.DateOfBirth.exact) > 8)
        #expect(fitted.weight(2, MatchExplanation.DateOfBirth.different) < -5)
        #expect(fitted.weight(4, MatchExplanation.Identifier.same) > 8)
        let expectedTrue = Double(population.truth.count)
        #expect(abs(report.expectedMatches - expectedTrue) / expectedTrue < 0.1, "\(report.expectedMatches)")
        let links = await linker.using(report.model).link(population.incoming)
        let result = SyntheticPopulation.evaluate(
            links: links.map { ($0.incomingID, $0.indexID) }, truth: population.truth)
        #expect(result.precision >= 0.998)
        #expect(result.recall >= 0.95)
        #expect(report.unusableBecause == nil)
    }

    /// `signpost link` fits by default only where EM has enough to learn from, and drops a fit that does not
    /// describe one child: too few expected pairs, or exact agreement that is not evidence.
    @Test func linkFitsOnlyLargeExtractsAndRefusesADegenerateFit() {
        #expect(MatchModelFitter.shouldFit(indexRecords: 1_000, incomingRecords: 1_000))
        #expect(!MatchModelFitter.shouldFit(indexRecords: 999, incomingRecords: 50_000))
        #expect(!MatchModelFitter.shouldFit(indexRecords: 50_000, incomingRecords: 999))
        let sound = MatchModelFitter.Report(
            model: .shipped, candidatePairs: 10_000, randomPairs: 60_000, iterations: 20, expectedMatches: 900)
        #expect(sound.unusableBecause == nil)
        var noise = sound
        noise.expectedMatches = 19
        #expect(noise.unusableBecause == "it expects only 19 true pairs")
        var households = sound
        var model = MatchModel.shipped
        let given = model.comparisons[0].levels[0]
        model.comparisons[0].levels[0].m = given.u
        households.model = model
        #expect(households.unusableBecause == "exact agreement on given name is not evidence of a match in it")
    }

    @Test func boundedEditDistance() {
        #expect(EditDistance.bounded("abcd", "abdc", limit: 2) == 1)
        #expect(EditDistance.bounded("smith", "smyth", limit: 2) == 1)
        #expect(EditDistance.bounded("smith", "smoth1", limit: 2) == 2)
        #expect(EditDistance.bounded("smith", "jones", limit: 2) == 3)
        #expect(EditDistance.bounded("", "abc", limit: 2) == 3)
    }
}
