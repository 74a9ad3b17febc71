import Foundation
import Testing

@testable import SignpostCore

/// The attacks of research pprl.md §5.3 (G3a–G3d), CI-sized, on synthetic children. The hub holds encodings
/// and never the secret; these tests show what that separation buys, and that it is the whole defence.
@Suite("Attacks on the hub's encodings")
struct LinkageAttackTests {
    static let secret = try! LinkageSecret(epoch: "2026-attack", material: Data((0..<32).map { UInt8($0) }))
    static let population = SyntheticPopulation.generate(children: 3_000, seed: 41)

    /// The subset-test dictionary decoder (research §3.1): a name is a candidate for an encoding when every
    /// bit it would set is set. Returns how many encodings decode to exactly one name, and it is the right one.
    static func decodedGivenNames(records: [MatchRecord], stored: [LinkageEncoding], attacker: LinkageEncoder)
        -> Int
    {
        let dictionary = Array(Set(population.index.map { PreparedRecord($0).givenFirst }).filter { !$0.isEmpty })
        let patterns = dictionary.map { name -> [Int] in
            let probe = PreparedRecord(
                MatchRecord(
                    id: "", givenName: name, familyName: "", dateOfBirth: nil, sex: .unknown, postcode: "",
                    addressLine: "", nhsNumber: ""))
            let tokens = LinkageEncoder.tokens(probe)[0]
            return tokens.enumerated().flatMap { index, token in
                let budget = LinkageEncoder.Budget.givenName
                let count = budget / tokens.count + (index < budget % tokens.count ? 1 : 0)
                return attacker.positions(of: token, field: 0, count: count)
            }
        }
        var correct = 0
        for (record, encoding) in zip(records, stored) {
            let filter = attacker.recoverFilter(encoding)
            let candidates = dictionary.indices.filter { name in
                patterns[name].allSatisfy { (filter[$0 / 64] >> UInt64($0 % 64)) & 1 == 1 }
            }
            if candidates.count == 1, dictionary[candidates[0]] == PreparedRecord(record).givenFirst { correct += 1 }
        }
        return correct
    }

    static let sample = Array(population.index.prefix(400))
    static let stored = sample.map(LinkageEncoder(secret: secret).encode)

    /// G3b: an attacker with the hub's store and a name dictionary, but not the secret, decodes nothing.
    @Test func aDictionaryAttackWithoutTheSecretDecodesNoName() throws {
        let guess = try LinkageSecret(epoch: "2026-attack", material: Data(repeating: 0xA5, count: 32))
        #expect(Self.decodedGivenNames(records: Self.sample, stored: Self.stored, attacker: .init(secret: guess)) == 0)
    }

    /// G3c, the negative control: the same decoder with the secret succeeds. This is why the hub must never
    /// hold the secret, and no holder of the secret may ever see the store.
    @Test func theSameAttackWithTheSecretDecodesMostNames() {
        let decoded = Self.decodedGivenNames(
            records: Self.sample, stored: Self.stored, attacker: LinkageEncoder(secret: Self.secret))
        #expect(Double(decoded) / Double(Self.sample.count) >= 0.8, "\(decoded) of \(Self.sample.count)")
    }

    /// G3d: after balancing the popcount is constant, so it says nothing about how long the names are, nor
    /// which fields are missing. The unbalanced filter is the control: with a fixed budget for each field its
    /// popcount hardly follows name length, but it does tell which fields are missing, and the same
    /// measurement sees that.
    @Test func thePopcountDoesNotCorrelateWithNameLength() {
        let encoder = LinkageEncoder(secret: Self.secret)
        let records = Self.population.incoming.map(PreparedRecord.init)
        let lengths = records.map { Double($0.givenFirst.count + $0.family.count) }
        let present = records.map { Double(LinkageEncoder.tokens($0).filter { !$0.isEmpty }.count) }
        let hardened = records.map { Double(encoder.encode($0).popcount) }
        let unhardened = records.map { Double(encoder.filterWords($0).reduce(0) { $0 + $1.nonzeroBitCount }) }
        #expect(abs(Self.correlation(hardened, lengths)) < 0.05)
        #expect(abs(Self.correlation(hardened, present)) < 0.05)
        #expect(Self.correlation(unhardened, present) > 0.5, "the control must see the raw filter's leak")
    }

    /// G3a: frequency alignment. Composite encodings are all distinct, so ranking them by frequency and
    /// pairing them with the commonest names finds no more than chance would.
    @Test func frequencyAlignmentFindsNoMoreThanChance() {
        let encoder = LinkageEncoder(secret: Self.secret)
        let records = Self.population.index
        let encodings = records.map { encoder.encode($0) }
        #expect(Double(Set(encodings.map(\.words)).count) / Double(encodings.count) >= 0.99)
        let names = records.map { PreparedRecord($0).givenFirst }
        let byFrequency = Dictionary(grouping: names, by: { $0 }).sorted { $0.value.count > $1.value.count }
        let commonest = byFrequency.prefix(50).map(\.key)
        let counts = Dictionary(grouping: encodings.indices, by: { encodings[$0].words })
        // The attacker's best ranking of encodings by frequency; ties (every encoding here) in stored order.
        let ranked = encodings.indices.sorted {
            counts[encodings[$0].words]!.count > counts[encodings[$1].words]!.count
        }
        let hits = zip(ranked.prefix(50), commonest).filter { names[$0.0] == $0.1 }.count
        // Chance: the commonest 50 names' shares, summed (each guess is right with its name's share).
        let chance = commonest.map { name in Double(names.filter { $0 == name }.count) / Double(names.count) }
            .reduce(0, +)
        #expect(Double(hits) <= max(3, 3 * chance), "\(hits) hits; chance \(chance)")
    }

    /// The blocklib lesson: a single unkeyed hash in the linkage pipeline reopens the dictionary attack.
    @Test func everyHashInTheLinkagePipelineIsKeyed() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SignpostCore/Linkage")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        let unkeyed = [
            "SHA256.hash(", "SHA512.hash(", "SHA384.hash(", "Insecure.", ".hashValue", "Hasher(", "hash(into",
        ]
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for pattern in unkeyed {
                #expect(!text.contains(pattern), "\(file) uses an unkeyed hash: \(pattern)")
            }
        }
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        let cov = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let vx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let vy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        // A constant series carries no information about the other: no correlation.
        guard vx > 0, vy > 0 else { return 0 }
        return cov / (vx * vy).squareRoot()
    }
}
