import Fluent
import Foundation
import SignpostCore

/// "My children": the children in the practitioner's teams, with each child's open early-help
/// episode, its next review, its overdue actions and whether it is still a draft. Reaching a child from
/// here needs no search reason: it is not a search, and team membership is the route (`Policy` decides
/// it, child by child). The list is audited as one read naming the children shown.
struct CaseloadService {
    let context: ServiceContext

    struct Child: Sendable, Codable {
        var childID: UUID
        var name: String
        var dateOfBirth: String?
        /// The practitioner's own role with the child, if they are involved.
        var role: String?
        var isLead: Bool
        var episode: Episode?
        /// For the lead professional: "Not seen for 40 days" where the contacts they may read say so.
        var notSeen: String? = nil
    }

    struct Episode: Sendable, Codable {
        var id: UUID
        var status: String
        var isDraft: Bool
        var nextReviewOn: String?
        var reviewOverdue: Bool
        var overdueActions: Int
    }

    func myChildren(for actor: AuthenticatedPractitioner) async throws -> [Child] {
        try await context.auditedTransaction { context, tx in
            let today = CalendarDate(context.now)
            let childIDs = try await TeamMembershipModel.query(on: tx).filter(\.$practitionerID == actor.id)
                .filter(\.$endedAt == nil).all().map(\.childID)
            let children = try await ChildModel.query(on: tx).filter(\.$id ~~ childIDs).filter(\.$mergedIntoID == nil)
                .sort(\.$familyName).sort(\.$givenName).all()
            let loaded = try await ChildFactsLoader.load(children, on: tx)
            let mine = children.compactMap { child in
                loaded[child.id!].flatMap { facts in
                    Policy.disclose(facts.facts, to: actor.actor, context: AccessContext(today: today)).isTeamMember
                        ? facts : nil
                }
            }
            // Three reads for the whole list, however many children: their episodes, then those episodes'
            // actions (no query per child).
            let open = try await Self.openEpisodes(of: mine, for: actor, today: today, on: tx)
            let actions = try await EpisodeEntryModel.query(on: tx).filter(\.$episodeID ~~ open.values.map { $0.id! })
                .filter(\.$kind == "action").all()
            let overdue = Dictionary(grouping: actions.filter { Self.isOverdue($0, today: today) }, by: \.episodeID)
            var entries = mine.map { Self.entry($0, episode: open[$0.id], overdue: overdue, for: actor, today: today) }
            // The lead professional sees, on the caseload, which children no service has seen for too long.
            for (index, child) in mine.enumerated() where entries[index].isLead {
                let picture = try await AgencyContactService.picture(
                    for: child, access: AccessContext(today: today), actor: actor, on: tx)
                if picture.notSeenTooLong, let days = picture.daysSinceSeen {
                    entries[index].notSeen = "Not seen for \(days) days"
                }
            }
            let caseload = Self.needingAttentionFirst(entries)
            try await AuditLog.append(
                AuditDraft(
                    action: "caseload.viewed", actor: actor, subjectType: "children",
                    details: [
                        "count": String(caseload.count),
                        "children": caseload.map(\.childID.uuidString).joined(separator: ","),
                    ]),
                context: context, on: tx)
            return caseload
        }
    }

    /// Each child's newest episode that is not closed and that the policy lets this actor read.
    private static func openEpisodes(
        of children: [LoadedChild], for actor: AuthenticatedPractitioner, today: CalendarDate, on tx: any Database
    ) async throws -> [UUID: EpisodeModel] {
        let byID = Dictionary(uniqueKeysWithValues: children.map { ($0.id, $0) })
        let episodes = try await EpisodeModel.query(on: tx).filter(\.$childID ~~ Array(byID.keys))
            .filter(\.$status != EpisodeStatus.closed.rawValue).sort(\.$createdAt, .descending).all()
        var open: [UUID: EpisodeModel] = [:]
        for episode in episodes where open[episode.childID] == nil {
            guard let child = byID[episode.childID],
                Policy.decide(
                    actor.actor, .view, episode: LoadedEpisode.facts(episode, child: child), child: child.facts,
                    context: AccessContext(today: today)
                ).isAllowed
            else { continue }
            open[episode.childID] = episode
        }
        return open
    }

    private static func isOverdue(_ action: EpisodeEntryModel, today: CalendarDate) -> Bool {
        ActionStatus(rawValue: action.status ?? "")?.isOpen == true
            && Deadlines.isOverdue(dueOn: action.onDate, today: today)
    }

    private static func entry(
        _ loaded: LoadedChild, episode: EpisodeModel?, overdue: [UUID: [EpisodeEntryModel]],
        for actor: AuthenticatedPractitioner, today: CalendarDate
    ) -> Child {
        let own = loaded.active.first { $0.$practitioner.id == actor.id }
        return Child(
            childID: loaded.id, name: "\(loaded.child.givenName) \(loaded.child.familyName)",
            dateOfBirth: loaded.child.dateOfBirth, role: own?.role, isLead: own?.leadProfessional ?? false,
            episode: episode.map { episode in
                let status = EpisodeStatus(rawValue: episode.status)
                return Episode(
                    id: episode.id!, status: status?.displayName ?? episode.status,
                    isDraft: status?.isBeforeCompletion == true, nextReviewOn: episode.nextReviewOn,
                    reviewOverdue: Deadlines.isOverdue(dueOn: episode.nextReviewOn, today: today),
                    overdueActions: overdue[episode.id!]?.count ?? 0)
            })
    }

    /// Overdue work first, then open episodes, then everyone else; alphabetical within each (the order
    /// they were read in).
    static func needingAttentionFirst(_ children: [Child]) -> [Child] {
        func rank(_ child: Child) -> Int {
            if child.notSeen != nil { return 0 }
            guard let episode = child.episode else { return 2 }
            return episode.overdueActions > 0 || episode.reviewOverdue ? 0 : 1
        }
        return children.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
    }
}
