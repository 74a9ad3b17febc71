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
            var caseload: [Child] = []
            for child in children {
                guard let facts = loaded[child.id!],
                    Policy.disclose(facts.facts, to: actor.actor, context: AccessContext(today: today)).isTeamMember
                else { continue }
                caseload.append(try await Self.entry(facts, for: actor, today: today, context: context, on: tx))
            }
            caseload = Self.needingAttentionFirst(caseload)
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

    private static func entry(
        _ loaded: LoadedChild, for actor: AuthenticatedPractitioner, today: CalendarDate, context: ServiceContext,
        on tx: any Database
    ) async throws -> Child {
        let own = loaded.active.first { $0.$practitioner.id == actor.id }
        let open = try await EpisodeService.summaries(of: loaded, for: actor, now: context.now, on: tx)
            .first { $0.status != EpisodeStatus.closed.rawValue }
        return Child(
            childID: loaded.id, name: "\(loaded.child.givenName) \(loaded.child.familyName)",
            dateOfBirth: loaded.child.dateOfBirth, role: own?.role, isLead: own?.leadProfessional ?? false,
            episode: try await open.asyncMap { try await episode($0, today: today, on: tx) })
    }

    private static func episode(_ summary: EpisodeService.EpisodeSummary, today: CalendarDate, on tx: any Database)
        async throws -> Episode?
    {
        guard let model = try await EpisodeModel.find(summary.id, on: tx) else { return nil }
        let actions = try await EpisodeEntryModel.query(on: tx).filter(\.$episodeID == summary.id)
            .filter(\.$kind == "action").all()
        let overdue = actions.filter {
            ActionStatus(rawValue: $0.status ?? "")?.isOpen == true
                && Deadlines.isOverdue(dueOn: $0.onDate, today: today)
        }
        let status = EpisodeStatus(rawValue: model.status)
        return Episode(
            id: summary.id, status: statusName(status), isDraft: status?.isBeforeCompletion == true,
            nextReviewOn: model.nextReviewOn,
            reviewOverdue: Deadlines.isOverdue(dueOn: model.nextReviewOn, today: today),
            overdueActions: overdue.count)
    }

    /// Overdue work first, then open episodes, then everyone else; alphabetical within each (the order
    /// they were read in).
    static func needingAttentionFirst(_ children: [Child]) -> [Child] {
        func rank(_ child: Child) -> Int {
            guard let episode = child.episode else { return 2 }
            return episode.overdueActions > 0 || episode.reviewOverdue ? 0 : 1
        }
        return children.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
    }

    /// The status in plain English, as the caseload shows it.
    static func statusName(_ status: EpisodeStatus?) -> String {
        status?.displayName ?? "Unknown"
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
