extension Policy {
    public static func decide(_ actor: Actor, _ action: ChildAction, child: ChildFacts, context: AccessContext)
        -> Decision
    {
        let standing = ChildStanding(actor, child, context: context)
        switch action {
        case .searchHit:
            return searchHitDecision(actor, child: child, context: context, standing: standing)
        case .viewSignpost:
            return allowIf(standing.visibility >= .shielded)
        case .viewInvolvements:
            return allowIf(standing.visibility >= .signpost)
        case .viewRecord:
            return allowIf(standing.visibility >= .record)
        case .viewSensitiveInvolvement:
            return allowIf(hasSensitiveInvolvement(of: child, visibleTo: actor, context: context))
        case .seeBrokeredContactNotice:
            return allowIf(standing.inTeam && hasSensitiveInvolvement(of: child, hiddenFrom: actor, context: context))
        case .requestBrokeredContact:
            return allowIf(standing.practitioner && standing.visibility >= .shielded)
        case .brokerContact:
            return allowIf(standing.dataManager)
        case .addInvolvement:
            return addInvolvementDecision(standing)
        case .requestToJoin:
            return requestToJoinDecision(standing)
        case .decideJoinRequest:
            return leadOrDataManager(actor, child, standing, may: "admit to the team")
        case .inviteToTeam:
            return leadOrDataManager(actor, child, standing, may: "invite someone to the team")
        case .viewSharedRecord, .addToSharedRecord, .acknowledgeConcern, .viewSharedPicture, .recordRelationship:
            return sharedRecordDecision(action, actor, child, standing)
        case .printSummary:
            return allowIf(standing.inTeam, standing.denied("Only members of the child's team can print its summary."))
        case .admitDirectly:
            return allowIf(
                standing.dataManager,
                standing.denied("Only a data manager of the child's authority can admit to the team directly."))
        case .startAssessment:
            return allowIf(
                standing.inTeam,
                standing.denied("Only members of the child's team can start an early-help assessment."))
        case .recordConsent:
            return allowIf(standing.inTeam || standing.dataManager)
        case .viewAssessment:
            return viewAssessmentDecision(actor, child: child, context: context, standing: standing)
        case .viewAccesses:
            return allowIf(standing.inTeam || standing.dataManager)
        case .merge:
            return allowIf(
                standing.dataManager,
                standing.denied("Only a data manager of the child's authority can merge records."))
        case .shield:
            return allowIf(
                standing.dataManager,
                standing.denied("Only a data manager of the child's authority can shield a child."))
        case .breakGlass:
            return breakGlassDecision(actor, standing: standing)
        }
    }

    private static let alreadyInTeam = Decision.deny(reason: "You are in this child's team already.")

    /// Team decisions (admitting, inviting) belong to the lead professional or a data manager of the
    /// child's authority.
    private static func leadOrDataManager(
        _ actor: Actor, _ child: ChildFacts, _ standing: ChildStanding, may doing: String
    ) -> Decision {
        allowIf(
            isLeadProfessional(actor, child) || standing.dataManager,
            standing.denied("Only the lead professional or a data manager of the child's authority can \(doing)."))
    }

    /// The team's shared record: read by the team and the authority's data managers, added to by the team.
    private static func sharedRecordDecision(
        _ action: ChildAction, _ actor: Actor, _ child: ChildFacts, _ standing: ChildStanding
    ) -> Decision {
        switch action {
        case .addToSharedRecord:
            return allowIf(
                standing.inTeam, standing.denied("Only members of the child's team can add to its shared record."))
        case .acknowledgeConcern:
            return leadOrDataManager(actor, child, standing, may: "acknowledge a concern")
        case .recordRelationship:
            return allowIf(
                standing.inTeam,
                standing.denied("Only members of the child's team can record a person in the child's life."))
        default:
            return allowIf(standing.inTeam || standing.dataManager)
        }
    }

    private static func allowIf(_ condition: Bool, _ denial: Decision = .notFound) -> Decision {
        condition ? .allow : denial
    }

    private static func searchHitDecision(
        _ actor: Actor, child: ChildFacts, context: AccessContext, standing: ChildStanding
    ) -> Decision {
        if standing.inTeam || standing.dataManager { return .allow }
        guard standing.practitioner else {
            return .deny(reason: "Only practitioners and data managers can search for children.")
        }
        var found = context
        found.foundByReasonedSearch = true
        let ifFound = visibility(of: child, to: actor, context: found)
        // A shielded child is findable only through the fields others may see.
        if ifFound == .shielded && context.searchUsedHiddenField { return .notFound }
        return allowIf(ifFound >= .shielded)
    }

    /// Some involvement of a sensitive service with the child is one the actor may see.
    private static func hasSensitiveInvolvement(
        of child: ChildFacts, visibleTo actor: Actor, context: AccessContext
    ) -> Bool {
        child.involvements.contains { $0.sensitive && maySee($0, of: child, by: actor, context: context) }
    }

    /// Some involvement of a sensitive service with the child is hidden from the actor.
    private static func hasSensitiveInvolvement(
        of child: ChildFacts, hiddenFrom actor: Actor, context: AccessContext
    ) -> Bool {
        child.involvements.contains { $0.sensitive && !maySee($0, of: child, by: actor, context: context) }
    }

    private static func addInvolvementDecision(_ standing: ChildStanding) -> Decision {
        guard standing.isPractitionerWithLastingSignpost else {
            return standing.denied(
                "You can record an involvement only for a child whose signpost you may see "
                    + "(break-glass does not count).")
        }
        return .allow
    }

    private static func requestToJoinDecision(_ standing: ChildStanding) -> Decision {
        guard standing.isPractitionerWithLastingSignpost else {
            return standing.denied(
                "You can ask to join only the team of a child whose signpost you may see "
                    + "(break-glass does not count).")
        }
        return allowIf(!standing.inTeam, alreadyInTeam)
    }

    private static func viewAssessmentDecision(
        _ actor: Actor, child: ChildFacts, context: AccessContext, standing: ChildStanding
    ) -> Decision {
        guard standing.inTeam else { return .notFound }
        let ownOrganisationHoldsIt = child.involvements.contains {
            $0.holdsAssessment && $0.organisationCode == actor.organisationCode
        }
        return allowIf(
            ownOrganisationHoldsIt || assessmentSharingBasis(child, today: context.today) != nil,
            .deny(reason: "Consent to share the assessment with the team is not in force."))
    }

    private static func breakGlassDecision(_ actor: Actor, standing: ChildStanding) -> Decision {
        // A restricted record (one the actor cannot see at all) may be opened too: that is what it is for.
        guard standing.practitioner && actor.roles.contains(.childProtection) else {
            return standing.denied("Only practitioners with a child-protection role can use break-glass.")
        }
        return allowIf(!standing.inTeam, alreadyInTeam)
    }
}

/// What `Policy.decide` knows of the actor's standing towards one child, worked out once per decision.
private struct ChildStanding {
    let visibility: ChildVisibility
    /// What the actor could see without break-glass: the only footing for anything that lasts.
    let lastingVisibility: ChildVisibility
    let practitioner: Bool
    let inTeam: Bool
    let dataManager: Bool

    init(_ actor: Actor, _ child: ChildFacts, context: AccessContext) {
        visibility = Policy.visibility(of: child, to: actor, context: context)
        var withoutBreakGlass = context
        withoutBreakGlass.breakGlass = false
        lastingVisibility = Policy.visibility(of: child, to: actor, context: withoutBreakGlass)
        practitioner = actor.roles.contains(.practitioner)
        inTeam = Policy.isTeamMember(actor, child)
        dataManager = Policy.isDataManager(actor, of: child)
    }

    /// A practitioner who may see the signpost without break-glass: recording an involvement and asking
    /// to join outlast the session, so break-glass is no footing for them.
    var isPractitionerWithLastingSignpost: Bool { practitioner && lastingVisibility >= .signpost }

    /// Refused with a reason where the actor may know the child exists; as if missing otherwise.
    func denied(_ reason: String) -> Decision { visibility >= .shielded ? .deny(reason: reason) : .notFound }
}
