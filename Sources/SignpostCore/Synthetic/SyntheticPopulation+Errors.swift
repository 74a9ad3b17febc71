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
        corruptGivenName(&r, random: &random)
        corruptFamilyName(&r, random: &random)
        if random.chance(0.03) { swap(&r.givenName, &r.familyName) }
        corruptDateOfBirth(&r, random: &random)
        corruptPlace(&r, random: &random)
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

    /// Nicknames (some with a slip), typos (some heavy), initials and abbreviations, or no given name.
    static func corruptGivenName(_ r: inout MatchRecord, random: inout SeededRandom) {
        let name = r.givenName
        if let options = diminutives[name], random.chance(0.12) {
            r.givenName = random.pick(options)
            if random.chance(0.15) { r.givenName = typo(r.givenName, random: &random) }
        } else if random.chance(0.10) {
            r.givenName = typo(name, random: &random)
            if random.chance(0.25) { r.givenName = typo(r.givenName, random: &random) }
        } else if random.chance(0.03), name.count > 3 {
            switch Int.random(in: 0..<3, using: &random) {
            case 0: r.givenName = String(name.prefix(1))
            case 1: r.givenName = String(name.prefix(Int.random(in: 2...3, using: &random)))
            default: r.givenName = String(name.prefix(1)) + String(name.suffix(1))
            }
        } else if random.chance(0.01) {
            r.givenName = ""
        }
    }

    /// One part of a double-barrelled name (sometimes with a slip), a typo, or a new surname altogether.
    static func corruptFamilyName(_ r: inout MatchRecord, random: inout SeededRandom) {
        if r.familyName.contains("-"), random.chance(0.5) {
            r.familyName = random.pick(r.familyName.split(separator: "-").map(String.init))
            if random.chance(0.1) { r.familyName = typo(r.familyName, random: &random) }
        } else if random.chance(0.08) {
            r.familyName = typo(r.familyName, random: &random)
        } else if random.chance(0.03) {
            // A child whose surname changed: a new partner's, a parent's maiden name, adoption.
            r.familyName = randomSurname(&random)
        }
    }

    /// Day and month swapped, one component off, a day or two out, another year, or missing.
    static func corruptDateOfBirth(_ r: inout MatchRecord, random: inout SeededRandom) {
        guard let dob = r.dateOfBirth else { return }
        if dob.day <= 12, dob.day != dob.month, random.chance(0.04) {
            r.dateOfBirth = CalendarDate(year: dob.year, month: dob.day, day: dob.month)
        } else if random.chance(0.04) {
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                r.dateOfBirth = CalendarDate(year: dob.year, month: dob.month, day: dob.day == 28 ? 27 : dob.day + 1)
            case 1:
                r.dateOfBirth =
                    CalendarDate(year: dob.year, month: dob.month == 12 ? 11 : dob.month + 1, day: dob.day) ?? dob
            default:
                r.dateOfBirth =
                    CalendarDate(year: dob.year - 1, month: dob.month, day: dob.day)
                    ?? CalendarDate(year: dob.year - 1, month: 2, day: 28)
            }
        } else if random.chance(0.03) {
            r.dateOfBirth = dob.adding(days: random.pick([-2, -1, 1, 2]))
        } else if random.chance(0.015) {
            let years = random.pick([-3, -2, 2, 3])
            r.dateOfBirth = CalendarDate(year: dob.year + years, month: dob.month, day: min(dob.day, 28))
        } else if random.chance(0.02) {
            r.dateOfBirth = nil
        }
    }

    /// A move (new postcode and address), a missing, squashed or mistyped postcode, and address lines
    /// written differently (abbreviated, without the house number, with a flat).
    static func corruptPlace(_ r: inout MatchRecord, random: inout SeededRandom) {
        if random.chance(0.15) {
            r.postcode = randomPostcode(&random)
            r.addressLine = "\(Int.random(in: 1...180, using: &random)) \(random.pick(NameLists.streets))"
        } else if random.chance(0.08) {
            r.postcode = ""
        } else if random.chance(0.05) {
            r.postcode = r.postcode.replacingOccurrences(of: " ", with: "").lowercased()
        } else if random.chance(0.03), r.postcode.count > 5 {
            var chars = Array(r.postcode)
            let position = random.pick([1, chars.count - 1, chars.count - 2])
            chars[position] =
                chars[position].isNumber ? random.pick(Array("0123456789")) : random.pick(Array("ABDEFGHJLNPQRSTUWXYZ"))
            r.postcode = String(chars)
        }
        if random.chance(0.05) { r.addressLine = AddressNormalisation.normalise(r.addressLine) }
        // Many agencies' extracts carry a postcode and no address line.
        if random.chance(0.12) {
            r.addressLine = ""
            return
        }
        if random.chance(0.05) {
            let words = r.addressLine.split(separator: " ")
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where words.count > 1: r.addressLine = words.dropFirst().joined(separator: " ")
            case 1: r.addressLine = "Flat \(Int.random(in: 1...9, using: &random)), \(r.addressLine)"
            default: r.addressLine = typo(r.addressLine, random: &random)
            }
        }
    }
}
