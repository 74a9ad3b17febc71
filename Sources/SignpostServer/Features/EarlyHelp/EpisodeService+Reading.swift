import Fluent
import Foundation
import SignpostCore

/// Reading episodes: one, the child's list, and the subject-access export.
extension EpisodeService {
    func view(episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.read(episodeID, by: actor, context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The episode, decided by the policy and audited as read, in the caller's transaction: for pages
    /// that show more than the episode (the team page) without loading its child twice.
    static func read(
        _ episodeID: UUID, by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database
    ) async throws -> LoadedEpisode {
        let loaded = try await authorise(episodeID, .view, audit: "episode.viewed", by: actor, context: context, on: tx)
        try await AuditLog.append(
            AuditDraft(
                action: "episode.viewed", actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                details: ["episode": episodeID.uuidString]),
            context: context, on: tx)
        return loaded
    }

    /// The child's episodes this actor may read.
    func list(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> [EpisodeSummary] {
        try await context.auditedTransaction { context, tx in
            let child = try await ChildGate.loadOrRefuse(
                childID, action: "episode.listed", by: actor, context: context, on: tx)
            try await Self.requireVisible(child, action: "episode.listed", by: actor, context: context, on: tx)
            let summaries = try await Self.summaries(of: child, for: actor, now: context.now, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.listed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["episodes": String(summaries.count)]),
                context: context, on: tx)
            return summaries
        }
    }

    /// One episode as JSON, for a subject access request. Data managers of the authority only; no bulk export.
    func export(episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .export, audit: "episode.exported", by: actor, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.exported", actor: actor, subjectType: "child",
                    subjectID: loaded.child.id.uuidString,
                    reason: "subject access request", details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The child's episodes the policy lets this actor read, newest first, inside the caller's
    /// transaction and audit event (the child page lists them under its own `child.viewed`).
    static func summaries(
        of child: LoadedChild, for actor: AuthenticatedPractitioner, now: Date, on tx: any Database
    ) async throws -> [EpisodeSummary] {
        var summaries: [EpisodeSummary] = []
        let episodes = try await EpisodeModel.query(on: tx).filter(\.$childID == child.id)
            .sort(\.$createdAt, .descending).all()
        for episode in episodes {
            let facts = LoadedEpisode.facts(episode, child: child)
            guard
                Policy.decide(
                    actor.actor, .view, episode: facts, child: child.facts,
                    context: AccessContext(today: CalendarDate(now))
                ).isAllowed
            else { continue }
            let assessor = try await LoadedEpisode.assessorName(episode, child: child, for: actor, now: now, on: tx)
            summaries.append(
                .init(
                    id: episode.id!, status: episode.status,
                    routeName: ChecklistRoute(rawValue: episode.route)?.displayName ?? episode.route,
                    assessor: assessor, startedOn: CalendarDate(episode.createdAt).iso))
        }
        return summaries
    }
}
