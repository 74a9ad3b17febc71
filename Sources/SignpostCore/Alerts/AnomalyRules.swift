/// The kinds of anomaly auditors are alerted to (DOMAIN.md, "Information governance").
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    /// A practitioner opened many children outside their teams in a day.
    case unusualVolume = "unusual-volume"
    /// Look-ups of children in another authority with no involvement there.
    case outOfArea = "out-of-area"
    /// The same practitioner kept opening shielded records.
    case repeatedShieldedLookups = "repeated-shielded-lookups"
    /// A search used a hidden field (postcode, NHS number, UPN) and would have found a shielded child.
    case hiddenFieldSearchOnShielded = "hidden-field-search-on-shielded"
    case breakGlass = "break-glass"
    /// A second administrator approved a privileged role (admin, auditor, data manager, child protection, silent read).
    case privilegedGrant = "privileged-grant"

    public var displayName: String {
        switch self {
        case .unusualVolume: "Unusual volume of look-ups outside the practitioner's teams"
        case .outOfArea: "Out-of-area look-ups with no involvement"
        case .repeatedShieldedLookups: "Repeated look-ups of shielded records"
        case .hiddenFieldSearchOnShielded: "Search on a hidden field of a shielded child"
        case .breakGlass: "Break-glass"
        case .privilegedGrant: "Privileged role granted"
        }
    }

    /// Whether one alert a practitioner a day is enough (threshold kinds) or each event is its own alert.
    public var oncePerDay: Bool {
        switch self {
        case .unusualVolume, .outOfArea, .repeatedShieldedLookups: true
        case .hiddenFieldSearchOnShielded, .breakGlass, .privilegedGrant: false
        }
    }
}

/// Each threshold is a count in one UTC day, per practitioner, reached when the count is at least the threshold.
public struct AnomalyThresholds: Sendable, Equatable {
    public var outsideTeamPerDay: Int
    public var outOfAreaPerDay: Int
    public var shieldedLookupsPerDay: Int

    public init(outsideTeamPerDay: Int = 20, outOfAreaPerDay: Int = 3, shieldedLookupsPerDay: Int = 2) {
        self.outsideTeamPerDay = outsideTeamPerDay
        self.outOfAreaPerDay = outOfAreaPerDay
        self.shieldedLookupsPerDay = shieldedLookupsPerDay
    }
}

/// Today's look-ups by one practitioner, including the one being recorded.
public struct AccessTally: Sendable, Equatable {
    public var outsideTeam: Int
    public var outOfAreaWithoutInvolvement: Int
    public var shieldedLookups: Int

    public init(outsideTeam: Int, outOfAreaWithoutInvolvement: Int, shieldedLookups: Int) {
        self.outsideTeam = outsideTeam
        self.outOfAreaWithoutInvolvement = outOfAreaWithoutInvolvement
        self.shieldedLookups = shieldedLookups
    }
}

public enum AnomalyRules {
    /// Whether reads by this route count towards, or can raise, an anomaly alert. A team member's or a
    /// data manager's reads never do, so a server need not tally the day's look-ups for them.
    public static func watches(_ route: AccessRoute) -> Bool {
        switch route {
        case .team, .dataManager, .none: false
        case .breakGlass, .search, .involved: true
        }
    }

    /// The threshold alerts one read raises. `route` is how the actor reached the child. Break-glass
    /// and hidden-field searches alert by themselves, once each, where they happen.
    public static func alerts(
        route: AccessRoute, outOfArea: Bool, shielded: Bool, tally: AccessTally, thresholds: AnomalyThresholds
    ) -> [AlertKind] {
        var kinds: [AlertKind] = []
        guard watches(route) else { return [] }
        if tally.outsideTeam >= thresholds.outsideTeamPerDay { kinds.append(.unusualVolume) }
        if outOfArea && tally.outOfAreaWithoutInvolvement >= thresholds.outOfAreaPerDay { kinds.append(.outOfArea) }
        if shielded && tally.shieldedLookups >= thresholds.shieldedLookupsPerDay {
            kinds.append(.repeatedShieldedLookups)
        }
        return kinds
    }
}
