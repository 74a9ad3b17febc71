import Fluent
import Foundation
import SignpostCore

/// Viewing a child: the policy decides from the loaded facts, and every view or refusal is audited.
extension ChildService {
    /// The child as this actor may see it, or 404 for anyone the policy gives nothing. Audited either way.
    /// Loaded from a snapshot beside the writer; the audit event commits, grouped with other reads', before
    /// the view is returned (`auditedSnapshotRead`).
    func view(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> SignpostView {
        try await context.auditedSnapshotRead { context, snapshot in
            let read = try await Self.decide(childID, action: "child.viewed", by: actor, context: context, on: snapshot)
            switch read.outcome {
            case .failure(let refusal):
                return SnapshotRead(outcome: .failure(refusal), record: read.record)
            case .success(let found):
                let view = try await ChildRendering.render(
                    found.loaded, for: actor, access: found.access, on: snapshot)
                return SnapshotRead(outcome: .success(view), record: read.record)
            }
        }
    }

    /// One audited read of the child, in the caller's transaction: the `child.viewed` event (or the
    /// action given, such as `child.summary-viewed`), the access history row or the refusal, then the
    /// view the disclosure allows.
    static func read(
        _ childID: UUID, audit action: String = "child.viewed", by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> (loaded: LoadedChild, access: AccessContext, view: SignpostView) {
        let read = try await decide(childID, action: action, by: actor, context: context, on: tx)
        try await read.record(context, tx)
        let found = try read.outcome.get()
        return (
            found.loaded, found.access,
            try await ChildRendering.render(found.loaded, for: actor, access: found.access, on: tx)
        )
    }

    /// What the policy lets this actor see of the child, and what that read records, without writing:
    /// the child and how the actor reached it, or the refusal (a missing, merged or hidden record alike).
    static func decide(
        _ childID: UUID, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on db: any Database
    ) async throws -> SnapshotRead<ChildFound> {
        guard let loaded = try await ChildGate.load(childID, by: actor, now: context.now, on: db) else {
            return SnapshotRead(outcome: .failure(Refusal.notFound())) { context, tx in
                try await AuditLog.append(
                    ChildGate.noSuchRecord(childID, action: action, by: actor), context: context, on: tx)
            }
        }
        let (access, reason) = try await ChildFactsLoader.context(
            for: actor, childID: childID, now: context.now, on: db)
        let visibility = Policy.visibility(of: loaded.facts, to: actor.actor, context: access)
        let record: SnapshotRead<ChildFound>.Record = { context, tx in
            try await AccessRecorder.recordRead(
                loaded, action: action, what: visibility.description, by: actor, access: access, reason: reason,
                context: context, on: tx)
        }
        guard visibility != .nothing else {
            return SnapshotRead(outcome: .failure(Refusal.notFound()), record: record)
        }
        return SnapshotRead(outcome: .success(ChildFound(loaded: loaded, access: access)), record: record)
    }
}

/// A child the policy lets this actor see, with how the actor reached it.
struct ChildFound: Sendable {
    var loaded: LoadedChild
    var access: AccessContext
}
