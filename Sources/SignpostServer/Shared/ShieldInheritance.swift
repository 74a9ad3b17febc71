import Fluent
import Foundation
import SignpostCore

/// The one step both record creation and merging take: a possible duplicate of a shielded child
/// inherits the shield, in the caller's transaction.
enum ShieldInheritance {
    /// A merge or a possible duplicate of a shielded child inherits the shield, in the caller's transaction.
    static func inherit(from source: UUID, to target: UUID, context: ServiceContext, on tx: any Database) async throws {
        guard
            let shield = try await ShieldModel.query(on: tx).filter(\.$child.$id == source).filter(\.$liftedAt == nil)
                .first()
        else { return }
        if try await ShieldModel.query(on: tx).filter(\.$child.$id == target).filter(\.$liftedAt == nil).first() != nil
        {
            return
        }
        let inherited = ShieldModel()
        inherited.$child.id = target
        // The grounds stay with the source record: a data manager of another authority may see this one.
        inherited.grounds =
            "Inherited: this record may be the same child as a shielded record. Review it with that record's data manager."
        inherited.reviewOn = shield.reviewOn
        inherited.setBy = shield.setBy
        inherited.setAt = context.now
        inherited.inheritedFrom = source
        try await inherited.create(on: tx)
        try await AuditLog.append(
            AuditDraft(
                action: "child.shield-inherited", actor: nil, subjectType: "child", subjectID: target.uuidString,
                details: ["from": source.uuidString, "reviewOn": shield.reviewOn]),
            context: context, on: tx)
        // The source child's data manager learns that a possible duplicate appeared, and where.
        if let sourceChild = try await ChildModel.find(source, on: tx),
            let authority = try await AuthorityModel.find(sourceChild.$authority.id, on: tx)
        {
            try await Notifications.notify(
                authority: authority.onsCode, childID: source, kind: "shield-inherited",
                message:
                    "A record that may be the same child as \(sourceChild.givenName) \(sourceChild.familyName) (shielded) was created or merged; it now carries the shield. Check it: record \(target.uuidString).",
                context: context, on: tx)
        }
    }
}
