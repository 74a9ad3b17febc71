/// Counting the words of the cloud fast enough for 10,000 entries on every request: each word of text
/// costs one dictionary update, and the filters and the stemmer run once per distinct word rather than
/// once per occurrence (10,000 entries hold some 100,000 words but only a few thousand distinct ones).
extension WordCloud {
    /// How often one surface word occurs, and in which sources (a bit per `WordSource`).
    struct Tally {
        var count = 0
        var sources: UInt8 = 0

        mutating func add(_ source: UInt8) {
            count += 1
            sources |= source
        }
    }

    static func tally(_ documents: [WordCloudDocument]) -> [String: Tally] {
        var tally: [String: Tally] = [:]
        for document in documents {
            let bit = document.source.bit
            WordCloudText.forEachWord(in: document.text) { tally[$0, default: Tally()].add(bit) }
        }
        return tally
    }
}

extension WordSource {
    var bit: UInt8 {
        switch self {
        case .chronology: 1
        case .forum: 2
        case .assessment: 4
        }
    }

    static func sources(in bits: UInt8) -> [WordSource] { allCases.filter { bits & $0.bit != 0 } }
}

extension WordCloudText {
    /// The same words as `words(in:)`, in the same order, handed to `body` one by one. Text that is all
    /// ASCII (nearly every record) is read byte by byte, where a `Character` walk would pay for Unicode
    /// grapheme breaking on every letter; any other text takes `words(in:)` itself.
    static func forEachWord(in text: String, _ body: (String) -> Void) {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            for word in words(in: text) { body(word) }
            return
        }
        var index = 0
        while index < bytes.count {
            while index < bytes.count, ASCII.isWhitespace(bytes[index]) { index += 1 }
            let start = index
            while index < bytes.count, !ASCII.isWhitespace(bytes[index]) { index += 1 }
            let chunk = bytes[start..<index].map(ASCII.lowercased)
            guard !chunk.isEmpty, !ASCII.isIdentifier(chunk) else { continue }
            var run: [UInt8] = []
            for byte in chunk {
                if ASCII.isLetter(byte) {
                    run.append(byte)
                } else if !run.isEmpty {
                    body(String(decoding: run, as: UTF8.self))
                    run.removeAll(keepingCapacity: true)
                }
            }
            if !run.isEmpty { body(String(decoding: run, as: UTF8.self)) }
        }
    }

    /// ASCII bytes as `Character` classifies them: whitespace is tab to carriage return and space
    /// (Unicode White_Space), letters are A to Z either case, numbers the digits.
    enum ASCII {
        static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) }
        static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

        /// A lower-cased chunk with a digit or `@`, or containing `http` or `www.`: an identifier.
        static func isIdentifier(_ chunk: [UInt8]) -> Bool {
            chunk.contains { (0x30...0x39).contains($0) || $0 == 0x40 }
                || contains(chunk, Array("http".utf8)) || contains(chunk, Array("www.".utf8))
        }

        static func contains(_ chunk: [UInt8], _ needle: [UInt8]) -> Bool {
            guard chunk.count >= needle.count else { return false }
            return (0...(chunk.count - needle.count)).contains { chunk[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }
}
