import Foundation

/// The rings of the relationships wheel, from the child outwards: who the child lives with and is cared
/// for by, then the services every child should have, then the services involved because of need.
public enum WheelRing: Int, Sendable, Codable, CaseIterable {
    case family = 1
    case universal = 2
    case targeted = 3

    public var label: String {
        switch self {
        case .family: "Family, carers and household"
        case .universal: "Universal services"
        case .targeted: "Targeted and specialist services"
        }
    }
}

/// A person in the child's life as the team recorded them (or a carer already on the child index).
/// Blank text counts as not recorded: an empty relationship explains nobody.
public struct WheelPerson: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Nil or blank: no relationship recorded.
    public var relationship: String?
    public var livesWithChild: Bool
    public var parentalResponsibility: Bool
    /// On what basis the person was recorded ("Told by mother at home visit"); nil or blank: none.
    public var basis: String?
    public var recordedOn: CalendarDate?
    /// When they moved in, where known; otherwise the day they were recorded stands in for it.
    public var joinedHouseholdOn: CalendarDate?
    /// A carer already on the child index, so known to the team before the wheel.
    public var fromIndex: Bool

    public init(
        id: String, name: String, relationship: String? = nil, livesWithChild: Bool = false,
        parentalResponsibility: Bool = false, basis: String? = nil, recordedOn: CalendarDate? = nil,
        joinedHouseholdOn: CalendarDate? = nil, fromIndex: Bool = false
    ) {
        self.id = id
        self.name = name
        self.relationship = relationship
        self.livesWithChild = livesWithChild
        self.parentalResponsibility = parentalResponsibility
        self.basis = basis
        self.recordedOn = recordedOn
        self.joinedHouseholdOn = joinedHouseholdOn
        self.fromIndex = fromIndex
    }
}

/// The universal services every child should be known to, by age; their absence is a gap.
public enum UniversalServiceKind: String, Sendable, Codable {
    case gp, education, healthVisitor, schoolNurse
}

/// An organisation involved with the child. The caller decides disclosure: a service the viewer may not
/// see in full arrives `hidden`, already named "Another service", and is drawn with no name, role or link.
public struct WheelService: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The organisation's kind: "gp-practice", "school", "nursery", "health-visiting", "camhs", ...
    public var organisationKind: String
    public var hidden: Bool
    public var role: String?
    /// Why they are involved; nil or blank: none recorded.
    public var reason: String?
    public var startedOn: CalendarDate?
    public var lastContact: CalendarDate?
    public var leadProfessional: Bool
    /// Known from the child's index record (the registered GP practice, the school attended), not an
    /// involvement: it closes the gap of its kind, but no one from it is in the team, so a lapse in
    /// contact is not raised for it.
    public var fromRecord: Bool

    public init(
        id: String, name: String, organisationKind: String, hidden: Bool = false, role: String? = nil,
        reason: String? = nil, startedOn: CalendarDate? = nil, lastContact: CalendarDate? = nil,
        leadProfessional: Bool = false, fromRecord: Bool = false
    ) {
        self.id = id
        self.name = name
        self.organisationKind = organisationKind
        self.hidden = hidden
        self.role = role
        self.reason = reason
        self.startedOn = startedOn
        self.lastContact = lastContact
        self.leadProfessional = leadProfessional
        self.fromRecord = fromRecord
    }

    /// Which universal service the organisation's kind is, if any; everything else is targeted. A hidden
    /// service has none, whatever kind it carries: its ring (or a gap it closed) would say what it is.
    public var universalKind: UniversalServiceKind? {
        if hidden { return nil }
        switch organisationKind {
        case "gp-practice": return .gp
        case "school", "nursery", "college", "early-years": return .education
        case "health-visiting": return .healthVisitor
        case "school-nursing": return .schoolNurse
        default: return nil
        }
    }

    public var ring: WheelRing { universalKind == nil ? .targeted : .universal }
}

/// What the wheel is drawn from: the child, the people and services the viewer may read, and today
/// (passed in, so Core never reads a clock and the same input draws the same wheel).
public struct WheelInput: Sendable, Equatable {
    public var childName: String
    public var dateOfBirth: CalendarDate?
    /// 1 is Tier 1, the highest level of need.
    public var tier: Int
    public var people: [WheelPerson]
    public var services: [WheelService]
    public var today: CalendarDate

    public init(
        childName: String, dateOfBirth: CalendarDate?, tier: Int, people: [WheelPerson] = [],
        services: [WheelService] = [], today: CalendarDate
    ) {
        self.childName = childName
        self.dateOfBirth = dateOfBirth
        self.tier = tier
        self.people = people
        self.services = services
        self.today = today
    }
}

/// Something missing from the child's network that the wheel names and draws as an empty place.
public enum WheelGap: Sendable, Equatable, Hashable {
    case noGP
    case noEducationSetting
    case noHealthVisitor
    case noLeadProfessional
    case noRecentContact(serviceID: String, serviceName: String)

    public var text: String {
        switch self {
        case .noGP: "No GP practice"
        case .noEducationSetting: "No school or education setting at compulsory school age"
        case .noHealthVisitor: "No health visitor for a child under 5"
        case .noLeadProfessional: "A Tier 1 child with no lead professional"
        case .noRecentContact(_, let name): "No contact from \(name) in 3 months"
        }
    }

    /// The ring where the missing service would be, for the empty place drawn there; nil for a gap
    /// that belongs to a service already on the wheel.
    public var ring: WheelRing? {
        switch self {
        case .noGP, .noEducationSetting, .noHealthVisitor: .universal
        case .noLeadProfessional: .targeted
        case .noRecentContact: nil
        }
    }

    /// The short label of the empty place.
    public var placeLabel: String {
        switch self {
        case .noGP: "No GP"
        case .noEducationSetting: "No school"
        case .noHealthVisitor: "No health visitor"
        case .noLeadProfessional: "No lead professional"
        case .noRecentContact: "No recent contact"
        }
    }
}

/// Why a person or service has a role in the child's life that nobody has explained.
public enum UnexplainedRole: String, Sendable, Codable, Hashable {
    case livesWithChildWithoutRelationship
    case addedWithoutReason
    case newAdultInHousehold

    public var text: String {
        switch self {
        case .livesWithChildWithoutRelationship: "Lives with the child, with no recorded relationship or basis"
        case .addedWithoutReason: "Added without a reason"
        case .newAdultInHousehold: "New adult in the household in the last 3 months"
        }
    }

    /// The same, as said of a named person in the summary ("Dave Smith lives with the child, ...").
    var predicate: String {
        switch self {
        case .livesWithChildWithoutRelationship: "lives with the child, with no recorded relationship or basis"
        case .addedWithoutReason: "was added without a reason"
        case .newAdultInHousehold: "joined the household in the last 3 months"
        }
    }
}

/// A person or service placed on the wheel, with what it is flagged for and where it is drawn.
public struct WheelNode: Sendable, Equatable {
    public var id: String
    public var label: String
    /// The relationship or role, or "".
    public var detail: String
    public var ring: WheelRing
    public var flags: [UnexplainedRole]
    /// The gaps that belong to this node: a `.noRecentContact` for a service not heard from.
    public var gapFlags: [WheelGap]
    public var basis: String?
    public var x: Double
    public var y: Double
}

/// An empty, dashed place on the wheel where a missing service would be, so a gap is seen, not only read.
public struct WheelPlace: Sendable, Equatable {
    public var gap: WheelGap
    public var ring: WheelRing
    public var x: Double
    public var y: Double
}

/// The relationships wheel: the child at the centre, family in ring 1, universal services in ring 2,
/// targeted and specialist services in ring 3. It shows where the gaps are and who has an unexplained
/// role in the child's life. Built in Core from plain data; the same input gives the same wheel.
public struct RelationshipWheel: Sendable, Equatable {
    public var childName: String
    public var nodes: [WheelNode]
    public var gaps: [WheelGap]
    public var places: [WheelPlace]

    public static let size = 720.0
    public static let centre = 360.0
    /// Ring radii, inner to outer.
    public static func radius(_ ring: WheelRing) -> Double {
        switch ring {
        case .family: 110
        case .universal: 210
        case .targeted: 310
        }
    }

    /// The wheel for one child: the nodes in a fixed order (ring, then label, then id) so the same input
    /// always draws the same picture, the gaps (missing services first, then lapses in contact in node
    /// order) and every node and empty place laid out on its ring.
    public static func make(_ input: WheelInput) -> RelationshipWheel {
        let people: [WheelNode] = input.people.map { personNode($0, today: input.today) }
        let services: [WheelNode] = input.services.map { serviceNode($0, today: input.today) }
        let nodes = (people + services).sorted(by: drawnBefore)
        let gaps = missingServices(input) + nodes.flatMap(\.gapFlags)
        var wheel = RelationshipWheel(childName: input.childName, nodes: nodes, gaps: gaps, places: [])
        wheel.layOut()
        return wheel
    }

    static func drawnBefore(_ lhs: WheelNode, _ rhs: WheelNode) -> Bool {
        if lhs.ring != rhs.ring { return lhs.ring.rawValue < rhs.ring.rawValue }
        if lhs.label != rhs.label { return lhs.label < rhs.label }
        return lhs.id < rhs.id
    }

    /// The picture in words, for the SVG's `<desc>` and the page: each gap, then each unexplained role.
    public var summary: String {
        let roles = nodes.flatMap { node in node.flags.map { "\(node.label) \($0.predicate)" } }
        let gapWords = gaps.map { Self.lowercasingFirst($0.text) }.joined(separator: "; ")
        let gapPart = gaps.count == 1 ? "1 gap: \(gapWords)." : "\(gaps.count) gaps: \(gapWords)."
        let rolePart =
            roles.count == 1
            ? "1 unexplained role: \(roles[0])." : "\(roles.count) unexplained roles: \(roles.joined(separator: "; "))."
        switch (gaps.isEmpty, roles.isEmpty) {
        case (true, true): return "No gaps and no unexplained roles."
        case (true, false): return "No gaps. \(rolePart)"
        case (false, true): return "\(gapPart) No unexplained roles."
        case (false, false): return "\(gapPart) \(rolePart)"
        }
    }

    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + String(text.dropFirst())
    }

    /// Text as recorded, or nil when nothing (or only spaces) was recorded.
    static func recorded(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }
}
