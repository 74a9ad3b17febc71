import Fluent
import Foundation
import SignpostCore

/// Records a read of a child and what follows from it, in the transaction of the read: the audit
/// event (what was revealed, on which route and lawful basis), the access history the team sees,
/// flag-and-notify for Tier-1 children, and anomaly alerts.
enum AccessRecorder {
    /// `allowed` is the policy's decision on the specific action (for example viewing involvements,
    /// which a shielded signpost does not allow although the child is visible).
    static func recordRead(
        _ loaded: LoadedChild, action: String, what: String, by actor: AuthenticatedPractitioner, access: AccessContext,
        reason: String?,
        allowed: Bool = true, context: ServiceContext, on tx: any Database
    ) async throws {
        let facts = loaded.facts
        let route = allowed ? Policy.route(of: actor.actor, to: facts, context: access) : .none
        let visibility = Policy.visibility(of: facts, to: actor.actor, context: access)
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: loaded.id.uuidString, reason: reason,
                outcome: visibility == .nothing || !allowed ? .refused : .success,
                details: [
                    "visibility": visibility.description, "route": route.description, "what": what,
                    "shielded": String(facts.shielded),
                ]),
            context: context, on: tx)
        guard route != .none else { return }

        let outOfArea = Policy.isOutOfArea(actor.actor, facts)
        try await appendAccessHistory(
            loaded, route: route, what: what, by: actor, reason: reason, outOfArea: outOfArea, context: context,
            on: tx)
        try await notifyIfTierOneOpened(loaded, by: actor, access: access, reason: reason, context: context, on: tx)
        try await raiseAnomalyAlerts(loaded, route: route, outOfArea: outOfArea, by: actor, context: context, on: tx)
    }

    /// The access history row the team sees: who, from which organisation, by which route, and why.
    private static func appendAccessHistory(
        _ loaded: LoadedChild, route: AccessRoute, what: String, by actor: AuthenticatedPractitioner,
        reason: String?, outOfArea: Bool, context: ServiceContext, on tx: any Database
    ) async throws {
        let row = ChildAccessModel()
        row.sensitiveService = actor.organisationSensitive
        row.organisationCode = actor.organisationCode
        row.childID = loaded.id
        row.practitionerID = actor.id
        row.practitionerName = actor.name
        row.organisationName = actor.organisationName
        row.route = route.description
        row.what = what
        row.reason = reason
        row.outOfArea = outOfArea
        row.shielded = loaded.facts.shielded
        row.accessedAt = context.now
        // `ModelRows.insert` rather than `create`: this runs on every audited read, and Fluent reflects.
        try await ModelRows.insert([row], on: tx)
    }

    /// Flag-and-notify for Tier-1 children: the authority's data managers, and the lead the policy
    /// names, are told when the policy says so, at most once a child a practitioner a day.
    private static func notifyIfTierOneOpened(
        _ loaded: LoadedChild, by actor: AuthenticatedPractitioner, access: AccessContext, reason: String?,
        context: ServiceContext, on tx: any Database
    ) async throws {
        let facts = loaded.facts
        if Policy.notifiesOnOpen(actor.actor, facts, context: access),
            try await !alreadyNotifiedToday(loaded.id, actor: actor, now: context.now, on: tx)
        {
            let name = "\(loaded.child.givenName) \(loaded.child.familyName)"
            let message =
                "\(actor.name) (\(actor.organisationName)) opened the record of \(name) at "
                + "\(DisplayTime.inWords(context.now)). Reason given: \(PlainEnglish.sentence(reason ?? "none"))"
            // A sensitive service's interest is itself sensitive: only the authority is told about it.
            if let lead = Policy.leadToNotifyOnOpen(actor.actor, facts).flatMap(UUID.init(uuidString:)) {
                try await Notifications.notify(
                    practitioner: lead, childID: loaded.id, kind: "tier-1-opened", message: message, context: context,
                    on: tx)
            }
            try await Notifications.notify(
                authority: facts.authorityCode, childID: loaded.id, kind: "tier-1-opened", message: message,
                context: context, on: tx)
        }
    }

    /// The anomaly alerts `AnomalyRules` raises for this read, given the practitioner's look-ups today.
    private static func raiseAnomalyAlerts(
        _ loaded: LoadedChild, route: AccessRoute, outOfArea: Bool, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws {
        guard AnomalyRules.watches(route) else { return }
        let facts = loaded.facts
        let tally = try await tallyToday(actor.id, now: context.now, on: tx)
        for kind in AnomalyRules.alerts(
            route: route, outOfArea: outOfArea, shielded: facts.shielded, tally: tally,
            thresholds: context.environment.settings.alertThresholds)
        {
            try await Alerts.raise(
                kind, practitionerID: actor.id, childID: loaded.id, authority: facts.authorityCode,
                detail:
                    "\(actor.name) (\(actor.organisationName)): \(kind.displayName.lowercased()). Today they opened "
                    + PlainEnglish.list(
                        [
                            PlainEnglish.count(tally.outsideTeam, "child", "children") + " outside their teams",
                            PlainEnglish.count(tally.outOfAreaWithoutInvolvement, "child", "children")
                                + " out of their area",
                            PlainEnglish.count(tally.shieldedLookups, "shielded child", "shielded children"),
                        ], conjunction: "and") + ".",
                context: context, on: tx)
        }
    }

    /// One notification a child a practitioner a day is enough: the audit log keeps every access.
    /// Counts earlier outside-the-team accesses today (the one just recorded is the first).
    private static func alreadyNotifiedToday(
        _ childID: UUID, actor: AuthenticatedPractitioner, now: Date, on db: any Database
    ) async throws -> Bool {
        let earlier = try await ChildAccessModel.query(on: db)
            .filter(\.$childID == childID)
            .filter(\.$practitionerID == actor.id)
            .filter(\.$accessedAt >= startOfDay(now))
            .filter(\.$route != "team")
            .filter(\.$route != "data-manager")
            .count()
        return earlier > 1
    }

    /// Distinct children this practitioner reached today outside a team or data-manager route.
    static func tallyToday(_ practitionerID: UUID, now: Date, on db: any Database) async throws -> AccessTally {
        let rows = try await ChildAccessModel.query(on: db)
            .filter(\.$practitionerID == practitionerID)
            .filter(\.$accessedAt >= startOfDay(now))
            .filter(\.$route != "team")
            .filter(\.$route != "data-manager")
            .all()
        return AccessTally(
            outsideTeam: Set(rows.map(\.childID)).count,
            outOfAreaWithoutInvolvement: Set(rows.filter(\.outOfArea).map(\.childID)).count,
            shieldedLookups: rows.filter(\.shielded).count)
    }

    static func startOfDay(_ now: Date) -> Date {
        let seconds = now.timeIntervalSince1970
        return Date(timeIntervalSince1970: seconds - seconds.truncatingRemainder(dividingBy: 86_400))
    }
}
