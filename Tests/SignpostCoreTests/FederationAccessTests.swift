import Testing

@testable import SignpostCore

/// The two facts `FederationAccess` reads beyond the matrix: age and which authority the answering node lists.
@Suite("Federation access: adults and other authorities' children")
struct FederationAccessTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 7)!
    static let social = ChildFacts.Involvement(practitionerID: "p1", organisationCode: "CSC")

    static func child(adultOn: CalendarDate?, authority: String = "E08000035") -> ChildFacts {
        ChildFacts(
            authorityCode: authority, tier: 1, involvements: [social], members: [], adultOn: adultOn)
    }

    @Test func aChildLeavesTheHubOnTheir18thBirthday() {
        #expect(FederationAccess.mayEnrol(Self.child(adultOn: Self.today.adding(days: 1)), today: Self.today))
        #expect(!FederationAccess.mayEnrol(Self.child(adultOn: Self.today), today: Self.today))
        #expect(FederationAccess.answer(for: Self.child(adultOn: Self.today), today: Self.today) == .notFound)
        #expect(FederationAccess.mayEnrol(Self.child(adultOn: nil), today: Self.today))
    }

    @Test func aNodeAnswersOnlyForTheAuthorityItLists() {
        let child = Self.child(adultOn: nil, authority: "E08000035")
        #expect(
            FederationAccess.answer(for: child, asNodeOf: "E08000035", today: Self.today)
                == .involvements([Self.social]))
        #expect(FederationAccess.answer(for: child, asNodeOf: "E06000014", today: Self.today) == .notFound)
    }
}
