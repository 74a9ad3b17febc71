import Fluent
import Foundation
import SignpostCore

/// The first step of every child use case: load the child, or refuse (audited) as if it did not
/// exist; and ask the policy for one action. Every feature starts here, so none calls another's service.
enum ChildGate {
    /// Loads the child, or audits the refusal and answers 404: a merged or unknown record looks the
    /// same as one the actor may not see.
    static func loadOrRefuse(
        _ childID: UUID, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> LoadedChild {
        guard let loaded = try await load(childID, by: actor, now: context.now, on: tx) else {
            try await AuditLog.append(noSuchRecord(childID, action: action, by: actor), context: context, on: tx)
            throw Refusal.notFound()
        }
        return loaded
    }

    /// The child as the policy sees it, or nil for a missing or merged record, after the same reads as for a
    /// child that exists (how the actor reached it), so that a missing id takes as long as a hidden child.
    static func load(_ childID: UUID, by actor: AuthenticatedPractitioner, now: Date, on db: any Database)
        async throws -> LoadedChild?
    {
        guard let loaded = try await ChildFactsLoader.load(childID, on: db) else {
            _ = try await ChildFactsLoader.context(for: actor, childID: childID, now: now, on: db)
            return nil
        }
        return loaded
    }

    /// The refusal event for a child id that names no record this actor could reach.
    static func noSuchRecord(_ childID: UUID, action: String, by actor: AuthenticatedPractitioner) -> AuditDraft {
        AuditDraft(
            action: action, actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
            details: ["visibility": "nothing", "why": "no such record"])
    }

    /// Loads the child and asks the policy for one action in this request's context. A refusal is
    /// audited and answered like a missing record (404) when the policy hides the child, or with the
    /// policy's reason (403) where the caller may know the child exists. Every action service starts here.
    static func authorise(
        _ childID: UUID, _ action: ChildAction, audit: String, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> (LoadedChild, AccessContext) {
        let loaded = try await loadOrRefuse(childID, action: audit, by: actor, context: context, on: tx)
        let (access, _) = try await ChildFactsLoader.context(for: actor, childID: childID, now: context.now, on: tx)
        let decision = Policy.decide(actor.actor, action, child: loaded.facts, context: access)
        if case .deny(let reason) = decision {
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
                    details: ["why": decision.isHidden ? "not found" : "forbidden"]),
                context: context, on: tx)
            throw decision.isHidden ? Refusal.notFound() : Refusal.forbidden(reason)
        }
        return (loaded, access)
    }
}
