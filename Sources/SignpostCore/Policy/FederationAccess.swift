/// The access policy for national signposting: which children a node may put on the hub, and what a
/// holding node tells another authority's node that asks about one of them. Pure, like `ChildAccess`, and
/// the only place these questions are decided (docs/national-signposting.md).
public enum FederationAccess {
    /// What the holding node answers another node's signed involvement request with.
    public enum RemoteAnswer: Sendable, Equatable {
        /// The services working with the child, sensitive ones left out.
        case involvements([ChildFacts.Involvement])
        /// Only the authority's brokering route: the child is shielded, or known only to sensitive services,
        /// so even who is involved must not leave the authority without a data manager's judgement.
        case brokeringRoute
        /// As if the child were unknown: nothing lets the index share the child outside its team any more
        /// (consent withdrawn or expired since the hub last heard), so the answer must not confirm it.
        case notFound
    }

    /// A child goes on the hub only on a basis that lets any practitioner in England find its signpost:
    /// tier 1 (public task), a recorded public-task or safeguarding basis, or consent in force to keep the
    /// child on the index. Consent to share with named organisations only is not enough: the hub would make
    /// the child findable by every authority. A merged-away or archived record is never listed (the caller
    /// does not pass it).
    public static func mayEnrol(_ child: ChildFacts, today: CalendarDate) -> Bool {
        // An adult's record is archived and leaves the index, so it leaves the hub too.
        if let adultOn = child.adultOn, today >= adultOn { return false }
        if child.tier == 1 { return true }
        switch child.indexBasis {
        case .publicTask, .safeguarding: return true
        case .consent: return child.consentInForce(on: today).purposes.contains(.index)
        }
    }

    /// The answer of the node that lists `holdingAuthority`'s children: a child of another authority held
    /// in the same deployment was never listed by this node, so it is as unknown as a wrong handle.
    public static func answer(for child: ChildFacts, asNodeOf holdingAuthority: String, today: CalendarDate)
        -> RemoteAnswer
    {
        guard child.authorityCode == holdingAuthority else { return .notFound }
        return answer(for: child, today: today)
    }

    public static func answer(for child: ChildFacts, today: CalendarDate) -> RemoteAnswer {
        guard mayEnrol(child, today: today) else { return .notFound }
        if child.shielded { return .brokeringRoute }
        let open = child.involvements.filter { !$0.sensitive }
        if open.isEmpty && !child.involvements.isEmpty { return .brokeringRoute }
        return .involvements(open)
    }
}
