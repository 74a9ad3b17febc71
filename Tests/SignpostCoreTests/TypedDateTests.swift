import SignpostCore
import Testing

@Suite("Dates typed into one box")
struct TypedDateTests {
    @Test(arguments: [
        ("31/12/2026", "2026-12-31"), ("1/2/2027", "2027-02-01"), ("01-02-2027", "2027-02-01"),
        ("31.12.2026", "2026-12-31"), ("31 12 2026", "2026-12-31"), (" 2026-12-31 ", "2026-12-31"),
        ("29/02/2028", "2028-02-29"),
    ])
    func englishAndISODatesAreRead(typed: String, iso: String) {
        #expect(CalendarDate(typed: typed)?.iso == iso)
    }

    @Test(arguments: [
        "12/31/2026", "31/12/26", "29/02/2027", "0/1/2026", "32/01/2026", "31/13/2026", "31//12/2026",
        "tomorrow", "", "31/12/2026/1", "٣١/١٢/٢٠٢٦",
    ])
    func anythingElseIsNotADate(typed: String) {
        #expect(CalendarDate(typed: typed) == nil)
    }
}
