import Fluent
import Foundation
import SQLKit
import SignpostCore

/// An early-help episode from checklist to completed assessment, with reading and the subject-access
/// export. Every read and change asks `Policy` and is audited in the same transaction.
struct EpisodeService {
    let context: ServiceContext
    /// Free text in an assessment or plan: the limit every free-text field has (`TextRules`).
    static let maximumTextLength = TextRules.freeTextLimit

    // MARK: Shared checks

    /// Someone the policy gives nothing of this child gets 404, as for a record that does not exist.
    static func requireVisible(
        _ child: LoadedChild, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws {
        let (access, _) = try await ChildFactsLoader.context(for: actor, childID: child.id, now: context.now, on: tx)
        guard Policy.visibility(of: child.facts, to: actor.actor, context: access) == .nothing else { return }
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: child.id.uuidString, outcome: .refused),
            context: context, on: tx)
        throw Refusal.notFound()
    }

    /// Loads the episode and asks the policy; a refusal is audited and answered like a missing record
    /// (or 403 with the reason, for people who may see the episode but not do this).
    static func authorise(
        _ episodeID: UUID, _ action: EpisodeAction, audit: String, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> LoadedEpisode {
        if action != .view && action != .export, let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
            // Changes to one episode queue here, so a version check and its save cannot interleave.
            try await sql.raw("SELECT id FROM \(ident: EpisodeModel.schema) WHERE id = \(bind: episodeID) FOR UPDATE")
                .run()
        }
        guard let (episode, child) = try await LoadedEpisode.loadFacts(episodeID, on: tx) else {
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "episode", subjectID: episodeID.uuidString,
                    outcome: .refused),
                context: context, on: tx)
            throw Refusal.notFound("There is no early-help episode you can see at this address.")
        }
        let facts = LoadedEpisode.facts(episode, child: child)
        let access = AccessContext(today: CalendarDate(context.now))
        if case .deny(let reason) = Policy.decide(
            actor.actor, action, episode: facts, child: child.facts, context: access)
        {
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: child.id.uuidString,
                    outcome: .refused,
                    details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            if Decision.deny(reason: reason).isHidden
                || !Policy.decide(actor.actor, .view, episode: facts, child: child.facts, context: access).isAllowed
            {
                throw Refusal.notFound("There is no early-help episode you can see at this address.")
            }
            throw Refusal.forbidden(reason)
        }
        // Only now, with the policy's yes, is the authority's key touched.
        let cipher = try await DataKeyStore.cipher(
            for: episode.authorityCode, creating: false, context: context, on: tx)
        return LoadedEpisode(episode: episode, child: child, cipher: cipher)
    }

    /// A refusal of a change for the episode's state (a stale version, consent not covering sharing),
    /// audited and kept.
    static func refuseChange(
        _ detail: String, audit: String, _ loaded: LoadedEpisode, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> Never {
        try await AuditLog.append(
            AuditDraft(
                action: audit, actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                outcome: .refused,
                details: ["episode": loaded.id.uuidString, "why": detail]),
            context: context, on: tx)
        throw Refusal(error: .conflict(detail))
    }

    static func checkVersion(
        _ version: Int, _ loaded: LoadedEpisode, audit: String, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws {
        guard version == loaded.episode.version else {
            try await refuseChange(
                "Someone else saved this assessment (now version \(loaded.episode.version)) after you opened version \(version). Your changes were not saved: copy them, reload the page, then make them again.",
                audit: audit, loaded, by: actor, context: context, on: tx)
        }
    }

    static func checkLength(_ text: String?, field: String) throws {
        if let error = freeTextError(text, field: field) { throw ServiceError.validation([error]) }
    }

    /// Free text in an assessment or the team's records (`TextRules`): line breaks and tabs are kept, other
    /// control characters and the direction controls are refused, and it holds at most 10,000 characters.
    static func freeTextError(_ text: String?, field: String) -> ServiceError.FieldError? {
        guard let text, let problem = TextRules.multiLineProblem(text, limit: maximumTextLength) else { return nil }
        switch problem {
        case .tooLong:
            return .init(field: field, message: "Keep this to \(maximumTextLength) characters or fewer.")
        case .controlCharacter:
            return .init(field: field, message: "Remove the control characters (a null or an escape, say) from this.")
        case .bidiControl:
            return .init(field: field, message: "Remove the characters that change the direction of text from this.")
        }
    }
}
