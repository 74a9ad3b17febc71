/// What one actor is shown of one child in one request: the policy's answer, not just allow or deny.
/// Services build their views from this value and nothing else, so no service, controller or template
/// decides who sees what.
public struct ChildDisclosure: Sendable, Equatable {
    public var visibility: ChildVisibility
    public var route: AccessRoute
    /// Indexes into `ChildFacts.involvements` the actor may see named, with their contact routes.
    public var shownInvolvements: [Int]
    /// "Another service is involved: request brokered contact via the authority."
    public var showsBrokeredContactNotice: Bool
    /// Whether the actor is told the child is shielded. An inherited shield is told only to data
    /// managers: to the creator of a possible duplicate it would reveal a shielded match.
    public var showsShield: Bool
    /// Addresses, identifiers, carers and provenance.
    public var showsRecord: Bool
    /// Consents and lawful bases (the team and data managers).
    public var showsGovernance: Bool
    /// Governance as the authority's data manager sees it (withdrawal notes, superseded bases).
    public var governanceAsDataManager: Bool
    /// Access history lists sensitive services' accesses too (the authority's data managers); others see
    /// a sensitive service's accesses only when it is their own organisation's.
    public var showsEveryServicesAccesses: Bool
    /// The record is open only because of break-glass in this session.
    public var breakGlassActive: Bool
    /// The actor is in the team (membership, not an involvement).
    public var isTeamMember: Bool
    /// The child actions the policy allows this actor now.
    public var permitted: Set<ChildAction>

    public func may(_ action: ChildAction) -> Bool { permitted.contains(action) }

    /// The actor sees only name, gender, date of birth and the brokering route.
    public var isShieldedSignpost: Bool { visibility == .shielded }
    public var isNothing: Bool { visibility == .nothing }
}

extension Policy {
    public static func disclose(_ child: ChildFacts, to actor: Actor, context: AccessContext) -> ChildDisclosure {
        let visibility = visibility(of: child, to: actor, context: context)
        let permitted = Set(ChildAction.allCases.filter { decide(actor, $0, child: child, context: context).isAllowed })
        let shown =
            visibility >= .signpost
            ? child.involvements.indices.filter {
                maySee(child.involvements[$0], of: child, by: actor, context: context)
            } : []
        let inTeam = isTeamMember(actor, child)
        return ChildDisclosure(
            visibility: visibility,
            route: route(of: actor, to: child, context: context),
            shownInvolvements: shown,
            showsBrokeredContactNotice: permitted.contains(.seeBrokeredContactNotice),
            showsShield: child.shielded && visibility != .nothing
                && (!child.shieldInherited || permitted.contains(.shield)),
            showsRecord: visibility == .record,
            showsGovernance: permitted.contains(.recordConsent) || permitted.contains(.shield),
            governanceAsDataManager: permitted.contains(.shield),
            showsEveryServicesAccesses: isDataManager(actor, of: child),
            breakGlassActive: context.breakGlass && visibility == .record && !inTeam
                && !isDataManager(actor, of: child),
            isTeamMember: inTeam,
            permitted: permitted)
    }

    /// How a person or service is named to this actor in an episode or team list: by name when the
    /// actor may see that involvement, or when it is the actor's own; "another service" otherwise.
    public static func namesInvolvement(
        _ involvement: ChildFacts.Involvement, of child: ChildFacts, to actor: Actor, context: AccessContext
    ) -> Bool {
        involvement.practitionerID == actor.practitionerID
            || maySee(involvement, of: child, by: actor, context: context)
    }
}
