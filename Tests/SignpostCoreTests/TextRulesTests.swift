import Testing

@testable import SignpostCore

@Suite("Text rules: control and bidi characters, and limits")
struct TextRulesTests {
    @Test(
        "one-line fields refuse control and direction characters",
        arguments: [
            ("\u{0000}", TextRules.Problem.controlCharacter), ("Ann\u{0007}", .controlCharacter),
            ("Ann\nMarie", .controlCharacter), ("Ann\tMarie", .controlCharacter), ("\u{007F}", .controlCharacter),
            ("\u{202E}eiraM", .bidiControl), ("Ann\u{2066}", .bidiControl), ("A\u{200F}", .bidiControl),
            ("A\u{061C}", .bidiControl),
        ])
    func singleLine(text: String, problem: TextRules.Problem) {
        #expect(TextRules.singleLineProblem(text, limit: 100) == problem)
    }

    @Test func ordinaryNamesInAnyScriptPass() {
        for name in ["Zoë", "O'Brien-Smith", "Nguyễn", "محمد", "李小龍", "Siân Ní Bhriain", "Ann\u{0301}"] {
            #expect(TextRules.singleLineProblem(name, limit: 100) == nil, "\(name)")
        }
    }

    @Test func limitsCountCharactersNotBytes() {
        #expect(TextRules.singleLineProblem(String(repeating: "é", count: 100), limit: 100) == nil)
        #expect(TextRules.singleLineProblem(String(repeating: "a", count: 101), limit: 100) == .tooLong(limit: 100))
    }

    @Test func freeTextMayHaveLineBreaksButNoOtherControls() {
        #expect(TextRules.multiLineProblem("Seen at home.\r\nMother present.\tCalm.", limit: 100) == nil)
        #expect(TextRules.multiLineProblem("Seen\u{0000}", limit: 100) == .controlCharacter)
        #expect(TextRules.multiLineProblem("Seen \u{202D}", limit: 100) == .bidiControl)
    }
}
