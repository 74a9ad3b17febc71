import Testing

@testable import SignpostCore

/// `signpost link --misses`: the true pairs not linked at `match`, with why.
@Suite("Batch linkage: the true pairs it misses, and why")
struct LinkageMissesTests {
    @Test func aMissNamesItsLevelsAndWhetherBlockingFoundIt() {
        let date = CalendarDate(iso: "2016-07-09")
        let index = [
            MatchRecord(
                id: "amelia", givenName: "Amelia", familyName: "Smith", dateOfBirth: date, postcode: "LS6 2AB",
                addressLine: "1 Oak Close"),
            MatchRecord(
                id: "noah", givenName: "Noah", familyName: "Jones", dateOfBirth: CalendarDate(iso: "2012-01-02")),
        ]
        let incoming = [
            // Linked at match: not a miss.
            MatchRecord(
                id: "in-amelia", givenName: "Amelia", familyName: "Smith", dateOfBirth: date, postcode: "LS6 2AB",
                addressLine: "1 Oak Close"),
            // Names only, one of them different: blocked together (same date), but far below the line.
            MatchRecord(
                id: "in-noah", givenName: "Noah", familyName: "Brown", dateOfBirth: CalendarDate(iso: "2012-01-02")),
        ]
        let linker = BatchLinker(index: index)
        let misses = linker.misses(incoming, truth: ["in-amelia": "amelia", "in-noah": "noah"])
        #expect(misses.map(\.incomingID) == ["in-noah"])
        #expect(misses.first?.amongCandidates == true)
        #expect(misses.first?.explanation.familyName == .different)
        // A true pair that shares no key at all is reported as never compared by blocking.
        let stranger = MatchRecord(id: "in-x", givenName: "Zed", familyName: "Quill", dateOfBirth: nil)
        let unseen = linker.misses([stranger], truth: ["in-x": "amelia"])
        #expect(unseen.first?.amongCandidates == false)
    }
}
