/// A calendar month.
public struct YearMonth: Sendable, Hashable, Comparable, Codable {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(_ day: CalendarDate) { self.init(year: day.year, month: day.month) }

    public var first: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
    public var last: CalendarDate {
        CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
    }

    public func adding(months: Int) -> YearMonth { YearMonth(first.adding(months: months)) }

    static let names = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    /// "Nov 2026".
    public var label: String { "\(Self.names[month - 1].prefix(3)) \(year)" }
    /// "November 2026".
    public var longLabel: String { "\(Self.names[month - 1]) \(year)" }

    var index: Int { year * 12 + month - 1 }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }
}

/// One organisation's line. `name` is already "Another service" where the caller hides the service,
/// and then `linkable` is false: its points link nowhere.
public struct GraphOrganisation: Sendable, Equatable {
    public var code: String
    public var name: String
    public var linkable: Bool
    public var involvedFrom: CalendarDate?
    /// Nil while still involved.
    public var involvedTo: CalendarDate?

    public init(
        code: String, name: String, linkable: Bool = true, involvedFrom: CalendarDate? = nil,
        involvedTo: CalendarDate? = nil
    ) {
        self.code = code
        self.name = name
        self.linkable = linkable
        self.involvedFrom = involvedFrom
        self.involvedTo = involvedTo
    }
}

public struct GraphContact: Sendable, Equatable {
    public var organisationCode: String
    public var fact: ContactFact

    public init(organisationCode: String, fact: ContactFact) {
        self.organisationCode = organisationCode
        self.fact = fact
    }
}

public struct ContactGraphInput: Sendable, Equatable {
    public var organisations: [GraphOrganisation]
    public var contacts: [GraphContact]
    /// From `ContactSchedule.picture(...).expected`.
    public var expected: [ExpectedContact]
    public var from: YearMonth?
    public var to: YearMonth?
    public var today: CalendarDate

    public init(
        organisations: [GraphOrganisation], contacts: [GraphContact], expected: [ExpectedContact] = [],
        from: YearMonth? = nil, to: YearMonth? = nil, today: CalendarDate
    ) {
        self.organisations = organisations
        self.contacts = contacts
        self.expected = expected
        self.from = from
        self.to = to
        self.today = today
    }
}

/// A gap the graph shows and names.
public enum ContactGraphGap: Sendable, Equatable, Hashable {
    case noContact(organisationCode: String, organisationName: String, month: YearMonth)
    case reviewMissed(name: String, by: CalendarDate)
    case reviewDue(name: String, by: CalendarDate)
    case lowAttendance(month: YearMonth, percent: Double)
    case longestUnseen(from: CalendarDate, to: CalendarDate, days: Int)

    public var text: String {
        switch self {
        case .noContact(_, let name, let month): "No contact from \(name) in \(month.longLabel)"
        case .reviewMissed(let name, let by): "The \(name) was missed (due by \(Self.day(by)))"
        case .reviewDue(let name, let by): "The \(name) is due by \(Self.day(by))"
        case .lowAttendance(let month, let percent):
            "School attendance \(SVG.number(percent))% in \(month.longLabel) (below 90%)"
        case .longestUnseen(let from, let to, let days):
            "Not seen by anyone for \(days) days, \(Self.day(from)) to \(Self.day(to))"
        }
    }

    static func day(_ date: CalendarDate) -> String {
        "\(date.day) \(YearMonth.names[date.month - 1]) \(date.year)"
    }
}

public struct GraphSeries: Sendable, Equatable {
    public var organisation: GraphOrganisation
    /// Contacts made, one per month of the graph.
    public var counts: [Int]
    /// Whether the involvement was active in that month.
    public var active: [Bool]
}

/// The agency-contact graph: contacts a month per organisation, with the gaps computed from the
/// contacts and the expected schedule. Missed, cancelled and no-access contacts are not contacts made.
public struct ContactGraph: Sendable, Equatable {
    public static let maximumMonths = 120
    public var months: [YearMonth]
    public var series: [GraphSeries]
    public var gaps: [ContactGraphGap]

    public static func make(_ input: ContactGraphInput) -> ContactGraph {
        let months = range(input)
        guard let firstMonth = months.first else { return ContactGraph(months: [], series: [], gaps: []) }
        let current = YearMonth(input.today)
        var series: [GraphSeries] = []
        var noContact: [ContactGraphGap] = []
        for organisation in input.organisations {
            var counts = Array(repeating: 0, count: months.count)
            for contact in input.contacts where contact.organisationCode == organisation.code {
                guard !contact.fact.outcome.isMissed else { continue }
                let offset = YearMonth(contact.fact.on).index - firstMonth.index
                if counts.indices.contains(offset) { counts[offset] += 1 }
            }
            let start = organisation.involvedFrom.map(YearMonth.init) ?? firstMonth
            let end = organisation.involvedTo.map(YearMonth.init) ?? current
            let active = months.map { $0 >= start && $0 <= end }
            // "Another service" may stand for several services, or none in a month: its silence is no gap.
            for (offset, month) in months.enumerated()
            where organisation.linkable && active[offset] && counts[offset] == 0 && month < current {
                noContact.append(
                    .noContact(organisationCode: organisation.code, organisationName: organisation.name, month: month))
            }
            series.append(GraphSeries(organisation: organisation, counts: counts, active: active))
        }
        var gaps: [ContactGraphGap] = []
        if let unseen = longestUnseen(input, from: firstMonth.first) { gaps.append(unseen) }
        for review in input.expected.sorted(by: { $0.by < $1.by }) {
            if review.state == .missed { gaps.append(.reviewMissed(name: review.name, by: review.by)) }
            if review.state == .due { gaps.append(.reviewDue(name: review.name, by: review.by)) }
        }
        gaps += lowAttendance(input, months: months)
        gaps += noContact.sorted { lhs, rhs in
            guard case .noContact(_, let a, let m) = lhs, case .noContact(_, let b, let n) = rhs else { return false }
            return (m.index, a) < (n.index, b)
        }
        return ContactGraph(months: months, series: series, gaps: gaps)
    }

    /// The months asked for, or from the earliest involvement or contact to this month; at most the
    /// latest 120.
    static func range(_ input: ContactGraphInput) -> [YearMonth] {
        let starts = input.organisations.compactMap(\.involvedFrom) + input.contacts.map(\.fact.on)
        guard let from = input.from ?? starts.min().map(YearMonth.init) else { return [] }
        let to = input.to ?? YearMonth(input.today)
        guard from <= to else { return [] }
        let first = max(from.index, to.index - maximumMonths + 1)
        return (first...to.index).map { YearMonth(year: $0 / 12, month: $0 % 12 + 1) }
    }

    /// The longest stretch with nobody seeing the child, from the start of the graph (or the first
    /// sighting, if earlier) to today, where it is longer than `ContactSchedule.notSeenDays`.
    static func longestUnseen(_ input: ContactGraphInput, from start: CalendarDate) -> ContactGraphGap? {
        let seen = Set(input.contacts.filter { $0.fact.childSeen && $0.fact.on <= input.today }.map(\.fact.on))
            .sorted()
        let points = [min(start, seen.first ?? start)] + seen + [input.today]
        var best: (from: CalendarDate, to: CalendarDate, days: Int)?
        for (a, b) in zip(points, points.dropFirst()) {
            let days = b.dayNumber - a.dayNumber
            if days > (best?.days ?? ContactSchedule.notSeenDays) { best = (a, b, days) }
        }
        return best.map { .longestUnseen(from: $0.from, to: $0.to, days: $0.days) }
    }

    static func lowAttendance(_ input: ContactGraphInput, months: [YearMonth]) -> [ContactGraphGap] {
        var possible: [YearMonth: Int] = [:]
        var attended: [YearMonth: Int] = [:]
        for contact in input.contacts where contact.fact.kind == .schoolAttendance {
            guard let total = contact.fact.sessionsPossible, let came = contact.fact.sessionsAttended else { continue }
            possible[YearMonth(contact.fact.on), default: 0] += total
            attended[YearMonth(contact.fact.on), default: 0] += came
        }
        return months.compactMap { month in
            guard let total = possible[month], total > 0 else { return nil }
            let percent = 100 * Double(attended[month] ?? 0) / Double(total)
            return percent < ContactSchedule.persistentAbsenceBelow
                ? .lowAttendance(month: month, percent: percent) : nil
        }
    }

    /// "4 organisations over 24 months, 5 gaps: …", for the picture's description.
    public var summary: String {
        guard !months.isEmpty else { return "No contacts recorded." }
        let lines = series.count == 1 ? "1 organisation" : "\(series.count) organisations"
        let span = months.count == 1 ? "1 month" : "\(months.count) months"
        guard !gaps.isEmpty else { return "\(lines) over \(span), no gaps." }
        let named = gaps.prefix(10).map(\.text).joined(separator: "; ")
        let more = gaps.count > 10 ? "; and \(gaps.count - 10) more" : ""
        return "\(lines) over \(span), \(gaps.count == 1 ? "1 gap" : "\(gaps.count) gaps"): \(named)\(more)."
    }
}
