import Testing

@testable import SignpostCore

@Suite("Matching: normalisation, household rules, bands")
struct MatchingTests {
    let matcher = Matcher()

    func record(
        _ given: String, _ family: String, _ dob: String?, sex: MatchRecord.Sex = .unknown, postcode: String = "",
        address: String = "", nhs: String = ""
    ) -> PreparedRecord {
        PreparedRecord(
            MatchRecord(
                id: "\(given)-\(family)", givenName: given, familyName: family,
                dateOfBirth: dob.flatMap(CalendarDate.init(iso:)),
                sex: sex, postcode: postcode, addressLine: address, nhsNumber: nhs))
    }

    @Test(
        "names normalise case, diacritics, punctuation and spacing",
        arguments: [
            ("  ZOË ", "zoe"), ("O'Brien", "obrien"), ("Smith-Jones", "smith jones"), ("de  la   Cruz", "de la cruz"),
            ("Chloé", "chloe"), ("St. John", "st john"), ("Wiśniewski", "wisniewski"),
        ])
    func normalisation(raw: String, expected: String) {
        #expect(NameNormalisation.normalise(raw) == expected)
    }

    @Test func soundexFollowsTheCensusRules() {
        #expect(Soundex.code("robert") == "R163")
        #expect(Soundex.code("rupert") == "R163")
        #expect(Soundex.code("ashcraft") == "A261")
        #expect(Soundex.code("tymczak") == "T522")
        #expect(Soundex.code("pfister") == "P236")
    }

    @Test func jaroWinklerMatchesPublishedValues() {
        #expect(abs(JaroWinkler.similarity("martha", "marhta") - 0.961) < 0.001)
        #expect(abs(JaroWinkler.similarity("dwayne", "duane") - 0.84) < 0.001)
        #expect(abs(JaroWinkler.similarity("dixon", "dicksonx") - 0.813) < 0.001)
        #expect(JaroWinkler.similarity("abc", "xyz") == 0)
    }

    @Test(
        "nicknames and diminutives are equivalent",
        arguments: [
            ("William", "Bill"), ("William", "Liam"), ("Will", "Billy"), ("Elizabeth", "Beth"), ("Elizabeth", "Liz"),
            ("Lizzie", "Eliza"),
            ("Alexander", "Alex"), ("Mohammed", "Muhammad"), ("Katherine", "Kate"), ("Theodore", "Teddy"),
        ])
    func nicknames(a: String, b: String) {
        let explanation = matcher.compare(record(a, "Smith", "2015-05-01"), record(b, "Smith", "2015-05-01"))
        #expect(explanation.givenName == .nickname)
        #expect(matcher.band(for: explanation.score) == .match)
    }

    @Test func nicknamesOfDifferentFormalNamesAreNotEquivalent() {
        #expect(!Nicknames.areEquivalent("alexander", "alexandra"))
        #expect(!Nicknames.areEquivalent("charles", "charlotte"))
        #expect(Nicknames.areEquivalent("charlie", "charlotte"))
    }

    @Test func aTypoInTheGivenNameStillMatches() {
        let explanation = matcher.compare(
            record("Jessica", "Walker", "2014-03-02", postcode: "LS6 2AB"),
            record("Jesicca", "Walker", "2014-03-02", postcode: "LS6 2AB"))
        #expect(explanation.givenName == .close)
        #expect(matcher.band(for: explanation.score) == .match)
    }

    @Test func hyphenatedSurnamesMatchEitherPart() {
        for part in ["Smith", "Jones", "SMITH JONES", "smith-jones"] {
            let explanation = matcher.compare(
                record("Amelia", "Smith-Jones", "2016-07-09"), record("Amelia", part, "2016-07-09"))
            #expect([.exact, .partOf].contains(explanation.familyName), "\(part)")
            #expect(matcher.band(for: explanation.score) == .match, "\(part)")
        }
    }

    @Test func givenAndFamilyNamesSwappedStillMatch() {
        let explanation = matcher.compare(
            record("Layla", "Powell", "2020-07-24", postcode: "NE4 9RQ"),
            record("POWELL", "LAYLA", "2020-07-24", postcode: "NE4 9RQ"))
        #expect(explanation.namesSwapped)
        #expect(matcher.band(for: explanation.score) == .match)
        let nickname = matcher.compare(
            record("Alexander", "Collins", "2014-05-11"), record("Collins", "Alex", "2014-05-11"))
        #expect(nickname.namesSwapped && nickname.givenName == .nickname)
    }

    @Test func datesOfBirthAgreeAtGradedLevels() {
        let base = record("Noah", "Khan", "2015-03-07")
        #expect(matcher.compare(base, record("Noah", "Khan", "2015-07-03")).dateOfBirth == .dayMonthSwapped)
        #expect(matcher.compare(base, record("Noah", "Khan", "2015-03-08")).dateOfBirth == .oneComponentOff)
        #expect(matcher.compare(base, record("Noah", "Khan", "2016-03-07")).dateOfBirth == .oneComponentOff)
        #expect(matcher.compare(base, record("Noah", "Khan", "2015-11-20")).dateOfBirth == .yearOnly)
        #expect(matcher.compare(base, record("Noah", "Khan", "2011-11-20")).dateOfBirth == .different)
        #expect(matcher.compare(base, record("Noah", "Khan", nil)).dateOfBirth == .missing)
        #expect(matcher.band(for: matcher.compare(base, record("Noah", "Khan", "2015-07-03")).score) == .match)
    }

    @Test func twinsAreNeverAMatch() {
        // Same family name, date of birth, address and postcode: only the given name differs.
        let twinA = record("Oliver", "Hughes", "2018-02-14", sex: .male, postcode: "BS5 6WD", address: "12 Church Road")
        let twinB = record("Harry", "Hughes", "2018-02-14", sex: .male, postcode: "BS5 6WD", address: "12 Church Road")
        let explanation = matcher.compare(twinA, twinB)
        #expect(explanation.givenName == .different)
        #expect(explanation.place == .postcodeAndAddress)
        #expect(matcher.band(for: explanation.score) != .match)
    }

    @Test func siblingsAreANonMatch() {
        let older = record("Grace", "Ahmed", "2012-09-01", sex: .female, postcode: "B11 3EX", address: "5 Mill Lane")
        let younger = record("Maryam", "Ahmed", "2015-04-19", sex: .female, postcode: "B11 3EX", address: "5 Mill Lane")
        #expect(matcher.band(for: matcher.compare(older, younger).score) == .nonMatch)
    }

    @Test func addressAndPostcodeCountOnceNotTwice() {
        let a = record("Mia", "Cole", "2019-01-01", postcode: "LS6 2AB", address: "3 Elm Grove")
        let withAddress = matcher.compare(
            a, record("Mia", "Cole", "2019-01-01", postcode: "LS6 2AB", address: "3 Elm Grove"))
        let postcodeOnly = matcher.compare(
            a, record("Mia", "Cole", "2019-01-01", postcode: "LS6 2AB", address: "99 Other Street"))
        let weights = Matcher.Weights()
        // Agreement on both adds a little over the postcode alone, far less than a second piece of evidence.
        #expect(
            withAddress.score - postcodeOnly.score == weights.place[.postcodeAndAddress]! - weights.place[.postcode]!)
        #expect(withAddress.score - postcodeOnly.score < 1)
    }

    @Test func aClearlyDifferentGivenNameOutweighsTheHousehold() {
        let weights = Matcher.Weights()
        #expect(-weights.given[.different]! > weights.place[.postcodeAndAddress]!)
        let shared = matcher.compare(
            record("Kai", "Doyle", "2017-05-05", postcode: "M14 4AB", address: "1 Oak Close"),
            record("Zuzanna", "Doyle", "2017-05-05", postcode: "M14 4AB", address: "1 Oak Close"))
        #expect(matcher.band(for: shared.score) != .match)
    }

    @Test func identifiersCountBothWays() {
        let nhsA = NHSNumber.completing("999000001")!.digits
        let nhsB = NHSNumber.completing("999000002")!.digits
        // Same NHS number overrides a change of every other detail but the names.
        let same = matcher.compare(
            record("Ava", "Price", "2016-01-01", nhs: nhsA),
            record("Ava", "Price-Lewis", "2016-10-01", postcode: "LS6 2AB", nhs: nhsA))
        #expect(matcher.band(for: same.score) == .match)
        // Two different valid NHS numbers are a strong non-match even when everything else agrees.
        let different = matcher.compare(
            record("Ava", "Price", "2016-01-01", postcode: "LS6 2AB", nhs: nhsA),
            record("Ava", "Price", "2016-01-01", postcode: "LS6 2AB", nhs: nhsB))
        #expect(matcher.band(for: different.score) != .match)
        // An invalid NHS number counts as missing, not as disagreement.
        let invalid = matcher.compare(
            record("Ava", "Price", "2016-01-01", nhs: nhsA), record("Ava", "Price", "2016-01-01", nhs: "9990000000"))
        #expect(invalid.nhsNumber == .missing)
    }

    @Test func aPossibleMatchIsShownAsPossible() {
        // Same names, no date of birth, different area: not enough to say it is the same child.
        let explanation = matcher.compare(
            record("Thomas", "Hughes", nil, postcode: "RG1 0WZ"),
            record("Thomas", "Hughes", "2021-11-24", postcode: "M8 9RU"))
        #expect(matcher.band(for: explanation.score) == .possible)
    }

    @Test func editDistanceAllowsOneSlip() {
        #expect(EditDistance.withinOne("shaw", "shwa"))
        #expect(EditDistance.withinOne("smith", "stith"))
        #expect(EditDistance.withinOne("nowak", "nowk"))
        #expect(!EditDistance.withinOne("nowak", "nowbk1"))
        #expect(!EditDistance.withinOne("ava", "eva"))
    }
}

@Suite("Batch linkage on synthetic data")
struct LinkageTests {
    @Test func linkageOnGeneratedDataIsPreciseAndComplete() async {
        let population = SyntheticPopulation.generate(children: 4_000, seed: 42)
        let linker = BatchLinker(index: population.index)
        let links = await linker.link(population.incoming)
        let result = SyntheticPopulation.evaluate(
            links: links.map { ($0.incomingID, $0.indexID) }, truth: population.truth)
        #expect(result.precision >= 0.995)
        #expect(result.f1 >= 0.98)
        #expect(Set(links.map(\.incomingID)).count == links.count, "at most one link per incoming record")
    }

    @Test func theGeneratorIsDeterministicAndIncludesSiblingsAndTwins() {
        let first = SyntheticPopulation.generate(children: 500, seed: 7)
        let second = SyntheticPopulation.generate(children: 500, seed: 7)
        #expect(first.index == second.index)
        #expect(first.incoming == second.incoming)
        let households = Dictionary(grouping: first.index) { "\($0.familyName)|\($0.postcode)" }
        #expect(households.values.contains { $0.count > 1 })
        let twins = households.values.contains { group in
            Dictionary(grouping: group) { $0.dateOfBirth }.values.contains { $0.count > 1 }
        }
        #expect(twins)
        #expect(first.index.allSatisfy { $0.nhsNumber.isEmpty || NHSNumber($0.nhsNumber)!.isTestNumber })
    }
}
