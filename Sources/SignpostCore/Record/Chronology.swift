/// What kind of event a chronology entry records: the controlled list practitioners choose from.
public enum ChronologyCategory: String, Sendable, Codable, CaseIterable {
    case referral
    case homeVisit = "home-visit"
    case appointment
    case meeting
    case assessment
    case plan
    case review
    case incident
    case missingEpisode = "missing-episode"
    case policeAttendance = "police-attendance"
    case hospitalAttendance = "hospital-attendance"
    case schoolExclusion = "school-exclusion"
    case court
    case changeOfAddress = "change-of-address"
    case changeOfHousehold = "change-of-household"
    /// The team's own work, written by the system: a member joined or left, an involvement started
    /// or ended, consent withdrawn (that it happened, never the content).
    case team
    case other

    public var label: String {
        switch self {
        case .referral: "Referral"
        case .homeVisit: "Home visit"
        case .appointment: "Appointment"
        case .meeting: "Meeting"
        case .assessment: "Assessment"
        case .plan: "Plan"
        case .review: "Review"
        case .incident: "Incident"
        case .missingEpisode: "Missing episode"
        case .policeAttendance: "Police attendance"
        case .hospitalAttendance: "Hospital attendance"
        case .schoolExclusion: "School exclusion"
        case .court: "Court"
        case .changeOfAddress: "Change of address"
        case .changeOfHousehold: "Change of household"
        case .team: "Team"
        case .other: "Other"
        }
    }

    /// The categories a practitioner may choose; `team` is the system's own.
    public static var chosenByPractitioners: [ChronologyCategory] { allCases.filter { $0 != .team } }
}

/// How much an entry matters to the picture of the child.
public enum ChronologySignificance: String, Sendable, Codable, CaseIterable {
    case routine
    case significant
    case critical

    public var label: String {
        switch self {
        case .routine: "Routine"
        case .significant: "Significant"
        case .critical: "Critical"
        }
    }
}

/// Who wrote an entry: a practitioner by hand, or the system in the same transaction as the event.
public enum ChronologySource: String, Sendable, Codable, CaseIterable {
    case practitioner
    case system
}

/// The rules for a chronology entry's own fields, checked before anything is written.
public enum ChronologyRules {
    /// A summary is at most this many characters.
    public static let summaryLimit = 2_000

    /// An event happened on a real day, today or earlier, and not before 1900.
    public static func isPlausible(occurredOn: CalendarDate, today: CalendarDate) -> Bool {
        occurredOn <= today && occurredOn.year >= 1900
    }

    /// A time of day as `HH:mm`, 24-hour.
    public static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return false }
        return (0..<24).contains(hour) && (0..<60).contains(minute)
    }
}

/// The words a free-text search matches on: lower-cased runs of letters and digits, two characters or
/// more. An entry is indexed by the words of its summary and of its category's name.
public enum SearchWords {
    public static func words(in text: String) -> Set<String> {
        var words: Set<String> = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                if current.count >= 2 { words.insert(current) }
                current = ""
            }
        }
        if current.count >= 2 { words.insert(current) }
        return words
    }
}
