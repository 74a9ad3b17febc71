import Crypto
import Foundation

/// Turns an index record into its hub encoding (research pprl.md §5.2): one composite Bloom filter of
/// 1,024 bits over given name (bigrams and a nickname-root token), family name (bigrams of each part), date
/// of birth (positional digits, the year, and an order-free day/month token that survives a swap), sex and
/// postcode sector; then balanced (the filter and its complement, 2,048 bits, exactly half set, so the
/// popcount says nothing about the name) and permuted with a keyed permutation.
///
/// Every bit position comes from HMAC-SHA256 under a per-field key derived from the epoch's secret: without
/// the secret, nobody can compute which bits a name sets. Pure: the same record and secret give the same
/// encoding at every node.
public struct LinkageEncoder: Sendable {
    /// Insertions per field, spread over the field's tokens so every value of a field weighs the same.
    public enum Budget {
        public static let givenName = 250
        public static let familyName = 250
        public static let dateOfBirth = 250
        public static let sex = 50
        public static let postcodeSector = 100
    }

    static let fields = ["given-name", "family-name", "date-of-birth", "sex", "postcode-sector"]

    public let epoch: String
    let fieldKeys: [SymmetricKey]
    let nhsKey: SymmetricKey
    /// Where each of the 2,048 balanced bits goes.
    let permutation: [Int]

    public init(secret: LinkageSecret) {
        epoch = secret.epoch
        fieldKeys = Self.fields.map { secret.key("field:\($0)") }
        nhsKey = secret.key("nhs-number")
        permutation = Self.keyedPermutation(secret.key("permutation"), count: LinkageEncoding.encodedBits)
    }

    public func encode(_ record: MatchRecord) -> LinkageEncoding { encode(PreparedRecord(record)) }

    public func encode(_ record: PreparedRecord) -> LinkageEncoding {
        let filter = filterWords(record)
        var balanced = [UInt64](repeating: 0, count: LinkageEncoding.wordCount)
        for bit in 0..<LinkageEncoding.encodedBits {
            let source = bit % LinkageEncoding.filterBits
            let set = (filter[source / 64] >> UInt64(source % 64)) & 1 == 1
            // The first half is the filter, the second its complement.
            guard set == (bit < LinkageEncoding.filterBits) else { continue }
            let target = permutation[bit]
            balanced[target / 64] |= 1 << UInt64(target % 64)
        }
        return LinkageEncoding(epoch: epoch, words: balanced, nhsToken: nhsToken(record))
    }

    /// The keyed token of a valid NHS number: equal numbers give equal tokens, and nothing else does.
    func nhsToken(_ record: PreparedRecord) -> String? {
        guard let number = record.nhsNumber else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(number.digits.utf8), using: nhsKey)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// The 1,024-bit filter before hardening: what a holder of the secret can recover from an encoding.
    func filterWords(_ record: PreparedRecord) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: LinkageEncoding.filterBits / 64)
        let budgets = [Budget.givenName, Budget.familyName, Budget.dateOfBirth, Budget.sex, Budget.postcodeSector]
        for (field, tokens) in Self.tokens(record).enumerated() where !tokens.isEmpty {
            for (index, token) in tokens.enumerated() {
                let insertions = budgets[field] / tokens.count + (index < budgets[field] % tokens.count ? 1 : 0)
                for position in positions(of: token, field: field, count: insertions) {
                    words[position / 64] |= 1 << UInt64(position % 64)
                }
            }
        }
        return words
    }

    /// The filter a holder of the secret reads back from an encoding: the balanced bits put back in order,
    /// first half. Only tests (and an attacker holding the secret, which is why the hub must never) use it.
    func recoverFilter(_ encoding: LinkageEncoding) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: LinkageEncoding.filterBits / 64)
        for bit in 0..<LinkageEncoding.filterBits {
            let target = permutation[bit]
            if (encoding.words[target / 64] >> UInt64(target % 64)) & 1 == 1 {
                words[bit / 64] |= 1 << UInt64(bit % 64)
            }
        }
        return words
    }

    /// Bit positions for one token: 16 ten-bit indices from each HMAC-SHA256 of (token, counter).
    func positions(of token: String, field: Int, count: Int) -> [Int] {
        var positions: [Int] = []
        positions.reserveCapacity(count)
        var counter: UInt8 = 0
        while positions.count < count {
            var message = Data(token.utf8)
            message.append(0)
            message.append(counter)
            let mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: fieldKeys[field]))
            for pair in stride(from: 0, to: mac.count, by: 2) where positions.count < count {
                positions.append((Int(mac[pair]) << 8 | Int(mac[pair + 1])) % LinkageEncoding.filterBits)
            }
            counter &+= 1
        }
        return positions
    }

    /// Fisher–Yates driven by HMAC-SHA256 of a counter: the same permutation for every holder of the secret.
    static func keyedPermutation(_ key: SymmetricKey, count: Int) -> [Int] {
        var order = Array(0..<count)
        var pool: [UInt8] = []
        var block: UInt64 = 0
        func next() -> UInt32 {
            if pool.count < 4 {
                pool += Array(HMAC<SHA256>.authenticationCode(for: withUnsafeBytes(of: block) { Data($0) }, using: key))
                block += 1
            }
            let value = pool.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            pool.removeFirst(4)
            return value
        }
        for index in stride(from: count - 1, to: 0, by: -1) {
            let other = Int(UInt64(next()) * UInt64(index + 1) >> 32)
            order.swapAt(index, other)
        }
        return order
    }
}
