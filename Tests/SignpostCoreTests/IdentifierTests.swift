import Testing

@testable import SignpostCore

@Suite("Identifiers: NHS number, UPN, postcode, dates of birth")
struct IdentifierTests {
    @Test(
        "valid NHS numbers, written as people write them",
        arguments: ["943 476 5919", "9434765919", "943-476-5919", "999 000 0018"])
    func validNHSNumbers(text: String) {
        #expect(NHSNumber(text) != nil)
    }

    @Test func theCheckDigitIsModulus11() {
        // 9,4,3,4,7,6,5,9,1 weighted 10..2 sum to 299; 299 mod 11 = 2; 11 - 2 = 9.
        #expect(NHSNumber.parse("9434765919") == .success(NHSNumber("9434765919")!))
        #expect(NHSNumber.parse("9434765918") == .failure(.checkDigitMismatch))
    }

    @Test func aCheckValueOfTenIsInvalid() {
        // 000000006: weighted sum 12, 12 mod 11 = 1, 11 - 1 = 10: no check digit exists.
        #expect(NHSNumber.completing("000000006") == nil)
        for last in 0...9 {
            #expect(NHSNumber.parse("000000006\(last)") == .failure(.checkDigitIsTen))
        }
    }

    @Test func elevenBecomesZero() {
        // 000000011: sum 2*1 + 3*1 = 5... find one whose remainder is 0 instead: 100000000 → 10, 10 mod 11 = 10 → 1.
        // 000000000: sum 0, remainder 0, 11 - 0 = 11 → check digit 0.
        #expect(NHSNumber("0000000000") != nil)
    }

    @Test(
        "malformed NHS numbers get a precise problem",
        arguments: [
            ("12345", NHSNumber.Problem.wrongLength), ("943476591X", .notDigits), ("94347659190", .wrongLength),
        ])
    func malformedNHS(text: String, problem: NHSNumber.Problem) {
        #expect(NHSNumber.parse(text) == .failure(problem))
    }

    @Test func theTestRangeIsRecognised() {
        let test = NHSNumber.completing("999000001")!
        #expect(test.isTestNumber)
        #expect(!NHSNumber("9434765919")!.isTestNumber)
        #expect(NHSNumber("9434765919")!.formatted == "943 476 5919")
    }

    @Test func upnCheckLettersFollowTheDfERule() {
        #expect(UniquePupilNumber("B801200005001") != nil)
        #expect(UniquePupilNumber.parse("A801200005001") == .failure(.checkLetterMismatch))
        #expect(UniquePupilNumber.parse("B80120000500") == .failure(.wrongLength))
        #expect(UniquePupilNumber.parse("B80120000X001") == .failure(.badCharacters))
        #expect(UniquePupilNumber("b801200005001")?.value == "B801200005001")
    }

    @Test func temporaryUPNsCountTheirFinalLetter() {
        let body = Array("80120000500A")
        let letter = UniquePupilNumber.checkLetter(for: body)!
        let upn = UniquePupilNumber(String(letter) + String(body))
        #expect(upn != nil)
        #expect(upn?.isTemporary == true)
        // The letters I, O and S are never used.
        #expect(UniquePupilNumber.parse(String(letter) + "80120000500I") == .failure(.badCharacters))
    }

    @Test(
        "postcodes are normalised, never rejected when plausible",
        arguments: [
            ("sw1a1aa", "SW1A 1AA"), (" M1 1AE ", "M1 1AE"), ("b338th", "B33 8TH"), ("CR2 6XH", "CR2 6XH"),
            ("dn551pt", "DN55 1PT"),
            ("w1a 0ax", "W1A 0AX"), ("EC1A 1BB", "EC1A 1BB"), ("gir0aa", "GIR 0AA"),
        ])
    func postcodes(text: String, normalised: String) {
        #expect(Postcode(text)?.normalised == normalised)
    }

    @Test("implausible postcodes are refused", arguments: ["", "12345", "SW1A", "SW1A 1A", "ZZZZ 1AA", "1AA AAA"])
    func badPostcodes(text: String) {
        #expect(Postcode(text) == nil)
    }

    @Test func postcodeSectorsAndDistricts() {
        let postcode = Postcode("SW1A 1AA")!
        #expect(postcode.outward == "SW1A")
        #expect(postcode.sector == "SW1A 1")
    }

    @Test func datesOfBirthMustBePlausible() {
        let today = CalendarDate(iso: "2026-11-22")!
        #expect(DateOfBirthCheck.check(dateOfBirth: CalendarDate(iso: "2020-01-01")!, today: today) == nil)
        #expect(DateOfBirthCheck.check(dateOfBirth: CalendarDate(iso: "2026-11-23")!, today: today) == .inFuture)
        #expect(DateOfBirthCheck.check(dateOfBirth: CalendarDate(iso: "2001-11-21")!, today: today) == .tooOld)
        #expect(DateOfBirthCheck.check(expectedDelivery: CalendarDate(iso: "2027-03-01")!, today: today) == nil)
        #expect(
            DateOfBirthCheck.check(expectedDelivery: CalendarDate(iso: "2027-11-01")!, today: today) == .deliveryTooFar)
    }

    @Test func dayNumbersRoundTrip() {
        for day in stride(from: -1000, to: 30_000, by: 37) {
            #expect(CalendarDate(dayNumber: day).dayNumber == day)
        }
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(iso: "2024-02-28")!.adding(days: 1).iso == "2024-02-29")
    }
}
