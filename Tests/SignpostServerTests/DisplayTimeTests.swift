import Foundation
import Testing

@testable import SignpostServer

/// One display format for times everywhere, in London time, and one for dates.
@Suite("Display time: '1 December 2026 at 6:33pm', London time")
struct DisplayTimeTests {
    @Test func winterIsGMTAndSummerIsBST() throws {
        let formatter = ISO8601DateFormatter()
        let winter = try #require(formatter.date(from: "2026-12-01T18:33:00Z"))
        let summer = try #require(formatter.date(from: "2026-07-01T09:05:00Z"))
        #expect(DisplayTime.minute(winter) == "1 December 2026 at 6:33pm")
        #expect(DisplayTime.minute(summer) == "1 July 2026 at 10:05am")
        #expect(DisplayTime.inWords(winter) == DisplayTime.minute(winter))
    }

    @Test func datesReadInWordsAndAnythingElseIsLeftAlone() {
        #expect(DisplayTime.day("2026-12-01") == "1 December 2026")
        #expect(DisplayTime.day("2027-01-13") == "13 January 2027")
        #expect(DisplayTime.day("not a date") == "not a date")
    }
}
