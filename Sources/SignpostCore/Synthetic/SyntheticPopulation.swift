import Foundation

/// A synthetic population of children for tests and benchmarks: families with siblings and twins, an
/// "index" extract, and a second agency's extract with realistic errors plus the truth.
///
/// Errors in the second extract, each drawn independently: typos in names, nicknames, one part of a
/// double-barrelled surname, given and family names swapped, day and month swapped, one component of
/// the date of birth off, a move to a new address, missing postcode, sex or NHS number, capitals and
/// stray spaces. Its non-matches include brothers, sisters and twins of indexed children who are not
/// themselves indexed, the hardest case for a matcher.
public struct SyntheticPopulation: Sendable {
    public var index: [MatchRecord]
    public var incoming: [MatchRecord]
    /// incoming id → index id, for incoming records that are indexed children.
    public var truth: [String: String]

    struct Family {
        var surname: String
        var address: String
        var postcode: String
        var children: [MatchRecord]
    }

    public static func generate(
        children count: Int, seed: UInt64, incomingFraction: Double = 0.25,
        today: CalendarDate = CalendarDate(year: 2026, month: 11, day: 1)!
    ) -> SyntheticPopulation {
        // One generator and one run of NHS numbers, threaded through every step in turn: the draws happen
        // in a fixed order, so a seed always gives the same population.
        var random = SeededRandom(seed: seed)
        var nhsNumbers = TestNHSNumbers()
        let todayNumber = today.dayNumber
        let (families, extras) = generateFamilies(
            count: count, todayNumber: todayNumber, random: &random, nhsNumbers: &nhsNumbers)
        let index = indexExtract(of: families, excluding: extras, count: count, random: &random)
        let (incoming, truth) = incomingExtract(
            count: max(1, Int(Double(count) * incomingFraction)), index: index, siblings: extras,
            todayNumber: todayNumber, random: &random, nhsNumbers: &nhsNumbers)
        return SyntheticPopulation(index: index, incoming: incoming, truth: truth)
    }

    /// NHS numbers for synthetic children, handed out in order.
    private struct TestNHSNumbers {
        private var serial = 0

        mutating func next() -> String {
            while true {
                serial += 1
                // 999 000 0000 – 999 999 9999: test numbers, never issued.
                let body = "999" + String(format: "%06d", (serial * 7919) % 1_000_000)
                if let number = NHSNumber.completing(body) { return number.digits }
            }
        }
    }

    /// Families until `count` children are known to the index's agency, and the siblings kept out of it.
    private static func generateFamilies(
        count: Int, todayNumber: Int, random: inout SeededRandom, nhsNumbers: inout TestNHSNumbers
    ) -> (families: [Family], extras: [MatchRecord]) {
        var families: [Family] = []
        var total = 0
        var extras: [MatchRecord] = []  // siblings generated but kept out of the index
        while total < count {
            let family = generateFamily(
                number: families.count, todayNumber: todayNumber, random: &random, nhsNumbers: &nhsNumbers)
            // One child in six of a family is not known to the index's agency: a sibling the matcher must not merge.
            for child in family.children {
                if family.children.count > 1 && random.chance(0.17) { extras.append(child) } else { total += 1 }
            }
            families.append(family)
        }
        return (families, extras)
    }

    /// One household: a few children, twins now and then, sharing a surname, an address and a postcode,
    /// born in the 17 years before `todayNumber`. Their ids derive from the family's `number`.
    private static func generateFamily(
        number familyNumber: Int, todayNumber: Int, random: inout SeededRandom, nhsNumbers: inout TestNHSNumbers
    ) -> Family {
        let surname = randomSurname(&random)
        let address = "\(Int.random(in: 1...180, using: &random)) \(random.pick(NameLists.streets))"
        let postcode = randomPostcode(&random)
        let size = random.pick([1, 1, 1, 2, 2, 2, 3, 3, 4])
        var family = Family(surname: surname, address: address, postcode: postcode, children: [])
        var birthDay = todayNumber - Int.random(in: 0...(17 * 365), using: &random)
        var usedNames = Set<String>()
        var childIndex = 0
        while childIndex < size && birthDay >= todayNumber - 17 * 365 {
            let twins = random.chance(0.04) && childIndex + 1 < size + 1
            let births = twins ? 2 : 1
            for _ in 0..<births {
                let sex: MatchRecord.Sex = random.chance(0.5) ? .male : .female
                let given = unusedGivenName(for: sex, usedNames: &usedNames, random: &random)
                let id = "C\(String(format: "%07d", familyNumber * 10 + family.children.count))"
                family.children.append(
                    MatchRecord(
                        id: id, givenName: given, familyName: surname,
                        dateOfBirth: CalendarDate(dayNumber: birthDay),
                        sex: sex, postcode: postcode, addressLine: address, nhsNumber: nhsNumbers.next()))
            }
            childIndex += births
            birthDay -= Int.random(in: 300...1500, using: &random)
        }
        return family
    }

    /// A surname, double-barrelled (two different names) now and then.
    static func randomSurname(_ random: inout SeededRandom) -> String {
        var surname = random.pick(NameLists.surnames)
        if random.chance(0.08) {
            var second = random.pick(NameLists.surnames)
            while second == surname { second = random.pick(NameLists.surnames) }
            surname = "\(surname)-\(second)"
        }
        return surname
    }

    /// A given name for `sex` that no brother or sister in `usedNames` has; it is added to `usedNames`.
    private static func unusedGivenName(
        for sex: MatchRecord.Sex, usedNames: inout Set<String>, random: inout SeededRandom
    ) -> String {
        var given = random.pick(sex == .male ? NameLists.boys : NameLists.girls)
        while usedNames.contains(given) {
            given = random.pick(sex == .male ? NameLists.boys : NameLists.girls)
        }
        usedNames.insert(given)
        return given
    }

    /// The index's extract: every child but the kept-out siblings, in family order, a quarter of them
    /// without an NHS number, and no more than `count`.
    private static func indexExtract(
        of families: [Family], excluding extras: [MatchRecord], count: Int, random: inout SeededRandom
    ) -> [MatchRecord] {
        let extraIDs = Set(extras.map(\.id))
        var index: [MatchRecord] = []
        for family in families {
            for child in family.children where !extraIDs.contains(child.id) {
                var stored = child
                if random.chance(0.25) { stored.nhsNumber = "" }
                index.append(stored)
            }
        }
        if index.count > count { index = Array(index.prefix(count)) }
        return index
    }

    /// The second agency: mostly indexed children, with errors; some siblings not indexed; some strangers.
    private static func incomingExtract(
        count incomingCount: Int, index: [MatchRecord], siblings extras: [MatchRecord], todayNumber: Int,
        random: inout SeededRandom, nhsNumbers: inout TestNHSNumbers
    ) -> (incoming: [MatchRecord], truth: [String: String]) {
        let indexIDs = Set(index.map(\.id))
        var incoming: [MatchRecord] = []
        var truth: [String: String] = [:]
        var serial = 0
        let siblingPool = extras.shuffled(using: &random)
        var siblingCursor = 0
        while incoming.count < incomingCount {
            serial += 1
            let incomingID = "A\(String(format: "%07d", serial))"
            let roll = Double.random(in: 0..<1, using: &random)
            var source: MatchRecord
            if roll < 0.72 {
                source = index[Int.random(in: 0..<index.count, using: &random)]
                truth[incomingID] = source.id
            } else if roll < 0.86, siblingCursor < siblingPool.count {
                source = siblingPool[siblingCursor]
                siblingCursor += 1
                guard !indexIDs.contains(source.id) else { continue }
            } else {
                source = stranger(todayNumber: todayNumber, random: &random, nhsNumbers: &nhsNumbers)
            }
            var record = corrupt(source, random: &random)
            record.id = incomingID
            incoming.append(record)
        }
        return (incoming, truth)
    }

    /// A child unknown to the index, from a family the index has never seen.
    private static func stranger(
        todayNumber: Int, random: inout SeededRandom, nhsNumbers: inout TestNHSNumbers
    ) -> MatchRecord {
        let sex: MatchRecord.Sex = random.chance(0.5) ? .male : .female
        return MatchRecord(
            id: "X", givenName: random.pick(sex == .male ? NameLists.boys : NameLists.girls),
            familyName: random.pick(NameLists.surnames),
            dateOfBirth: CalendarDate(dayNumber: todayNumber - Int.random(in: 0...(17 * 365), using: &random)),
            sex: sex,
            postcode: randomPostcode(&random),
            addressLine: "\(Int.random(in: 1...180, using: &random)) \(random.pick(NameLists.streets))",
            nhsNumber: nhsNumbers.next())
    }

    static func randomPostcode(_ random: inout SeededRandom) -> String {
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        let district = random.pick(NameLists.districts)
        let sector = Int.random(in: 0...9, using: &random)
        let unit = "\(random.pick(letters))\(random.pick(letters))"
        return "\(district) \(sector)\(unit)"
    }

    /// Precision, recall and F1 of a set of links against the truth.
    public static func evaluate(links: [(incoming: String, index: String)], truth: [String: String]) -> (
        precision: Double, recall: Double, f1: Double, truePositives: Int, falsePositives: Int, falseNegatives: Int
    ) {
        var tp = 0
        var fp = 0
        for link in links {
            if truth[link.incoming] == link.index { tp += 1 } else { fp += 1 }
        }
        let fn = truth.count - tp
        let precision = links.isEmpty ? 1 : Double(tp) / Double(tp + fp)
        let recall = truth.isEmpty ? 1 : Double(tp) / Double(truth.count)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1, tp, fp, fn)
    }
}
