/// How the actor reached the child in this request.
public struct AccessContext: Sendable, Equatable {
    /// The actor found this child through a search with a stated reason, recently.
    public var foundByReasonedSearch: Bool
    /// The actor has used break-glass on this child in this session.
    public var breakGlass: Bool
    /// For `searchHit`: the search used a field that a shielded child's record hides (postcode,
    /// address, NHS number, UPN, carers).
    public var searchUsedHiddenField: Bool
    /// Consent expiry is judged on this day.
    public var today: CalendarDate

    public init(
        foundByReasonedSearch: Bool = false, breakGlass: Bool = false, searchUsedHiddenField: Bool = false,
        today: CalendarDate
    ) {
        self.foundByReasonedSearch = foundByReasonedSearch
        self.breakGlass = breakGlass
        self.searchUsedHiddenField = searchUsedHiddenField
        self.today = today
    }
}

public enum ChildAction: String, Sendable, Equatable, CaseIterable {
    /// Appear in a search result.
    case searchHit
    /// See the child at all: name, gender, date of birth, the authority and how to reach them.
    case viewSignpost
    /// See the non-sensitive involvements with their contact routes and the lead professional.
    case viewInvolvements
    /// See the index record: addresses, carers, identifiers, provenance.
    case viewRecord
    /// See an involvement of a sensitive service.
    case viewSensitiveInvolvement
    /// See "another service is involved: request brokered contact" in place of a hidden involvement.
    case seeBrokeredContactNotice
    /// Ask the authority's data manager to pass a message on.
    case requestBrokeredContact
    /// Read and pass on (or decline) brokered-contact requests about the child: its authority's data managers.
    case brokerContact
    /// Record an involvement of the actor's own organisation, so that others can find who is involved.
    /// Signposting, not membership. Never on the strength of break-glass.
    case addInvolvement
    /// Ask to join the child's team (case content). Never on the strength of break-glass.
    case requestToJoin
    /// Admit or decline a join request: the lead professional, or a data manager of the child's authority.
    case decideJoinRequest
    /// Admit a practitioner to the team without a request: a data manager of the child's authority.
    case admitDirectly
    /// Invite a practitioner to join the team; they accept or decline. The same people as decide join
    /// requests: the lead professional, or a data manager of the child's authority.
    case inviteToTeam
    /// Print the one-page child summary: team members only. Never on the strength of break-glass or a
    /// search, so a glimpse never becomes paper.
    case printSummary
    /// Read the team's shared record (chronology, agency contacts, forum): the team and the child's
    /// authority's data managers only. Never on the strength of break-glass or a search; anyone else is
    /// told nothing, not even whether there is anything. Each item is then decided by `Policy.disclosure`.
    case viewSharedRecord
    /// Add a chronology entry (or its correction), an agency contact or a forum post: team members.
    case addToSharedRecord
    /// Acknowledge a concern raised for attention: the lead professional, or a data manager of the
    /// child's authority (to whom unacknowledged concerns escalate).
    case acknowledgeConcern
    /// See the team's shared picture (the agency-contact graph, the word cloud, the relationships
    /// wheel): the team and the child's authority's data managers, as for the shared record. Each
    /// picture is drawn only from what `Policy.disclosure` (and, for the assessment, `viewAssessment`)
    /// lets the viewer read.
    case viewSharedPicture
    /// Record a person in the child's life (a relative, a carer, an adult in the household) for the
    /// relationships wheel: team members, never on the strength of break-glass or a search.
    case recordRelationship
    /// Start an early-help assessment of the child: a team member.
    case startAssessment
    /// Record or withdraw consent, or record a lawful basis.
    case recordConsent
    /// Read the early-help assessment (consent or another basis must cover sharing it with the team).
    case viewAssessment
    /// See the last 25 accesses.
    case viewAccesses
    /// Merge two records of the same child, or reverse a merge.
    case merge
    /// Shield the child, review the shield or lift it.
    case shield
    /// Open the record in an emergency, for this session only.
    case breakGlass
}

/// The most an actor may see of a child.
public enum ChildVisibility: Int, Sendable, Comparable, CustomStringConvertible {
    case nothing = 0
    /// A shielded child to someone outside the team: name, gender, date of birth and the brokering route.
    case shielded = 1
    case signpost = 2
    case record = 3

    public static func < (lhs: ChildVisibility, rhs: ChildVisibility) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .nothing: "nothing"
        case .shielded: "shielded"
        case .signpost: "signpost"
        case .record: "record"
        }
    }
}

/// Why this actor may see this child: recorded on every audit event of a read (golden rule 7).
public enum AccessRoute: Sendable, Equatable, CustomStringConvertible {
    case team
    case dataManager
    case breakGlass
    /// Found by a reasoned search; the lawful basis that lets the index share the signpost.
    case search(LawfulBasis)
    /// Has an involvement (signposting) but is not in the team; the lawful basis of the signpost.
    case involved(LawfulBasis)
    case none

    public var description: String {
        switch self {
        case .team: "team"
        case .dataManager: "data-manager"
        case .breakGlass: "break-glass"
        case .search(let basis): "search:\(basis.rawValue)"
        case .involved(let basis): "involved:\(basis.rawValue)"
        case .none: "none"
        }
    }
}

extension Policy {
    /// Admitted to the child's team: only membership opens case content. An involvement does not.
    public static func isTeamMember(_ actor: Actor, _ child: ChildFacts) -> Bool {
        actor.roles.contains(.practitioner) && child.members.contains(actor.practitionerID)
    }

    /// Has an active involvement of their own with the child (signposting).
    public static func isInvolved(_ actor: Actor, _ child: ChildFacts) -> Bool {
        actor.roles.contains(.practitioner) && child.involvements.contains { $0.practitionerID == actor.practitionerID }
    }

    /// A team member whose own involvement is the lead professional's.
    public static func isLeadProfessional(_ actor: Actor, _ child: ChildFacts) -> Bool {
        isTeamMember(actor, child)
            && child.involvements.contains { $0.practitionerID == actor.practitionerID && $0.leadProfessional }
    }

    public static func isDataManager(_ actor: Actor, of child: ChildFacts) -> Bool {
        actor.roles.contains(.dataManager) && actor.authorityCode == child.authorityCode
    }

    /// The lawful basis on which the index shares this child's signpost with a practitioner outside
    /// the team, or nil when nothing covers it (consent withdrawn, expired or never given).
    public static func indexSharingBasis(_ child: ChildFacts, with actor: Actor, today: CalendarDate) -> LawfulBasis? {
        if child.tier == 1 { return .publicTask }
        switch child.indexBasis {
        case .publicTask, .safeguarding:
            return child.indexBasis
        case .consent:
            let inForce = child.consentInForce(on: today)
            if inForce.purposes.contains(.index) { return .consent }
            if inForce.purposes.contains(.shareWithOrganisations)
                && inForce.organisations.contains(actor.organisationCode)
            {
                return .consent
            }
            return nil
        }
    }

    /// The basis for sharing the early-help assessment with the whole team, or nil.
    public static func assessmentSharingBasis(_ child: ChildFacts, today: CalendarDate) -> LawfulBasis? {
        if child.consentInForce(on: today).purposes.contains(.shareAssessment) { return .consent }
        if let recorded = child.recordedBases[.shareAssessment], recorded != .consent { return recorded }
        if child.tier == 1 { return .publicTask }
        return nil
    }

    public static func route(of actor: Actor, to child: ChildFacts, context: AccessContext) -> AccessRoute {
        if isTeamMember(actor, child) { return .team }
        if isDataManager(actor, of: child) { return .dataManager }
        let practitioner = actor.roles.contains(.practitioner)
        if practitioner && actor.roles.contains(.childProtection) && context.breakGlass { return .breakGlass }
        // A child known only to a sensitive service is invisible outside that service: its mere presence
        // would tell. Colleagues inside the service can still find the child (and avoid a duplicate).
        let involved = isInvolved(actor, child)
        guard practitioner, context.foundByReasonedSearch || involved,
            child.involvements.contains(where: { !$0.sensitive || $0.organisationCode == actor.organisationCode }),
            let basis = indexSharingBasis(child, with: actor, today: context.today)
        else { return .none }
        return context.foundByReasonedSearch ? .search(basis) : .involved(basis)
    }

    /// Visibility levels of DOMAIN.md: the team, the authority's data managers and break-glass see the
    /// record; a practitioner who found the child by a reasoned search sees the signpost (only the
    /// brokering route if the child is shielded); everyone else sees nothing (and gets 404).
    public static func visibility(of child: ChildFacts, to actor: Actor, context: AccessContext) -> ChildVisibility {
        switch route(of: actor, to: child, context: context) {
        case .team, .dataManager, .breakGlass: .record
        case .search, .involved: child.shielded ? .shielded : .signpost
        case .none: .nothing
        }
    }

    /// Whether this actor may see this one involvement. A sensitive service's involvement is seen
    /// only by that organisation and the authority's data managers, whoever else can see the child.
    public static func maySee(
        _ member: ChildFacts.Involvement, of child: ChildFacts, by actor: Actor, context: AccessContext
    ) -> Bool {
        let visibility = visibility(of: child, to: actor, context: context)
        guard member.sensitive else { return visibility >= .signpost }
        if isDataManager(actor, of: child) { return true }
        return actor.roles.contains(.practitioner) && actor.organisationCode == member.organisationCode
            && visibility >= .signpost
    }

    /// Flag-and-notify (CP-IS): someone outside a Tier-1 child's team opened it. The lead professional
    /// and the responsible authority are told, unless the actor holds the silent-read permission.
    public static func notifiesOnOpen(_ actor: Actor, _ child: ChildFacts, context: AccessContext) -> Bool {
        guard child.tier == 1, actor.roles.contains(.practitioner), !actor.roles.contains(.silentRead) else {
            return false
        }
        switch route(of: actor, to: child, context: context) {
        case .search, .involved, .breakGlass: return true
        case .team, .dataManager, .none: return false
        }
    }
}
