import Foundation

/// Turns names as typed into comparable forms: lower case, no diacritics, no punctuation, single
/// spaces; hyphenated and double-barrelled names split into parts.
public enum NameNormalisation {
    /// `"  O'Brien-Smyth "` → `"obrien smyth"`; `"Zoë"` → `"zoe"`.
    public static func normalise(_ text: String) -> String {
        // Fast path for plain ASCII, by far the most common input: no Unicode folding needed.
        var ascii: [UInt8] = []
        ascii.reserveCapacity(text.utf8.count)
        var plain = true
        var pendingSpace = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace && !ascii.isEmpty { ascii.append(UInt8(ascii: " ")) }
                pendingSpace = false
                ascii.append(byte | 0x20)
            case UInt8(ascii: "'"), UInt8(ascii: "."):
                continue
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: "/"):
                pendingSpace = true
            default:
                plain = false
            }
            if !plain { break }
        }
        if plain { return String(decoding: ascii, as: UTF8.self) }
        let folded = text.folding(
            options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_GB"))
        var out = ""
        var lastWasSpace = true
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "’" || scalar == "." { continue }  // O'Brien → obrien, St. → st
            if CharacterSet.letters.contains(scalar) {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                out.append(" ")
                lastWasSpace = true
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out.lowercased()
    }

    /// The parts of a name: `"smith jones"` → `["smith", "jones"]`.
    public static func parts(_ normalised: String) -> [String] {
        normalised.split(separator: " ").map(String.init)
    }
}

/// American Soundex (the census rules: H and W do not separate equal codes). A coarse phonetic key
/// used for candidate generation and as one agreement level.
public enum Soundex {
    public static func code(_ normalised: String) -> String {
        let letters = Array(normalised.unicodeScalars.filter { $0.value >= 97 && $0.value <= 122 })
        guard let first = letters.first else { return "" }
        func digit(_ scalar: Unicode.Scalar) -> Character? {
            switch scalar {
            case "b", "f", "p", "v": "1"
            case "c", "g", "j", "k", "q", "s", "x", "z": "2"
            case "d", "t": "3"
            case "l": "4"
            case "m", "n": "5"
            case "r": "6"
            default: nil
            }
        }
        var result = String(Character(first)).uppercased()
        var previous = digit(first)
        for scalar in letters.dropFirst() {
            let code = digit(scalar)
            if let code, code != previous { result.append(code) }
            if scalar != "h" && scalar != "w" { previous = code }
            if result.count == 4 { break }
        }
        return result.padding(toLength: 4, withPad: "0", startingAt: 0)
    }
}

/// Jaro-Winkler similarity (Winkler 1990): 1 for equal strings, 0 for nothing in common; common
/// prefixes of up to 4 characters weigh extra, as typing errors are rarer at the start of a name.
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        let s = Array(a.utf8)
        let t = Array(b.utf8)
        guard !s.isEmpty, !t.isEmpty else { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in 0..<s.count {
            let start = max(0, i - window)
            let end = min(i + window + 1, t.count)
            if start >= end { continue }
            for j in start..<end where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true
                tMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var k = 0
        for i in 0..<s.count where sMatched[i] {
            while !tMatched[k] { k += 1 }
            if s[i] != t[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count, t.count) && s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}

/// Optimal-string-alignment distance, bounded: one substitution, insertion, deletion or swap of
/// neighbouring letters is a single keying slip.
public enum EditDistance {
    /// True when `a` becomes `b` with at most one slip. Names under 4 letters need an exact match.
    public static func withinOne(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard min(x.count, y.count) >= 4, abs(x.count - y.count) <= 1 else { return false }
        if x == y { return true }
        var i = 0
        while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
        if x.count == y.count {
            // One substitution, or two neighbours swapped.
            if x[(i + 1)...] == y[(i + 1)...] { return true }
            return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i] && x[(i + 2)...] == y[(i + 2)...]
        }
        // One insertion or deletion.
        return x.count > y.count ? x[(i + 1)...] == y[i...] : x[i...] == y[(i + 1)...]
    }
}

extension EditDistance {
    /// Optimal-string-alignment distance (substitutions, insertions, deletions and neighbour swaps),
    /// computed only as far as `limit`: anything further returns `limit + 1`.
    public static func bounded(_ a: String, _ b: String, limit: Int) -> Int {
        // The length check first: most pairs compared are far apart, and need no arrays.
        guard abs(a.utf8.count - b.utf8.count) <= limit else { return limit + 1 }
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        if x.isEmpty || y.isEmpty { return min(max(x.count, y.count), limit + 1) }
        var before = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowBest = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
                rowBest = min(rowBest, value)
            }
            if rowBest > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return min(previous[y.count], limit + 1)
    }
}
