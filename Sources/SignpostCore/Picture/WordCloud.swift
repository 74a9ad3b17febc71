import Foundation

/// Where a word of the cloud came from.
public enum WordSource: String, Sendable, Codable, CaseIterable, Comparable {
    case chronology, forum, assessment

    public var label: String { rawValue }

    public static func < (lhs: WordSource, rhs: WordSource) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One text the viewer may read, already decided by the policy.
public struct WordCloudDocument: Sendable, Equatable {
    public var text: String
    public var source: WordSource

    public init(text: String, source: WordSource) {
        self.text = text
        self.source = source
    }
}

public struct WordCloudTerm: Sendable, Equatable, Codable {
    /// The most frequent surface form of the stem (ties: alphabetically first).
    public var word: String
    public var stem: String
    public var count: Int
    public var sources: [WordSource]
}

public struct PlacedWord: Sendable, Equatable {
    public var term: WordCloudTerm
    /// The centre of the word.
    public var x: Double
    public var y: Double
    public var fontSize: Double
    public var width: Double
    public var height: Double
}

/// A word cloud of what the viewer may read: counted by stem, with stop words, short words, names on
/// the record, identifiers and sensitive terms left out (`WordCloudText`), and laid out without
/// overlaps along a spiral from the centre, most frequent first. Deterministic: no randomness.
public struct WordCloud: Sendable, Equatable {
    public static let width = 720.0
    public static let height = 400.0
    static let farthestFit = ((width / 3.2) * (width / 3.2) + (height / 2) * (height / 2)).squareRoot() + 1
    public var terms: [WordCloudTerm]
    public var placed: [PlacedWord]

    public static func make(
        documents: [WordCloudDocument], suppressedNames: [String], sensitiveOrganisationNames: [String],
        maximumTerms: Int = 60
    ) -> WordCloud {
        let suppressed = suppressedWords(names: suppressedNames, organisations: sensitiveOrganisationNames)
        var counts: [String: Int] = [:]
        var forms: [String: [String: Int]] = [:]
        var sources: [String: UInt8] = [:]
        for (word, tally) in tally(documents) where word.count >= 3 {
            guard !WordCloudText.stopWords.contains(word), !suppressed.contains(word) else { continue }
            let stem = WordCloudText.stem(word)
            guard stem.count >= 3, !suppressed.contains(stem), !WordCloudText.stopWords.contains(stem) else {
                continue
            }
            counts[stem, default: 0] += tally.count
            forms[stem, default: [:]][word] = tally.count
            sources[stem, default: 0] |= tally.sources
        }
        let terms = counts.map { stem, count in
            let display = forms[stem]!.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            return WordCloudTerm(
                word: display, stem: stem, count: count, sources: WordSource.sources(in: sources[stem] ?? 0))
        }
        .sorted { ($1.count, $0.word) < ($0.count, $1.word) }
        let kept = Array(terms.prefix(maximumTerms))
        return WordCloud(terms: kept, placed: layout(kept))
    }

    /// Every word of every name, and the distinctive words of the sensitive organisations' names, with
    /// their stems; and the sensitive terms with theirs.
    static func suppressedWords(names: [String], organisations: [String]) -> Set<String> {
        var words = Set(names.flatMap { WordCloudText.words(in: $0) })
        words.formUnion(
            organisations.flatMap { WordCloudText.words(in: $0) }.filter {
                !WordCloudText.genericServiceWords.contains($0) && !WordCloudText.stopWords.contains($0)
            })
        words.formUnion(WordCloudText.sensitiveTerms)
        return words.union(words.map(WordCloudText.stem))
    }

    /// Size by frequency, 14 to 48 px; each word at the first point of an Archimedean spiral where its
    /// box (padded by 2 px) lies inside the canvas and overlaps no word already placed.
    static func layout(_ terms: [WordCloudTerm]) -> [PlacedWord] {
        guard let most = terms.first?.count, let least = terms.last?.count else { return [] }
        var placed: [PlacedWord] = []
        for term in terms {
            let size = most == least ? 24 : 14 + 34 * Double(term.count - least) / Double(most - least)
            let width = Double(term.word.count) * size * 0.6
            let height = size * 1.2
            var angle = 0.0
            for _ in 0..<4000 {
                let radius = 4 * angle
                // Beyond this radius the spiral (an ellipse of half-axes 1.6r and r) has no point inside
                // the canvas, so no later step could fit: stopping changes no placement, only the time.
                if radius > Self.farthestFit { break }
                let x = Self.width / 2 + radius * 1.6 * cos(angle)
                let y = Self.height / 2 + radius * sin(angle)
                let candidate = PlacedWord(term: term, x: x, y: y, fontSize: size, width: width, height: height)
                if candidate.fits && !placed.contains(where: { $0.overlaps(candidate) }) {
                    placed.append(candidate)
                    break
                }
                angle += 0.1
            }
        }
        return placed
    }

    /// "42 words from what you may read. Most frequent: visit (12), school (9), mum (7)."
    public var summary: String {
        guard !terms.isEmpty else { return "No words to show." }
        let top = terms.prefix(5).map { "\($0.word) (\($0.count))" }.joined(separator: ", ")
        return "\(terms.count == 1 ? "1 word" : "\(terms.count) words") from what you may read. Most frequent: \(top)."
    }

    /// `link(word)` gives the chronology searched for the word.
    public func svg(id: String, link: (String) -> String) -> String {
        var body = "<g class=\"app-cloud\">"
        let most = Double(terms.first?.count ?? 1)
        for word in placed {
            let band = min(5, max(1, Int((Double(word.term.count) / most * 5).rounded(.up))))
            let sources = word.term.sources.map(\.label).joined(separator: " and ")
            let times = word.term.count == 1 ? "once" : "\(word.term.count) times"
            let text =
                "<text x=\"\(SVG.number(word.x))\" y=\"\(SVG.number(word.y))\" "
                + "font-size=\"\(SVG.number(word.fontSize))\" font-weight=\"\(band >= 4 ? 700 : 400)\" "
                + "text-anchor=\"middle\" dominant-baseline=\"middle\" "
                + "class=\"app-cloud__word app-cloud__word--\(band)\">\(SVG.escape(word.term.word))</text>"
            body += SVG.link(
                href: link(word.term.word), label: "\(word.term.word): \(times), in the \(sources)", body: text)
        }
        body += "</g>"
        return SVG.frame(
            id: id, width: Int(Self.width), height: Int(Self.height), title: "Word cloud", desc: summary, body: body)
    }
}

extension PlacedWord {
    var box: (left: Double, top: Double, right: Double, bottom: Double) {
        (x - width / 2 - 2, y - height / 2 - 2, x + width / 2 + 2, y + height / 2 + 2)
    }

    var fits: Bool {
        box.left >= 4 && box.top >= 4 && box.right <= WordCloud.width - 4 && box.bottom <= WordCloud.height - 4
    }

    func overlaps(_ other: PlacedWord) -> Bool {
        let a = box
        let b = other.box
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
    }
}
