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
        let handled = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            forEachASCIIWord(in: bytes, body)
            return true
        }
        if handled != true {
            for word in words(in: text) { body(word) }
        }
    }

    /// Chunks between whitespace; a chunk that is an identifier is skipped whole, any other gives its
    /// runs of letters, lower-cased. No allocation but each word's own (small) string.
    static func forEachASCIIWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (String) -> Void) {
        var index = 0
        while index < bytes.count {
            while index < bytes.count, ASCII.isWhitespace(bytes[index]) { index += 1 }
            let start = index
            var identifier = false
            while index < bytes.count, !ASCII.isWhitespace(bytes[index]) {
                identifier = identifier || ASCII.isDigit(bytes[index]) || bytes[index] == 0x40
                index += 1
            }
            let chunk = UnsafeBufferPointer(rebasing: bytes[start..<index])
            guard !chunk.isEmpty, !identifier, !ASCII.contains(chunk, "http"), !ASCII.contains(chunk, "www.") else {
                continue
            }
            var run = -1
            for offset in 0...chunk.count {
                let letter = offset < chunk.count && ASCII.isLetter(chunk[offset])
                if letter, run < 0 { run = offset }
                if !letter, run >= 0 {
                    body(ASCII.lowercasedString(UnsafeBufferPointer(rebasing: chunk[run..<offset])))
                    run = -1
                }
            }
        }
    }

    /// ASCII bytes as `Character` classifies them: whitespace is tab to carriage return and space
    /// (Unicode White_Space), letters are A to Z either case, numbers the digits.
    enum ASCII {
        static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) }
        static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

        static func lowercasedString(_ letters: UnsafeBufferPointer<UInt8>) -> String {
            String(unsafeUninitializedCapacity: letters.count) { buffer in
                for (offset, byte) in letters.enumerated() { buffer[offset] = byte | 0x20 }
                return letters.count
            }
        }

        /// Whether the chunk contains `needle` (lower case), ignoring the chunk's case.
        static func contains(_ chunk: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
            let count = needle.utf8CodeUnitCount
            guard chunk.count >= count else { return false }
            let pattern = needle.utf8Start
            return (0...(chunk.count - count)).contains { start in
                (0..<count).allSatisfy { offset in
                    let byte = chunk[start + offset]
                    let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                    return folded == pattern[offset]
                }
            }
        }
    }
}
