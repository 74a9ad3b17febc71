/// The comparison functions: for two prepared records, the agreement level of each field. Each level is
/// a class of difference seen between two agencies' records of one child (docs/matching.md); the first
/// level that applies is the one reported.
enum MatchComparisons {
    static func given(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation.GivenName {
        guard !a.givenFirst.isEmpty, !b.givenFirst.isEmpty else { return .missing }
        if a.given == b.given || a.givenFirst == b.givenFirst { return .exact }
        if !a.givenRoots.isDisjoint(with: b.givenRoots) { return .nickname }
        // A middle name used as the first name, or the given name written in full in one record.
        if a.givenParts.contains(b.givenFirst) || b.givenParts.contains(a.givenFirst) { return .nickname }
        return names(a.givenFirst, b.givenFirst)
    }

    static func names(_ a: String, _ b: String) -> MatchExplanation.GivenName {
        guard !a.isEmpty, !b.isEmpty else { return .missing }
        if a == b { return .exact }
        if Nicknames.areEquivalent(a, b) { return .nickname }
        let similarity = JaroWinkler.similarity(a, b)
        if similarity >= 0.92 || EditDistance.withinOne(a, b) { return .close }
        if isAbbreviation(a, of: b) || isAbbreviation(b, of: a) { return .initial }
        if Nicknames.isDiminutiveWithSlip(a, b) || Nicknames.isDiminutiveWithSlip(b, a) { return .nicknameTypo }
        if min(a.count, b.count) >= 5, EditDistance.bounded(a, b, limit: 2) <= 2 { return .twoEdits }
        if Soundex.code(a) == Soundex.code(b) && similarity >= 0.80 { return .phonetic }
        if similarity >= 0.85 { return .weak }
        return .different
    }

    /// An initial (J), a prefix (Jo, Alex) or an abbreviation by dropped letters that keeps the first and
    /// last letter (Jn, Wm, Chas), written for `full`.
    static func isAbbreviation(_ short: String, of full: String) -> Bool {
        let s = Array(short.utf8)
        let f = Array(full.utf8)
        guard !s.isEmpty, s.count < f.count, s[0] == f[0] else { return false }
        if s.count == 1 || full.hasPrefix(short) { return true }
        guard s.count <= 4, f.count - s.count >= 2, s.last == f.last else { return false }
        var position = 0
        for letter in s {
            while position < f.count && f[position] != letter { position += 1 }
            guard position < f.count else { return false }
            position += 1
        }
        return true
    }

    static func family(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation.FamilyName {
        family(a.family, a.familyParts, a.familySoundexes, b.family, b.familyParts, b.familySoundexes)
    }

    static func family(
        _ a: String, _ aParts: [String], _ aCodes: [String], _ b: String, _ bParts: [String], _ bCodes: [String]
    ) -> MatchExplanation.FamilyName {
        guard !a.isEmpty, !b.isEmpty else { return .missing }
        if a == b || aParts.joined() == bParts.joined() { return .exact }
        // A double-barrelled or hyphenated name matches either of its parts.
        if !Set(aParts).isDisjoint(with: bParts) { return .partOf }
        var best = 0.0
        for x in aParts { for y in bParts { best = max(best, JaroWinkler.similarity(x, y)) } }
        best = max(best, JaroWinkler.similarity(a, b))
        if best >= 0.92 || aParts.contains(where: { x in bParts.contains { EditDistance.withinOne(x, $0) } }) {
            return .close
        }
        let joinedA = aParts.joined()
        let joinedB = bParts.joined()
        if min(joinedA.count, joinedB.count) >= 5, EditDistance.bounded(joinedA, joinedB, limit: 2) <= 2 {
            return .twoEdits
        }
        if !Set(aCodes).isDisjoint(with: bCodes) && best >= 0.80 { return .phonetic }
        return .different
    }

    static func dates(_ a: CalendarDate?, _ b: CalendarDate?) -> MatchExplanation.DateOfBirth {
        guard let a, let b else { return .missing }
        if a == b { return .exact }
        if a.year == b.year && a.month == b.day && a.day == b.month { return .dayMonthSwapped }
        if abs(a.dayNumber - b.dayNumber) <= 2 { return .withinTwoDays }
        let sameYear = a.year == b.year
        let sameMonth = a.month == b.month
        let sameDay = a.day == b.day
        if (sameYear && sameMonth && oneTypo(a.day, b.day))
            || (sameYear && sameDay && oneTypo(a.month, b.month))
            || (sameMonth && sameDay && oneTypo(a.year, b.year))
        {
            return .oneComponentOff
        }
        if sameMonth && sameDay { return .otherYear }
        if sameYear { return .sameYear }
        return .different
    }

    /// One keying slip: off by one, or one digit different.
    static func oneTypo(_ x: Int, _ y: Int) -> Bool {
        if abs(x - y) == 1 { return true }
        let a = Array(String(x))
        let b = Array(String(y))
        guard a.count == b.count else { return false }
        return zip(a, b).filter { $0 != $1 }.count == 1
    }

    static func place(_ a: PreparedRecord, _ b: PreparedRecord) -> MatchExplanation.Place {
        let postcode = postcode(a, b)
        let address = address(a, b)
        let sameAddress = address == .exact || address == .similar
        switch postcode {
        case .exact: return sameAddress ? .exact : address == .missing ? .postcode : .postcodeOtherAddress
        case _ where sameAddress: return .address
        case .typo: return .postcodeTypo
        case .sector: return .sector
        case .district: return .district
        case _ where address == .sameStreet: return .sameStreet
        case .missing where address == .missing: return .missing
        default: return .different
        }
    }

    enum PostcodeAgreement { case exact, typo, sector, district, different, missing }
    enum AddressAgreement { case exact, similar, sameStreet, different, missing }

    static func postcode(_ a: PreparedRecord, _ b: PreparedRecord) -> PostcodeAgreement {
        guard !a.postcodeText.isEmpty, !b.postcodeText.isEmpty else { return .missing }
        if a.postcodeText == b.postcodeText { return .exact }
        if let x = a.postcode, let y = b.postcode {
            if x.sector == y.sector { return .sector }
            if EditDistance.bounded(a.postcodeText, b.postcodeText, limit: 1) <= 1 { return .typo }
            if x.outward == y.outward { return .district }
            return .different
        }
        if a.postcodeText.count >= 3, EditDistance.bounded(a.postcodeText, b.postcodeText, limit: 1) <= 1 {
            return .typo
        }
        return .different
    }

    static func address(_ a: PreparedRecord, _ b: PreparedRecord) -> AddressAgreement {
        guard !a.address.isEmpty, !b.address.isEmpty else { return .missing }
        if a.address == b.address { return .exact }
        let shared = a.addressWords.intersection(b.addressWords).count
        let union = a.addressWords.union(b.addressWords).count
        if union > 0 && Double(shared) / Double(union) >= 0.5 || JaroWinkler.similarity(a.address, b.address) >= 0.9 {
            return .similar
        }
        if !a.streetWords.isDisjoint(with: b.streetWords) { return .sameStreet }
        return .different
    }
}
