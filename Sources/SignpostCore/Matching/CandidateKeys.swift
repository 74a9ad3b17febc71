/// Blocking keys: a record is only compared with records that share at least one key, so the cost of
/// a search grows with the size of its blocks, not with the size of the index.
///
/// The keys are chosen so that each kind of error the matcher forgives still leaves one shared key:
/// a typo in the family name keeps given-name + date of birth; a moved child keeps the names + year;
/// a wrong date of birth keeps both names; swapped day and month, swapped names and a new surname each
/// have their own key. The database stores the same keys in an indexed column.
public enum CandidateKeys {
    /// Keys stored for a record in the index.
    public static func indexKeys(_ r: PreparedRecord) -> Set<String> {
        var keys = Set<String>()
        if let nhs = r.nhsNumber { keys.insert("n:\(nhs.digits)") }
        let year = r.dateOfBirth.map { String($0.year) }
        let dob = r.dateOfBirth?.iso
        for code in r.familySoundexes where !code.isEmpty {
            if let year { keys.insert("f:\(code):\(year)") }
            if !r.givenSoundex.isEmpty { keys.insert("fg:\(code):\(r.givenSoundex)") }
        }
        if let dob {
            if !r.givenSoundex.isEmpty { keys.insert("g:\(r.givenSoundex):\(dob)") }
            for root in r.givenRoots { keys.insert("r:\(root):\(dob)") }
        }
        // The postcode as text, so that a postcode from outside the UK is still a key (a UK one is unchanged).
        let postcode = r.postcodeText
        if !postcode.isEmpty {
            if let year { keys.insert("p:\(postcode):\(year)") }
            for code in r.familySoundexes where !code.isEmpty { keys.insert("fp:\(code):\(postcode)") }
            // A wrong year and a misspelt family name still leave the given name at the same address.
            if !r.givenSoundex.isEmpty { keys.insert("gp:\(r.givenSoundex):\(postcode)") }
        }
        if let dob = r.dateOfBirth {
            // A wrong year keeps the family name with the day and month.
            for code in r.familySoundexes where !code.isEmpty { keys.insert("fm:\(code):\(dob.month)-\(dob.day)") }
        }
        // A slip in the postcode leaves one of its halves whole: with the date of birth, or with the house number
        // and street, either half still finds a record whose names are missing or mistyped too.
        for half in postcodeHalves(r.postcodeText) {
            if let dob { keys.insert("dp:\(dob):\(half)") }
            // With the family name's first letter, so that a children's home or a care-of address is not one block.
            if let (number, street) = houseAndStreet(r.address), let initial = r.family.first {
                keys.insert("ap:\(number):\(street):\(half):\(initial)")
            }
        }
        return keys
    }

    /// The outward and inward codes of a UK postcode (`o:SW1A`, `i:1AA`); of any other postcode, its two halves.
    /// Compared in upper case without spaces or punctuation, so that a slip that breaks the UK format (stored as
    /// lower-case text) still shares a half with the postcode it was meant to be. Too short to halve: nothing,
    /// unless it is all digits (a four-digit postcode from abroad).
    static func postcodeHalves(_ postcode: String) -> [String] {
        let compact = String(postcode.uppercased().filter { $0.isLetter || $0.isNumber })
        guard compact.count >= 5 || (compact.count >= 3 && compact.allSatisfy(\.isNumber)) else { return [] }
        let split = compact.count >= 5 ? compact.count - 3 : compact.count / 2
        return ["o:\(compact.prefix(split))", "i:\(compact.dropFirst(split))"]
    }

    /// The first word of an address with a digit in it (the house or flat number) and the first word that names a
    /// street or place.
    static func houseAndStreet(_ address: String) -> (String, String)? {
        let words = address.split(separator: " ")
        guard let number = words.first(where: { $0.contains(where: \.isNumber) }),
            let street = words.first(where: { AddressNormalisation.namesAPlace(String($0)) })
        else { return nil }
        return (String(number), String(street))
    }

    /// Keys to look up for a query: the index keys plus the variants of the errors above.
    public static func queryKeys(_ r: PreparedRecord) -> Set<String> {
        var keys = indexKeys(r)
        // A family name typed in parts ("O Brien") also looks for the name written as one word ("OBrien"). Query
        // side only, so that no stored key changes.
        if r.familyParts.count > 1 {
            let code = Soundex.code(r.familyParts.joined())
            if let dob = r.dateOfBirth {
                keys.insert("f:\(code):\(dob.year)")
                keys.insert("fm:\(code):\(dob.month)-\(dob.day)")
            }
            if !r.givenSoundex.isEmpty { keys.insert("fg:\(code):\(r.givenSoundex)") }
            if !r.postcodeText.isEmpty { keys.insert("fp:\(code):\(r.postcodeText)") }
        }
        if let dob = r.dateOfBirth {
            // Day and month the other way round.
            if dob.day <= 12, dob.day != dob.month,
                let swapped = CalendarDate(year: dob.year, month: dob.day, day: dob.month)
            {
                if !r.givenSoundex.isEmpty { keys.insert("g:\(r.givenSoundex):\(swapped.iso)") }
                for root in r.givenRoots { keys.insert("r:\(root):\(swapped.iso)") }
            }
            // Given and family names the other way round.
            if let familyFirst = r.familyParts.first {
                keys.insert("f:\(r.givenSoundex):\(dob.year)")
                keys.insert("g:\(Soundex.code(familyFirst)):\(dob.iso)")
                keys.insert("fm:\(r.givenSoundex):\(dob.month)-\(dob.day)")
            }
        }
        if !r.postcodeText.isEmpty, !r.givenSoundex.isEmpty {
            keys.insert("fp:\(r.givenSoundex):\(r.postcodeText)")
            if let familyFirst = r.familyParts.first {
                keys.insert("gp:\(Soundex.code(familyFirst)):\(r.postcodeText)")
            }
        }
        return keys
    }
}
