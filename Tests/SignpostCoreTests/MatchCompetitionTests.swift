import Foundation
import Testing

@testable import SignpostCore

/// A query is one child: two children who each look like it share its odds (`Matcher.competingScores`).
@Suite("Matching: rival candidates share the odds")
struct MatchCompetitionTests {
    @Test func aLoneCandidateKeepsItsScoreAndEqualRivalsFallToAnEvenChance() {
        #expect(Matcher().competingScores([.init(score: 12, capped: false)]) == [12])
        let twins = Matcher().competingScores([.init(score: 12, capped: false), .init(score: 12, capped: false)])
        // 2¹² / (1 + 2¹²) is just under even odds, and the floor holds them at `possible`: an even chance.
        #expect(twins == [0, 0])
        let clear = Matcher().competingScores([.init(score: 30, capped: false), .init(score: 12, capped: false)])
        #expect(abs(clear[0] - (30 - log2(1 + exp2(12)))) < 1e-9)
    }

    @Test func aRivalTheHouseholdRulesCapDoesNotCompete() {
        let scores = Matcher().competingScores([.init(score: 20, capped: false), .init(score: 6.62, capped: true)])
        #expect(scores == [20, 6.62])
        // A weak uncapped rival takes a little: 2⁻³ odds cost log₂(1 + 1/8) bits.
        let weak = Matcher().competingScores([.init(score: 20, capped: false), .init(score: -3, capped: false)])
        #expect(abs(weak[0] - (20 - log2(1.125))) < 1e-9)
    }

    @Test func hugeScoresDoNotOverflow() {
        let scores = Matcher().competingScores([.init(score: 2_000, capped: false), .init(score: 1_990, capped: false)])
        #expect(scores.allSatisfy { $0.isFinite })
        #expect(abs(scores[0] - (2_000 - (1_990 + log2(1 + exp2(-1_990))))) < 1e-6)
    }

    /// Twins at one address; the incoming record has no given name, so it fits either twin equally well.
    @Test func aRecordThatFitsEitherTwinIsNeverLinkedAtMatch() async {
        func child(_ id: String, _ given: String) -> MatchRecord {
            MatchRecord(
                id: id, givenName: given, familyName: "Palmer", dateOfBirth: CalendarDate(iso: "2020-10-28"),
                sex: .male, postcode: "HU3 2AH", addressLine: "28 York Terrace")
        }
        let incoming = child("in-1", "")
        let both = BatchLinker(index: [child("mateo", "Mateo"), child("chidi", "Chidi")])
        let linked = await both.link([incoming], band: .possible)
        #expect(linked.count == 1)
        #expect(linked.first?.band == .possible)
        #expect(await both.link([incoming], band: .match).isEmpty)
        // With one twin alone on the index the same record is a match: the rival is what made it uncertain.
        let one = BatchLinker(index: [child("mateo", "Mateo")])
        #expect(await one.link([incoming], band: .match).first?.indexID == "mateo")
    }

    /// A postcode slip with the names missing or mistyped: one postcode half with the date of birth, or with the
    /// house and street, still puts the two records side by side.
    @Test func aPostcodeSlipWithNamesMissingStillMakesTheTrueRecordACandidate() {
        let indexed = MatchRecord(
            id: "reid", givenName: "", familyName: "Reid", dateOfBirth: CalendarDate(iso: "2013-03-12"),
            postcode: "NG7 3TT", addressLine: "46 Dooring Street")
        let linker = BatchLinker(index: [indexed])
        let byDate = MatchRecord(
            id: "in-1", givenName: "", familyName: "Reidz", dateOfBirth: CalendarDate(iso: "2013-03-12"),
            postcode: "NG7 3TY", addressLine: "")
        let byAddress = MatchRecord(
            id: "in-2", givenName: "", familyName: "Reidz", dateOfBirth: nil, postcode: "NG1 3TT",
            addressLine: "46 dooring st")
        #expect(linker.candidateRecall([byDate, byAddress], truth: ["in-1": "reid", "in-2": "reid"]) == (2, 2))
        #expect(CandidateKeys.postcodeHalves("NG7 3TT") == ["o:NG7", "i:3TT"])
        #expect(CandidateKeys.postcodeHalves("2750") == ["o:27", "i:50"])
        #expect(CandidateKeys.postcodeHalves("") == [])
    }
}
