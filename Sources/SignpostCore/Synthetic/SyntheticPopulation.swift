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
        var random = SeededRandom(seed: seed)
        var families: [Family] = []
        var total = 0
        var nhsSerial = 0
        var extras: [MatchRecord] = []  // siblings generated but kept out of the index
        let todayNumber = today.dayNumber

        func newNHS() -> String {
            while true {
                nhsSerial += 1
                // 999 000 0000 – 999 999 9999: test numbers, never issued.
                let body = "999" + String(format: "%06d", (nhsSerial * 7919) % 1_000_000)
                if let number = NHSNumber.completing(body) { return number.digits }
            }
        }

        while total < count {
            var surname = random.pick(NameLists.surnames)
            if random.chance(0.08) {
                var second = random.pick(NameLists.surnames)
                while second == surname { second = random.pick(NameLists.surnames) }
                surname = "\(surname)-\(second)"
            }
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
                    var given = random.pick(sex == .male ? NameLists.boys : NameLists.girls)
                    while usedNames.contains(given) {
                        given = random.pick(sex == .male ? NameLists.boys : NameLists.girls)
                    }
                    usedNames.insert(given)
                    let id = "C\(String(format: "%07d", families.count * 10 + family.children.count))"
                    family.children.append(
                        MatchRecord(
                            id: id, givenName: given, familyName: surname,
                            dateOfBirth: CalendarDate(dayNumber: birthDay),
                            sex: sex, postcode: postcode, addressLine: address, nhsNumber: newNHS()))
                }
                childIndex += births
                birthDay -= Int.random(in: 300...1500, using: &random)
            }
            // One child in six of a family is not known to the index's agency: a sibling the matcher must not merge.
            for child in family.children {
                if family.children.count > 1 && random.chance(0.17) { extras.append(child) } else { total += 1 }
            }
            families.append(family)
        }

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
        let indexIDs = Set(index.map(\.id))

        // The second agency: mostly indexed children, with errors; some siblings not indexed; some strangers.
        let incomingCount = max(1, Int(Double(count) * incomingFraction))
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
                // A child unknown to the index, from a family the index has never seen.
                let sex: MatchRecord.Sex = random.chance(0.5) ? .male : .female
                source = MatchRecord(
                    id: "X", givenName: random.pick(sex == .male ? NameLists.boys : NameLists.girls),
                    familyName: random.pick(NameLists.surnames),
                    dateOfBirth: CalendarDate(dayNumber: todayNumber - Int.random(in: 0...(17 * 365), using: &random)),
                    sex: sex,
                    postcode: randomPostcode(&random),
                    addressLine: "\(Int.random(in: 1...180, using: &random)) \(random.pick(NameLists.streets))",
                    nhsNumber: newNHS())
            }
            var record = corrupt(source, random: &random)
            record.id = incomingID
            incoming.append(record)
        }
        return SyntheticPopulation(index: index, incoming: incoming, truth: truth)
    }

    static func randomPostcode(_ random: inout SeededRandom) -> String {
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        return
            "\(random.pick(NameLists.districts)) \(Int.random(in: 0...9, using: &random))\(random.pick(letters))\(random.pick(letters))"
    }

    static func typo(_ text: String, random: inout SeededRandom) -> String {
        var chars = Array(text)
        guard chars.count > 3 else { return text }
        let position = Int.random(in: 1..<chars.count, using: &random)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        switch Int.random(in: 0..<4, using: &random) {
        case 0: chars[position] = random.pick(letters)
        case 1: chars.insert(random.pick(letters), at: position)
        case 2: chars.remove(at: position)
        default:
            if position + 1 < chars.count {
                chars.swapAt(position, position + 1)
            } else {
                chars.swapAt(position, position - 1)
            }
        }
        return String(chars)
    }

    static let diminutives: [String: [String]] = [
        "William": ["Will", "Bill", "Billy", "Liam"], "Elizabeth": ["Beth", "Liz", "Lizzie", "Eliza"],
        "Alexander": ["Alex", "Xander"], "Thomas": ["Tom", "Tommy"], "Joseph": ["Joe", "Joey"],
        "Samuel": ["Sam", "Sammy"],
        "Benjamin": ["Ben", "Benji"], "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"], "Michael": ["Mike", "Mikey"],
        "Edward": ["Ed", "Eddie", "Ted"], "Henry": ["Harry", "Hal"], "James": ["Jamie", "Jim"], "Joshua": ["Josh"],
        "Zachary": ["Zach", "Zac"], "Theodore": ["Theo", "Teddy"], "Charlotte": ["Lottie", "Charlie"],
        "Isabella": ["Bella", "Izzy"],
        "Isabelle": ["Izzy", "Belle"], "Abigail": ["Abby", "Abbie"], "Eleanor": ["Ellie", "Nell"],
        "Victoria": ["Vicky", "Tori"],
        "Rebecca": ["Becky", "Becca"], "Samantha": ["Sam"], "Penelope": ["Penny"], "Matilda": ["Tilly"],
        "Jessica": ["Jess"],
        "Amelia": ["Millie", "Amy"], "Sophia": ["Sophie"], "Frederick": ["Freddie"], "Alfred": ["Alfie"],
        "Oliver": ["Ollie"],
        "Mohammed": ["Muhammad", "Mohammad"], "Muhammad": ["Mohammed", "Mohamed"], "Emily": ["Em", "Emmy"],
        "Katie": ["Kate"],
    ]

    static func corrupt(_ source: MatchRecord, random: inout SeededRandom) -> MatchRecord {
        var r = source
        if let options = diminutives[r.givenName], random.chance(0.12) {
            r.givenName = random.pick(options)
        } else if random.chance(0.12) {
            r.givenName = typo(r.givenName, random: &random)
        }
        if r.familyName.contains("-"), random.chance(0.5) {
            r.familyName = random.pick(r.familyName.split(separator: "-").map(String.init))
        } else if random.chance(0.08) {
            r.familyName = typo(r.familyName, random: &random)
        }
        if random.chance(0.03) { swap(&r.givenName, &r.familyName) }
        if let dob = r.dateOfBirth {
            if dob.day <= 12, dob.day != dob.month, random.chance(0.04) {
                r.dateOfBirth = CalendarDate(year: dob.year, month: dob.day, day: dob.month)
            } else if random.chance(0.04) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    r.dateOfBirth = CalendarDate(
                        year: dob.year, month: dob.month, day: dob.day == 28 ? 27 : dob.day + 1)
                case 1:
                    r.dateOfBirth =
                        CalendarDate(year: dob.year, month: dob.month == 12 ? 11 : dob.month + 1, day: dob.day) ?? dob
                default:
                    r.dateOfBirth =
                        CalendarDate(year: dob.year - 1, month: dob.month, day: dob.day)
                        ?? CalendarDate(year: dob.year - 1, month: 2, day: 28)
                }
            } else if random.chance(0.01) {
                r.dateOfBirth = nil
            }
        }
        if random.chance(0.15) {
            r.postcode = randomPostcode(&random)
            r.addressLine = "\(Int.random(in: 1...180, using: &random)) \(random.pick(NameLists.streets))"
        } else if random.chance(0.08) {
            r.postcode = ""
        } else if random.chance(0.05) {
            r.postcode = r.postcode.replacingOccurrences(of: " ", with: "").lowercased()
        }
        if random.chance(0.05) { r.addressLine = AddressNormalisation.normalise(r.addressLine) }
        if random.chance(0.45) {
            r.nhsNumber = ""
        } else if random.chance(0.02) {
            r.nhsNumber = typo(r.nhsNumber, random: &random)
        }
        if random.chance(0.05) { r.sex = .unknown }
        if random.chance(0.15) {
            r.givenName = r.givenName.uppercased()
            r.familyName = r.familyName.uppercased()
        }
        if random.chance(0.05) { r.givenName = " \(r.givenName)  " }
        if random.chance(0.1) { r.givenName = r.givenName.folding(options: .diacriticInsensitive, locale: nil) }
        return r
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
