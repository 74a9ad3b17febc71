import Foundation

/// A child's keyed Bloom-filter encoding (a CLK), hardened by balancing: 2,048 bits of which exactly half are
/// set, in an order only the secret's holders know. Compared with the Sørensen–Dice coefficient. Carries its
/// epoch: encodings of different epochs never compare.
public struct LinkageEncoding: Sendable, Hashable, Codable {
    public static let filterBits = 1_024
    public static let encodedBits = 2 * filterBits
    static let wordCount = encodedBits / 64

    public let epoch: String
    public let words: [UInt64]
    /// The keyed NHS-number token, when the record has a valid NHS number.
    public let nhsToken: String?
    /// Set bits, counted once: a query compares against every stored encoding.
    public let popcount: Int

    public init(epoch: String, words: [UInt64], nhsToken: String?) {
        self.epoch = epoch
        self.words = words
        self.nhsToken = nhsToken
        popcount = words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    enum CodingKeys: String, CodingKey { case epoch, words, nhsToken }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            epoch: try container.decode(String.self, forKey: .epoch),
            words: try container.decode([UInt64].self, forKey: .words),
            nhsToken: try container.decodeIfPresent(String.self, forKey: .nhsToken))
    }

    /// The 256 bytes the hub stores and nodes send: the words in little-endian order.
    public var bytes: Data {
        var data = Data(capacity: words.count * 8)
        for word in words { withUnsafeBytes(of: word.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// From `bytes`; nil unless there are exactly 256 of them.
    public init?(epoch: String, bytes: Data, nhsToken: String?) {
        guard bytes.count == Self.wordCount * 8 else { return nil }
        let base = bytes.startIndex
        let words = (0..<Self.wordCount).map { index in
            (0..<8).reduce(UInt64(0)) { word, byte in word | UInt64(bytes[base + index * 8 + byte]) << (8 * byte) }
        }
        self.init(epoch: epoch, words: words, nhsToken: nhsToken)
    }

    /// Whether this is a hardened encoding: exactly half of its 2,048 bits set. The hub stores nothing else,
    /// so a node that skipped balancing cannot leak name lengths into it.
    public var isBalanced: Bool { words.count == Self.wordCount && popcount == Self.filterBits }

    /// 2·|a∧b| / (|a| + |b|); nil across epochs, which never compare.
    public func dice(_ other: LinkageEncoding) -> Double? {
        guard epoch == other.epoch, words.count == other.words.count else { return nil }
        let common = words.withUnsafeBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                var common = 0
                for index in 0..<mine.count { common &+= (mine[index] & theirs[index]).nonzeroBitCount }
                return common
            }
        }
        let total = popcount + other.popcount
        return total == 0 ? 0 : 2 * Double(common) / Double(total)
    }
}
