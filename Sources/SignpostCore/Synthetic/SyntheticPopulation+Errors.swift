import Foundation

// The errors of the second agency's extract, drawn independently (see `SyntheticPopulation`).
extension SyntheticPopulation {
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
}
