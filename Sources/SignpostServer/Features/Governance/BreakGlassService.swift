import Fluent
import Foundation
import SignpostCore

/// Break-glass: a child-protection practitioner opens a record in an emergency, for this session only.
struct BreakGlassService {
    let context: ServiceContext
    static let warning =
        "Break-glass opens this child's record for this session only. It triggers immediate review: auditors and the authority's data manager are alerted now, and you will be asked to justify it. It changes nothing for anyone else."
    /// The longest a session lasts; an API token expires sooner, and the grant is tied to it.
    static let lifetime: TimeInterval = 8 * 60 * 60

    struct BreakGlassInput: Codable, Sendable {
        var reason: String
        /// The practitioner has read the warning.
        var confirm: Bool?
    }

    func open(_ input: BreakGlassInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> SignpostView
    {
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [ServiceError.FieldError] = []
        if reason.isEmpty {
            errors.append(.init(field: "reason", message: "Enter the reason you need to open this record now."))
        }
        if input.confirm != true {
            errors.append(.init(field: "confirm", message: "Confirm that you have read the warning: \(Self.warning)"))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        guard let scope = actor.accessScopeID else {
            throw ServiceError.forbidden("Break-glass needs a signed-in session or an API token.")
        }
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .breakGlass, audit: "child.break-glass", by: actor, context: context, on: tx)
            let today = CalendarDate(context.now)
            let grant = BreakGlassModel()
            grant.practitionerID = actor.id
            grant.childID = loaded.id
            grant.scopeID = scope
            grant.reason = reason
            grant.grantedAt = context.now
            grant.expiresAt = context.now.addingTimeInterval(Self.lifetime)
            try await grant.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "child.break-glass", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString,
                    reason: reason,
                    details: ["grant": try grant.requireID().uuidString]),
                context: context, on: tx)
            try await Alerts.raise(
                .breakGlass, practitionerID: actor.id, childID: loaded.id, authority: loaded.facts.authorityCode,
                detail: "\(actor.name) (\(actor.organisationName)) used break-glass: \(reason)", context: context,
                on: tx)
            try await Notifications.notify(
                authority: loaded.facts.authorityCode, childID: loaded.id, kind: "break-glass",
                message:
                    "\(actor.name) (\(actor.organisationName)) used break-glass on \(loaded.child.givenName) "
                    + "\(loaded.child.familyName) at \(DisplayTime.inWords(context.now)). "
                    + "Reason given: \(PlainEnglish.sentence(reason))",
                context: context, on: tx)
            let access = AccessContext(breakGlass: true, today: today)
            try await AccessRecorder.recordRead(
                loaded, action: "child.viewed", what: "record", by: actor, access: access,
                reason: "Break-glass: \(reason)", context: context, on: tx)
            return try await ChildRendering.render(loaded, for: actor, access: access, on: tx)
        }
    }
}
