/// One item of a child's shared record (a chronology entry, an agency contact or a forum post), as the
/// policy sees it: who recorded it, and whether that was a sensitive service.
public struct SharedRecordItem: Sendable, Hashable {
    /// The organisation that recorded the item. A system entry carries the organisation of the
    /// practitioner whose action wrote it, so it is shared exactly as that practitioner's own entry.
    public var organisationCode: String
    /// Recorded by a sensitive service (sexual health, mental health, substance misuse).
    public var sensitive: Bool

    public init(organisationCode: String, sensitive: Bool) {
        self.organisationCode = organisationCode
        self.sensitive = sensitive
    }
}

/// How much of one shared-record item an actor is shown.
public enum SharedRecordDisclosure: String, Sendable, Codable, Equatable, CaseIterable {
    /// Everything: date, author, category and text.
    case full
    /// "Another service recorded something" and its date, no more: a sensitive service's item, shown
    /// only where the actor already sees the brokered-contact notice for that child.
    case anotherService = "another-service"
    /// Nothing at all, not even that the item exists.
    case hidden
}

extension Policy {
    /// Each item of the shared record, once `ChildAction.viewSharedRecord` allows the record:
    /// - the child's authority's data managers see every item;
    /// - a sensitive service's item is seen by that service, and by no one else in the team, who see at
    ///   most "another service recorded something" where they already see the brokered-contact notice;
    /// - any other item is seen by its own organisation, and by the rest of the team only while consent
    ///   (or another recorded basis, or Tier 1) covers sharing with the team, as for the assessment, so a
    ///   withdrawal hides it on the very next request.
    public static func disclosure(
        of item: SharedRecordItem, to actor: Actor, child: ChildFacts, context: AccessContext
    ) -> SharedRecordDisclosure {
        guard decide(actor, .viewSharedRecord, child: child, context: context).isAllowed else { return .hidden }
        if isDataManager(actor, of: child) { return .full }
        let ownOrganisation = actor.roles.contains(.practitioner) && actor.organisationCode == item.organisationCode
        if ownOrganisation { return .full }
        if item.sensitive {
            return decide(actor, .seeBrokeredContactNotice, child: child, context: context).isAllowed
                ? .anotherService : .hidden
        }
        return assessmentSharingBasis(child, today: context.today) != nil ? .full : .hidden
    }

    /// Whether the system writes a chronology entry for the team's work (an involvement, a member, an
    /// assessment...): never when the work is a sensitive service's or about one, so that the
    /// chronology never tells the team of a service it may not know of. (Break-glass and shielding are
    /// never written at all: they are not the team's work.)
    public static func writesSystemEntry(by actor: Actor, aboutSensitiveService: Bool) -> Bool {
        !actor.organisationSensitive && !aboutSensitiveService
    }
}

extension Policy {
    /// A feed or an import from an organisation adds contacts only to a child that organisation is
    /// involved with: a feed never puts a child on the index, nor writes to a stranger's record.
    public static func acceptsContactFeed(from organisationCode: String, involvedOrganisations: Set<String>) -> Bool {
        involvedOrganisations.contains(organisationCode)
    }
}

extension Policy {
    /// How one involvement is drawn on the team's shared picture (the relationships wheel, the
    /// agency-contact graph), once `ChildAction.viewSharedPicture` allows it: in full where the actor
    /// may see the involvement; as "another service" (no name, no role, no address) where it is a
    /// sensitive service hidden from the actor but the actor sees the brokered-contact notice; else not
    /// at all, so the picture never tells more than the child page does.
    public static func pictureDisclosure(
        of involvement: ChildFacts.Involvement, to actor: Actor, child: ChildFacts, context: AccessContext
    ) -> SharedRecordDisclosure {
        guard decide(actor, .viewSharedPicture, child: child, context: context).isAllowed else { return .hidden }
        if maySee(involvement, of: child, by: actor, context: context) { return .full }
        guard involvement.sensitive else { return .hidden }
        return decide(actor, .seeBrokeredContactNotice, child: child, context: context).isAllowed
            ? .anotherService : .hidden
    }
}
