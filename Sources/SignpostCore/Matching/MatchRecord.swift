/// The identifying details the matcher compares, as they arrive (messy, partly missing).
public struct MatchRecord: Sendable, Hashable {
    public var id: String
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: CalendarDate?
    public var sex: Sex
    public var postcode: String
    public var addressLine: String
    public var nhsNumber: String

    public enum Sex: String, Sendable, Hashable {
        case male, female, unknown

        /// Accepts the spellings found in agency extracts: M/F/male/female/1/2 (CIN census codes).
        public init(loose text: String) {
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "m", "male", "1", "boy": self = .male
            case "f", "female", "2", "girl": self = .female
            default: self = .unknown
            }
        }
    }

    public init(
        id: String, givenName: String, familyName: String, dateOfBirth: CalendarDate?, sex: Sex = .unknown,
        postcode: String = "", addressLine: String = "", nhsNumber: String = ""
    ) {
        self.id = id
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.postcode = postcode
        self.addressLine = addressLine
        self.nhsNumber = nhsNumber
    }
}

/// A record with its comparison features computed once: normalised names and their parts, phonetic
/// codes, nickname roots, the parsed postcode and a validated NHS number.
public struct PreparedRecord: Sendable {
    public let record: MatchRecord
    public let given: String
    public let givenParts: [String]
    public let givenFirst: String
    public let givenSoundex: String
    public let givenRoots: Set<String>
    public let family: String
    public let familyParts: [String]
    public let familySoundexes: [String]
    public let dateOfBirth: CalendarDate?
    public let postcode: Postcode?
    /// The postcode compared as text: a UK postcode normalised, anything else in lower case without
    /// spaces or punctuation, so that a postcode from elsewhere is still evidence.
    public let postcodeText: String
    public let address: String
    public let addressWords: Set<String>
    /// The address words that name a street or place: not numbers, not street types, not flat or house.
    public let streetWords: Set<String>
    public let nhsNumber: NHSNumber?

    public init(_ record: MatchRecord) {
        self.record = record
        given = NameNormalisation.normalise(record.givenName)
        givenParts = NameNormalisation.parts(given)
        givenFirst = givenParts.first ?? ""
        givenSoundex = Soundex.code(givenFirst)
        givenRoots = givenFirst.isEmpty ? [] : Nicknames.roots(of: givenFirst)
        family = NameNormalisation.normalise(record.familyName)
        familyParts = NameNormalisation.parts(family)
        familySoundexes = familyParts.map(Soundex.code)
        dateOfBirth = record.dateOfBirth
        postcode = Postcode(record.postcode)
        postcodeText =
            postcode?.normalised ?? String(record.postcode.lowercased().filter { $0.isLetter || $0.isNumber })
        address = AddressNormalisation.normalise(record.addressLine)
        addressWords = Set(address.split(separator: " ").map(String.init))
        streetWords = addressWords.filter(AddressNormalisation.namesAPlace)
        nhsNumber = NHSNumber(record.nhsNumber)
    }
}

/// Addresses compared loosely: case, punctuation and the common abbreviations of street types.
public enum AddressNormalisation {
    static let abbreviations: [String: String] = [
        "rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close", "cres": "crescent",
        "ct": "court", "dr": "drive", "gdns": "gardens", "gr": "grove", "pl": "place", "sq": "square", "ter": "terrace",
        "terr": "terrace", "wy": "way", "flt": "flat",
    ]

    static let notPlaceNames: Set<String> = Set(abbreviations.values).union(["flat", "house", "the", "apartment"])

    static func namesAPlace(_ word: String) -> Bool {
        word.count >= 3 && !word.contains(where: \.isNumber) && !notPlaceNames.contains(word)
    }

    public static func normalise(_ text: String) -> String {
        let lowered = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(lowered).split(separator: " ").map { abbreviations[String($0)] ?? String($0) }.joined(
            separator: " ")
    }
}
