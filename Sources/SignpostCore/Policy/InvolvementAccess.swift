/// Decisions about one involvement rather than the whole child: who may end it, who may lead, who may
/// own an action, and who is told when an outsider opens a Tier-1 child.
extension Policy {
    /// A practitioner ends only their own organisation's involvements, and only of a child they can see.
    public static func mayEnd(
        _ involvement: ChildFacts.Involvement, of child: ChildFacts, by actor: Actor, context: AccessContext
    ) -> Decision {
        let visibility = visibility(of: child, to: actor, context: context)
        guard visibility >= .signpost, maySee(involvement, of: child, by: actor, context: context) else {
            return .notFound
        }
        return actor.roles.contains(.practitioner) && involvement.organisationCode == actor.organisationCode
            ? .allow : .deny(reason: "You can only end your own organisation's involvements.")
    }

    /// The lead professional is chosen with the family and named to the whole team: never a sensitive service.
    public static func mayLead(_ involvement: ChildFacts.Involvement) -> Bool { !involvement.sensitive }

    /// An action's owner is a current member of the child's team, invited to this episode's team (or the
    /// assessor), and visible to the person assigning it: a sensitive service never invited cannot be named.
    public static func mayOwnAction(
        _ involvement: ChildFacts.Involvement, invitedToEpisode: Bool, of child: ChildFacts, assignedBy actor: Actor,
        context: AccessContext
    ) -> Bool {
        child.members.contains(involvement.practitionerID) && invitedToEpisode
            && namesInvolvement(involvement, of: child, to: actor, context: context)
    }

    /// Flag-and-notify recipients when `notifiesOnOpen` holds: the lead professional (unless the opener is
    /// a sensitive service, whose interest is itself sensitive, or the lead is the opener), and always the
    /// responsible authority.
    public static func leadToNotifyOnOpen(_ actor: Actor, _ child: ChildFacts) -> String? {
        guard !actor.organisationSensitive,
            let lead = child.involvements.first(where: { $0.leadProfessional && mayLead($0) }),
            lead.practitionerID != actor.practitionerID
        else { return nil }
        return lead.practitionerID
    }

    /// Whether a read of this child counts as out of area: another authority, no involvement of the
    /// actor's organisation.
    public static func isOutOfArea(_ actor: Actor, _ child: ChildFacts) -> Bool {
        actor.authorityCode != child.authorityCode
            && !child.involvements.contains { $0.organisationCode == actor.organisationCode }
    }

    /// A sensitive organisation named in a consent is shown as "another service" except to itself and
    /// to the authority's data managers.
    public static func namesConsentOrganisation(code: String, sensitive: Bool, to actor: Actor, asDataManager: Bool)
        -> Bool
    {
        !sensitive || asDataManager || code == actor.organisationCode
    }
}
