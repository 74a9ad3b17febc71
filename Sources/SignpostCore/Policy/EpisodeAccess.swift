/// What the policy knows about one early-help episode (assessment and Team Around the Child).
public struct EpisodeFacts: Sendable, Equatable {
    public var assessorID: String
    public var closed: Bool
    /// The authority the episode was held in; nil means the child's authority.
    public var authorityCode: String?
    /// The child moved authority and consent (or another basis) covered passing the assessment on.
    public var sharedOnTransfer: Bool
    /// The assessor's organisation: colleagues there in the child's team work on it with them.
    public var assessorOrganisation: String?
    /// The family declined sharing for this episode: the team never sees it, whatever else applies.
    public var teamSharingDeclined: Bool

    public init(
        assessorID: String, closed: Bool, authorityCode: String? = nil, sharedOnTransfer: Bool = false,
        assessorOrganisation: String? = nil, teamSharingDeclined: Bool = false
    ) {
        self.assessorID = assessorID
        self.closed = closed
        self.authorityCode = authorityCode
        self.sharedOnTransfer = sharedOnTransfer
        self.assessorOrganisation = assessorOrganisation
        self.teamSharingDeclined = teamSharingDeclined
    }
}

public enum EpisodeAction: String, Sendable, CaseIterable {
    /// Read the assessment, the team, meetings, actions and reviews.
    case view
    /// Change the checklist, consent statement or assessment.
    case edit
    /// Invite involvements to the team; record the lead professional chosen with the family.
    case manageTeam
    /// Record meetings, actions and reviews, and update actions.
    case recordTeamWork
    case close
    /// The JSON export of one episode, for a subject access request.
    case export
}

extension Policy {
    /// The assessment is for the assessor, and for the team when consent (or another recorded basis)
    /// covers sharing it with them (`ChildAction.viewAssessment`); the authority's data managers read
    /// and export it for subject access requests. Closed episodes are read-only for everyone.
    public static func decide(
        _ actor: Actor, _ action: EpisodeAction, episode: EpisodeFacts, child: ChildFacts, context: AccessContext
    ) -> Decision {
        let assessor = actor.roles.contains(.practitioner) && actor.practitionerID == episode.assessorID
        let lead = isLeadProfessional(actor, child)
        // Shared with the team: not declined for this episode, and the assessor's own service, or consent to
        // share the assessment (or another recorded basis, or Tier 1). Another assessment of the child
        // held by the actor's organisation counts for nothing here.
        let inAssessorsService = episode.assessorOrganisation.map { $0 == actor.organisationCode } ?? false
        let sharedWithTeam =
            isTeamMember(actor, child) && !episode.teamSharingDeclined
            && (inAssessorsService || assessmentSharingBasis(child, today: context.today) != nil)
        // The episode's own authority's data managers; after a transfer, the receiving authority's
        // only when consent or another basis covered passing the assessment on.
        let episodeAuthority = episode.authorityCode ?? child.authorityCode
        let stillShared = episode.sharedOnTransfer && assessmentSharingBasis(child, today: context.today) != nil
        let dataManager =
            actor.roles.contains(.dataManager)
            && (actor.authorityCode == episodeAuthority || (stillShared && actor.authorityCode == child.authorityCode))
        let notFound = Decision.notFound
        let readOnly = Decision.deny(reason: "This episode is closed: it can be read but not changed.")
        switch action {
        case .view:
            return assessor || sharedWithTeam || dataManager ? .allow : notFound
        case .edit:
            guard assessor else { return notFound }
            return episode.closed ? readOnly : .allow
        case .manageTeam, .close:
            guard assessor || (lead && sharedWithTeam) else {
                return assessor || sharedWithTeam
                    ? .deny(reason: "Only the assessor or the lead professional can do this.") : notFound
            }
            return episode.closed ? readOnly : .allow
        case .recordTeamWork:
            guard assessor || sharedWithTeam else { return notFound }
            return episode.closed ? readOnly : .allow
        case .export:
            return dataManager
                ? .allow
                : .deny(
                    reason:
                        "Only a data manager of the child's authority can export an episode for a subject access request."
                )
        }
    }
}

/// What one actor is shown of one early-help episode: the actions they may take and whether the
/// assessment is shared with the team. How each person is named is `Policy.namesInvolvement`.
public struct EpisodeDisclosure: Sendable, Equatable {
    public var permitted: Set<EpisodeAction>
    /// Consent (or another recorded basis, or Tier 1) covers sharing the assessment with the team.
    public var sharedWithTeam: Bool

    public func may(_ action: EpisodeAction) -> Bool { permitted.contains(action) }
}

extension Policy {
    public static func disclose(_ episode: EpisodeFacts, child: ChildFacts, to actor: Actor, context: AccessContext)
        -> EpisodeDisclosure
    {
        EpisodeDisclosure(
            permitted: Set(
                EpisodeAction.allCases.filter {
                    decide(actor, $0, episode: episode, child: child, context: context).isAllowed
                }),
            sharedWithTeam: assessmentSharingBasis(child, today: context.today) != nil)
    }
}
