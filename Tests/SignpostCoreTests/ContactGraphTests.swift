import SnapshotTesting
import Testing

@testable import SignpostCore

/// The agency-contact graph: counts a month, each kind of gap worked out by hand, links only where
/// the service may be named, and byte-identical SVG for the same input.
@Suite("Agency-contact graph")
struct ContactGraphTests {
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static func contact(_ code: String, _ iso: String, outcome: ContactOutcome = .seen, seen: Bool = true)
        -> GraphContact
    {
        GraphContact(
            organisationCode: code, fact: ContactFact(on: day(iso), kind: .homeVisit, outcome: outcome, childSeen: seen)
        )
    }

    static func week(_ iso: String, _ possible: Int, _ attended: Int) -> GraphContact {
        GraphContact(
            organisationCode: "SCH",
            fact: ContactFact(
                on: day(iso), kind: .schoolAttendance, outcome: .seen, childSeen: true, sessionsPossible: possible,
                sessionsAttended: attended))
    }

    static let fixed = ContactGraphInput(
        organisations: [
            GraphOrganisation(code: "HV", name: "Health Visiting & Co", involvedFrom: day("2026-01-05")),
            GraphOrganisation(code: "SCH", name: "Testshire School", involvedFrom: day("2026-03-01")),
            GraphOrganisation(code: "another-service", name: "Another service", linkable: false),
        ],
        contacts: [
            contact("HV", "2026-01-03"), contact("HV", "2026-01-20", outcome: .missed, seen: false),
            week("2026-03-09", 10, 9), week("2026-03-16", 10, 8), week("2026-04-07", 10, 10),
            contact("another-service", "2026-02-10", seen: false),
        ],
        expected: [
            ExpectedContact(name: "2 to 2½ year review", from: day("2026-01-01"), by: day("2026-02-15"), state: .missed)
        ],
        from: YearMonth(year: 2026, month: 1), to: YearMonth(year: 2026, month: 4), today: day("2026-04-30"))

    @Test func contactsAreCountedByMonthAndMissedOnesAreNot() {
        let graph = ContactGraph.make(Self.fixed)
        #expect(graph.months.map(\.label) == ["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"])
        #expect(graph.series.map(\.counts) == [[1, 0, 0, 0], [0, 0, 2, 1], [0, 1, 0, 0]])
    }

    @Test func eachKindOfGapIsNamedAndDrawn() {
        let graph = ContactGraph.make(Self.fixed)
        let expected: [ContactGraphGap] = [
            .longestUnseen(from: Self.day("2026-01-03"), to: Self.day("2026-03-09"), days: 65),
            .reviewMissed(name: "2 to 2½ year review", by: Self.day("2026-02-15")),
            .lowAttendance(month: YearMonth(year: 2026, month: 3), percent: 85),
            .noContact(
                organisationCode: "HV", organisationName: "Health Visiting & Co", month: .init(year: 2026, month: 2)),
            .noContact(
                organisationCode: "HV", organisationName: "Health Visiting & Co", month: .init(year: 2026, month: 3)),
        ]
        #expect(graph.gaps == expected, "April is this month; the school was not involved before March")
        let svg = graph.svg(id: "graph") { _, _ in "/x" }
        for gap in expected { #expect(graph.summary.contains(gap.text)) }
        #expect(graph.summary.contains("School attendance 85% in March 2026 (below 90%)"))
        #expect(svg.contains("Not seen for 65 days") && svg.contains("Missed: 2 to 2½ year review"))
        #expect(svg.contains(">85%</text>") && svg.contains(">×</text>"))
        #expect(!svg.contains(">100%</text>"), "April's 10 of 10 is no gap")
    }

    @Test func ninetyPercentIsNotLowAttendance() {
        var input = Self.fixed
        input.contacts = [Self.week("2026-03-09", 10, 9), Self.week("2026-03-16", 10, 9)]
        #expect(!ContactGraph.make(input).gaps.contains { if case .lowAttendance = $0 { true } else { false } })
    }

    @Test func pointsLinkToTheChronologyExceptAHiddenServicesAndTheSVGIsStable() {
        let graph = ContactGraph.make(Self.fixed)
        let svg = graph.svg(id: "graph") { organisation, month in
            "/children/c/chronology?organisation=\(organisation.code)&from=\(month.first.iso)&to=\(month.last.iso)"
        }
        #expect(svg.contains("href=\"/children/c/chronology?organisation=SCH&amp;from=2026-03-01&amp;to=2026-03-31\""))
        #expect(!svg.contains("organisation=another-service"), "a hidden service's points link nowhere")
        #expect(svg.contains("Another service") && svg.contains("Health Visiting &amp; Co"))
        #expect(svg.contains(#"role="group""#) && svg.contains("<title id=\"graph-title\">Agency contact over time"))
        #expect(
            svg
                == ContactGraph.make(Self.fixed).svg(id: "graph") { organisation, month in
                    "/children/c/chronology?organisation=\(organisation.code)&from=\(month.first.iso)&to=\(month.last.iso)"
                })
        assertSnapshot(of: svg, as: .lines, named: "fixed-input")
    }

    @Test func theRangeIsCappedAtTenYears() {
        var input = Self.fixed
        input.from = YearMonth(year: 2000, month: 1)
        let graph = ContactGraph.make(input)
        #expect(graph.months.count == 120 && graph.months.last == YearMonth(year: 2026, month: 4))
    }
}
