/// What the policy knows about a child when it decides: the responsible authority and the team.
/// Consent, shielding and sensitive services join here as further facts and rules (issue 4).
public struct ChildFacts: Sendable, Equatable {
    public struct TeamMember: Sendable, Equatable {
        public var practitionerID: String
        public var organisationCode: String
        public var leadProfessional: Bool

        public init(practitionerID: String, organisationCode: String, leadProfessional: Bool = false) {
            self.practitionerID = practitionerID
            self.organisationCode = organisationCode
            self.leadProfessional = leadProfessional
        }
    }

    public var authorityCode: String
    public var tier: Int
    /// Active involvements only.
    public var team: [TeamMember]

    public init(authorityCode: String, tier: Int, team: [TeamMember]) {
        self.authorityCode = authorityCode
        self.tier = tier
        self.team = team
    }
}

/// How the actor reached the child in this request.
public struct AccessContext: Sendable, Equatable {
    /// The actor found this child through a search with a stated reason, recently.
    public var foundByReasonedSearch: Bool

    public init(foundByReasonedSearch: Bool = false) {
        self.foundByReasonedSearch = foundByReasonedSearch
    }
}

public enum ChildAction: Sendable, Equatable, CaseIterable {
    /// Appear in a search result.
    case searchHit
    /// See the signpost: identity essentials and who to contact.
    case viewSignpost
    /// See the index record: addresses, carers, identifiers, provenance.
    case viewRecord
    case viewInvolvements
    /// Add an involvement of the actor's own organisation.
    case addInvolvement
    /// Merge two records of the same child, or reverse a merge.
    case merge
}

/// The most an actor may see of a child.
public enum ChildVisibility: Int, Sendable, Comparable {
    case nothing = 0
    case signpost = 1
    case record = 2

    public static func < (lhs: ChildVisibility, rhs: ChildVisibility) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Policy {
    /// Visibility levels of DOMAIN.md: team members see the record; a practitioner who found the child
    /// by a reasoned search sees the signpost; everyone else sees nothing (and gets 404).
    public static func visibility(of child: ChildFacts, to actor: Actor, context: AccessContext) -> ChildVisibility {
        if isTeamMember(actor, child) { return .record }
        if actor.roles.contains(.practitioner) && context.foundByReasonedSearch { return .signpost }
        return .nothing
    }

    public static func isTeamMember(_ actor: Actor, _ child: ChildFacts) -> Bool {
        actor.roles.contains(.practitioner) && child.team.contains { $0.practitionerID == actor.practitionerID }
    }

    public static func decide(_ actor: Actor, _ action: ChildAction, child: ChildFacts, context: AccessContext) -> Decision {
        let visibility = visibility(of: child, to: actor, context: context)
        switch action {
        case .searchHit:
            // Searching is for practitioners; auditors, admins and data managers do not browse children.
            return actor.roles.contains(.practitioner) ? .allow : .deny(reason: "Only practitioners can search for children.")
        case .viewSignpost, .viewInvolvements:
            return visibility >= .signpost ? .allow : .deny(reason: "not found")
        case .viewRecord:
            return visibility >= .record ? .allow : .deny(reason: "not found")
        case .addInvolvement:
            // Practitioners record their own organisation's involvement with a child they can see.
            return visibility >= .signpost ? .allow : .deny(reason: "not found")
        case .merge:
            return actor.roles.contains(.dataManager) && actor.authorityCode == child.authorityCode
                ? .allow : .deny(reason: "Only a data manager of the child's authority can merge records.")
        }
    }
}
