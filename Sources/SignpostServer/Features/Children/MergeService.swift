import Fluent
import Foundation
import SignpostCore

/// Data managers merge two records of one child, and can reverse the merge; nothing is deleted.
struct MergeService {
    let context: ServiceContext

    struct MergeRequest: Codable, Sendable {
        var mergeInto: UUID
        var reason: String
    }

    func merge(childID: UUID, into survivorID: UUID, reason: String, by actor: AuthenticatedPractitioner) async throws
        -> UUID
    {
        let why = try Self.checkedReason(reason, merging: childID, into: survivorID)
        return try await context.auditedTransaction { context, tx in
            // An absent record and one the actor may not merge are refused alike, and audited.
            func refuse() async throws -> Never {
                try await AuditLog.append(
                    AuditDraft(
                        action: "child.merged", actor: actor, subjectType: "child", subjectID: survivorID.uuidString,
                        outcome: .refused,
                        details: ["merged": childID.uuidString]),
                    context: context, on: tx)
                throw Refusal.notFound("There are no two records here that you can merge.")
            }
            guard let merged = try await ChildModel.find(childID, on: tx), merged.mergedIntoID == nil,
                let survivor = try await ChildModel.find(survivorID, on: tx), survivor.mergedIntoID == nil
            else { try await refuse() }
            for child in [merged, survivor] {
                guard let loaded = try await ChildFactsLoader.load(child.requireID(), on: tx),
                    Policy.decide(
                        actor.actor, .merge, child: loaded.facts,
                        context: AccessContext(today: CalendarDate(context.now))
                    ).isAllowed
                else { try await refuse() }
            }
            // The merged record's shield, if any, now protects the survivor.
            try await ShieldInheritance.inherit(from: childID, to: survivorID, context: context, on: tx)
            let moved = try await Self.moveInvolvements(from: childID, to: survivorID, on: tx)
            merged.mergedIntoID = survivorID
            merged.updatedBy = actor.id
            try await merged.save(on: tx)
            try await ChildIndexing.reindex(merged, otherNames: [], on: tx)
            let record = try await Self.recordMerge(
                of: childID, into: survivorID, moved: moved, reason: why, by: actor, at: context.now, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "child.merged", actor: actor, subjectType: "child", subjectID: survivorID.uuidString,
                    reason: why,
                    details: [
                        "merged": childID.uuidString, "merge": try record.requireID().uuidString,
                        "involvementsMoved": String(moved.count),
                    ]),
                context: context, on: tx)
            return try record.requireID()
        }
    }

    /// The stated reason, trimmed. Checked before the transaction opens: nothing is read for a request
    /// that cannot succeed.
    private static func checkedReason(_ reason: String, merging childID: UUID, into survivorID: UUID) throws
        -> String
    {
        let why = reason.trimmingCharacters(in: .whitespaces)
        guard !why.isEmpty else {
            throw ServiceError.validation([.init(field: "reason", message: "Say why these are the same child.")])
        }
        guard childID != survivorID else {
            throw ServiceError.validation([.init(field: "mergeInto", message: "A record cannot be merged into itself.")]
            )
        }
        return why
    }

    /// Moves every involvement of the merged record to the survivor; returns them so the merge
    /// record can list them for a reversal.
    private static func moveInvolvements(from childID: UUID, to survivorID: UUID, on tx: any Database) async throws
        -> [InvolvementModel]
    {
        let moved = try await InvolvementModel.query(on: tx).filter(\.$child.$id == childID).all()
        for involvement in moved {
            involvement.$child.id = survivorID
            try await involvement.save(on: tx)
        }
        return moved
    }

    private static func recordMerge(
        of childID: UUID, into survivorID: UUID, moved: [InvolvementModel], reason why: String,
        by actor: AuthenticatedPractitioner, at now: Date, on tx: any Database
    ) async throws -> ChildMergeModel {
        let record = ChildMergeModel()
        record.survivorID = survivorID
        record.mergedID = childID
        record.movedInvolvements = try moved.map { try $0.requireID().uuidString }.joined(separator: ",")
        record.mergedBy = actor.id
        record.mergedAt = now
        record.reason = why
        try await record.create(on: tx)
        return record
    }

    func reverse(mergeID: UUID, by actor: AuthenticatedPractitioner) async throws {
        try await context.auditedTransaction { context, tx in
            func refuse() async throws -> Never {
                try await AuditLog.append(
                    AuditDraft(
                        action: "child.merge-reversed", actor: actor, subjectType: "merge",
                        subjectID: mergeID.uuidString, outcome: .refused),
                    context: context, on: tx)
                throw Refusal.notFound("There is no merge here that you can reverse.")
            }
            guard let record = try await ChildMergeModel.find(mergeID, on: tx), record.reversedAt == nil,
                let merged = try await ChildModel.find(record.mergedID, on: tx),
                let survivor = try await ChildModel.find(record.survivorID, on: tx),
                let loaded = try await ChildFactsLoader.load(survivor.requireID(), on: tx),
                Policy.decide(
                    actor.actor, .merge, child: loaded.facts, context: AccessContext(today: CalendarDate(context.now))
                ).isAllowed
            else { try await refuse() }
            let movedIDs = record.movedInvolvements.split(separator: ",").compactMap { UUID(uuidString: String($0)) }
            for involvement in try await InvolvementModel.query(on: tx).filter(\.$id ~~ movedIDs).all() {
                involvement.$child.id = record.mergedID
                try await involvement.save(on: tx)
            }
            merged.mergedIntoID = nil
            merged.updatedBy = actor.id
            try await merged.save(on: tx)
            let names = try await ChildNameModel.query(on: tx).filter(\.$child.$id == record.mergedID).all()
            try await ChildIndexing.reindex(merged, otherNames: names, on: tx)
            record.reversedAt = context.now
            record.reversedBy = actor.id
            try await record.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "child.merge-reversed", actor: actor, subjectType: "child",
                    subjectID: record.survivorID.uuidString,
                    details: ["restored": record.mergedID.uuidString, "merge": mergeID.uuidString]),
                context: context, on: tx)
        }
    }
}
