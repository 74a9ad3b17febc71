import SnapshotTesting
import Testing

@testable import SignpostCore

/// The word cloud: only the words it is given, with names, identifiers, stop words and sensitive
/// terms left out, folded by stem, laid out without overlaps, and the same SVG for the same input.
@Suite("Word cloud")
struct WordCloudTests {
    static let documents = [
        WordCloudDocument(
            text: "Amelia Smith-Jones visited at home with Dawn Smith. Visits go well; visiting again soon.",
            source: .chronology),
        WordCloudDocument(
            text: "Call dawn.smith@example.org or 07700 900123; postcode LS7 1AA; NHS 999 000 0018.", source: .forum),
        WordCloudDocument(
            text: "She attended the sexual health clinic about contraception, cannabis and depression.",
            source: .forum),
        WordCloudDocument(text: "Brookside said the garden visit went well. Sam Patel agreed.", source: .chronology),
        WordCloudDocument(text: "Trampoline in the garden; the trampoline is broken.", source: .assessment),
    ]

    static func cloud(_ documents: [WordCloudDocument] = documents) -> WordCloud {
        WordCloud.make(
            documents: documents, suppressedNames: ["Amelia Smith-Jones", "Dawn Smith", "Sam Patel"],
            sensitiveOrganisationNames: ["Brookside Sexual Health Clinic"])
    }

    @Test func namesIdentifiersStopWordsAndSensitiveTermsNeverAppear() {
        let cloud = Self.cloud()
        let svg = cloud.svg(id: "cloud") { "/c?text=\($0)" }.lowercased()
        let words = Set(cloud.terms.map(\.word))
        for hidden in [
            "amelia", "smith", "jones", "dawn", "sam", "patel", "brookside", "sexual", "contraception", "cannabis",
            "depression", "07700", "900123", "ls7", "example", "org", "999", "the", "and", "she", "at",
        ] {
            #expect(!words.contains(hidden), "\(hidden) is not a word of the cloud")
            #expect(!svg.contains(">\(hidden)<"), "\(hidden) is not in the SVG")
        }
        #expect(words.contains("garden") && words.contains("trampoline"))
    }

    @Test func formsOfAWordAreCountedAsOne() {
        let visit = Self.cloud().terms.first { $0.stem == "visit" }
        #expect(visit?.count == 4, "visited, visits, visiting, visit")
        #expect(WordCloudText.stem("worries") == "worry" && WordCloudText.stem("shopping") == "shop")
        #expect(WordCloudText.stem("bus") == "bus" && WordCloudText.stem("mums") == "mum")
    }

    @Test func aViewerWhoMayNotReadTheAssessmentGetsNoneOfItsWords() {
        let without = Self.cloud(Self.documents.filter { $0.source != .assessment })
        #expect(!without.terms.contains { $0.word == "trampoline" })
        #expect(!without.terms.contains { $0.sources.contains(.assessment) })
        #expect(Self.cloud().terms.first { $0.word == "trampoline" }?.sources == [.assessment])
    }

    @Test func theLayoutIsDeterministicInsideTheCanvasAndWithoutOverlaps() {
        let cloud = Self.cloud()
        #expect(cloud.placed.count == cloud.terms.count)
        for (index, word) in cloud.placed.enumerated() {
            #expect(word.fits)
            for other in cloud.placed[(index + 1)...] { #expect(!word.overlaps(other), "\(word.term.word)") }
        }
        let most = cloud.placed.max { $0.fontSize < $1.fontSize }
        #expect(most?.term.count == cloud.terms.map(\.count).max())
        let svg = cloud.svg(id: "cloud") { "/children/c/chronology?text=\($0)&x=1" }
        #expect(svg == Self.cloud().svg(id: "cloud") { "/children/c/chronology?text=\($0)&x=1" })
        #expect(svg.contains("href=\"/children/c/chronology?text=garden&amp;x=1\""))
        #expect(svg.contains(#"role="group""#), "a picture with links is a named group, not an image")
        assertSnapshot(of: svg, as: .lines, named: "fixed-input")
    }

    @Test func theByteReaderFindsTheSameWordsAsTheCharacterReader() {
        var random = SeededRandom(seed: 2026)
        let pieces = [
            "Mum", "HTTP://x", "www.site", "a@b", "LS6 2AB", "07700", "don't", "Smith-Jones", "\r\n", "\t",
            " ", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1F}", "_", "ça", "naïve", "½", "x2", "WWW.", "..", "Visit!",
        ]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                if Bool.random(using: &random) {
                    text += pieces.randomElement(using: &random)!
                } else {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &random)))
                }
            }
            var seen: [String] = []
            WordCloudText.forEachWord(in: text) { seen.append($0) }
            #expect(seen == WordCloudText.words(in: text), "\(text.debugDescription)")
        }
    }
}
