import Fluent
import Foundation
import SignpostCore
import Vapor

/// Shielding by an authority's data manager: grounds, a review date, review and lifting. A merge or
/// a possible duplicate of a shielded child inherits the shield (`inherit`).
struct ShieldService {
    let context: ServiceContext

    struct ShieldInput: Content, Sendable {
        var grounds: String
        var reviewOn: String
    }

    struct LiftInput: Content, Sendable {
        var reason: String?
    }

    struct OverdueReview: Content, Sendable {
        var childID: UUID
        var name: String
        var reviewOn: String
    }

    /// Shields the child, or reviews an existing shield (new grounds and review date).
    func shield(_ input: ShieldInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> GovernanceView.Shield {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let grounds = input.grounds.trimmingCharacters(in: .whitespacesAndNewlines)
        if grounds.isEmpty { errors.append(.init(field: "grounds", message: "Enter the grounds for shielding: why the child is at increased risk if located.")) }
        let reviewOn = CalendarDate(iso: input.reviewOn.trimmingCharacters(in: .whitespaces))
        if reviewOn == nil || reviewOn! <= today || reviewOn! > today.adding(days: 366) {
            errors.append(.init(field: "reviewOn", message: "Enter a review date as YYYY-MM-DD, after today and within a year."))
        }
        guard errors.isEmpty, let reviewOn else { throw ServiceError.validation(errors) }
        return try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(childID, action: "child.shielded", by: actor, context: context, on: tx)
            let action: String
            if let existing = loaded.shield {
                existing.grounds = grounds
                existing.reviewOn = reviewOn.iso
                existing.setBy = actor.id
                existing.setAt = context.now
                existing.inheritedFrom = nil
                try await existing.save(on: tx)
                action = "child.shield-reviewed"
            } else {
                let shield = ShieldModel()
                shield.$child.id = loaded.id
                shield.grounds = grounds
                shield.reviewOn = reviewOn.iso
                shield.setBy = actor.id
                shield.setAt = context.now
                try await shield.create(on: tx)
                action = "child.shielded"
            }
            try await AuditLog.append(
                AuditDraft(action: action, actor: actor, subjectType: "child", subjectID: loaded.id.uuidString, reason: grounds,
                           details: ["reviewOn": reviewOn.iso]),
                context: context, on: tx)
            return GovernanceView.Shield(grounds: grounds, reviewOn: reviewOn.iso, reviewOverdue: false, inherited: false)
        }
    }

    func lift(childID: UUID, reason: String?, by actor: AuthenticatedPractitioner) async throws {
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !why.isEmpty else { throw ServiceError.validation([.init(field: "reason", message: "Say why the shield is no longer needed.")]) }
        try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(childID, action: "child.shield-lifted", by: actor, context: context, on: tx)
            guard let shield = loaded.shield else { throw ServiceError.conflict("This child is not shielded.") }
            shield.liftedAt = context.now
            shield.liftedBy = actor.id
            shield.liftReason = why
            try await shield.save(on: tx)
            try await AuditLog.append(
                AuditDraft(action: "child.shield-lifted", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString, reason: why),
                context: context, on: tx)
        }
    }

    /// Shields due for review (today or earlier) in the data manager's authority.
    func overdueReviews(by actor: AuthenticatedPractitioner) async throws -> [OverdueReview] {
        guard Policy.decide(actor.actor, .manageInformationGovernance).isAllowed else { return [] }
        let today = CalendarDate(context.now).iso
        return try await context.db.transaction { tx in
            let shields = try await ShieldModel.query(on: tx)
                .filter(\.$liftedAt == nil)
                .filter(\.$reviewOn <= today)
                .join(ChildModel.self, on: \ShieldModel.$child.$id == \ChildModel.$id)
                .filter(ChildModel.self, \.$mergedIntoID == nil)
                .join(AuthorityModel.self, on: \ChildModel.$authority.$id == \AuthorityModel.$id)
                .filter(AuthorityModel.self, \.$onsCode == actor.authorityCode)
                .sort(\.$reviewOn)
                .all()
            let reviews = try shields.map {
                let child = try $0.joined(ChildModel.self)
                return OverdueReview(childID: $0.$child.id, name: "\(child.givenName) \(child.familyName)", reviewOn: $0.reviewOn)
            }
            if !reviews.isEmpty {
                try await AuditLog.append(
                    AuditDraft(action: "shield-reviews.viewed", actor: actor, subjectType: "children",
                               details: ["children": reviews.map(\.childID.uuidString).joined(separator: ",")]),
                    context: context, on: tx)
            }
            return reviews
        }
    }

    /// A merge or a possible duplicate of a shielded child inherits the shield, in the caller's transaction.
    static func inherit(from source: UUID, to target: UUID, context: ServiceContext, on tx: any Database) async throws {
        guard let shield = try await ShieldModel.query(on: tx).filter(\.$child.$id == source).filter(\.$liftedAt == nil).first() else { return }
        if try await ShieldModel.query(on: tx).filter(\.$child.$id == target).filter(\.$liftedAt == nil).first() != nil { return }
        let inherited = ShieldModel()
        inherited.$child.id = target
        // The grounds stay with the source record: a data manager of another authority may see this one.
        inherited.grounds = "Inherited: this record may be the same child as a shielded record. Review it with that record's data manager."
        inherited.reviewOn = shield.reviewOn
        inherited.setBy = shield.setBy
        inherited.setAt = context.now
        inherited.inheritedFrom = source
        try await inherited.create(on: tx)
        try await AuditLog.append(
            AuditDraft(action: "child.shield-inherited", actor: nil, subjectType: "child", subjectID: target.uuidString,
                       details: ["from": source.uuidString, "reviewOn": shield.reviewOn]),
            context: context, on: tx)
        // The source child's data manager learns that a possible duplicate appeared, and where.
        if let sourceChild = try await ChildModel.find(source, on: tx), let authority = try await AuthorityModel.find(sourceChild.$authority.id, on: tx) {
            try await NotificationService.notify(
                authority: authority.onsCode, childID: source, kind: "shield-inherited",
                message: "A record that may be the same child as \(sourceChild.givenName) \(sourceChild.familyName) (shielded) was created or merged; it now carries the shield. Check it: record \(target.uuidString).",
                context: context, on: tx)
        }
    }

    private func authorise(_ childID: UUID, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database) async throws -> LoadedChild {
        try await ChildService.authorise(childID, .shield, audit: action, by: actor, context: context, on: tx).0
    }
}

/// Break-glass: a child-protection practitioner opens a record in an emergency, for this session only.
struct BreakGlassService {
    let context: ServiceContext
    static let warning = "Break-glass opens this child's record for this session only. It triggers immediate review: auditors and the authority's data manager are alerted now, and you will be asked to justify it. It changes nothing for anyone else."
    /// The longest a session lasts; an API token expires sooner, and the grant is tied to it.
    static let lifetime: TimeInterval = 8 * 60 * 60

    struct BreakGlassInput: Content, Sendable {
        var reason: String
        /// The practitioner has read the warning.
        var confirm: Bool?
    }

    func open(_ input: BreakGlassInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> SignpostView {
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [ServiceError.FieldError] = []
        if reason.isEmpty { errors.append(.init(field: "reason", message: "Enter the reason you need to open this record now.")) }
        if input.confirm != true { errors.append(.init(field: "confirm", message: "Confirm that you have read the warning: \(Self.warning)")) }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        guard let scope = actor.accessScopeID else { throw ServiceError.forbidden("Break-glass needs a signed-in session or an API token.") }
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildService.authorise(
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
                AuditDraft(action: "child.break-glass", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString, reason: reason,
                           details: ["grant": try grant.requireID().uuidString]),
                context: context, on: tx)
            try await AlertService.raise(
                .breakGlass, practitionerID: actor.id, childID: loaded.id, authority: loaded.facts.authorityCode,
                detail: "\(actor.name) (\(actor.organisationName)) used break-glass: \(reason)", context: context, on: tx)
            try await NotificationService.notify(
                authority: loaded.facts.authorityCode, childID: loaded.id, kind: "break-glass",
                message: "\(actor.name) (\(actor.organisationName)) used break-glass on \(loaded.child.givenName) \(loaded.child.familyName) at \(DisplayTime.inWords(context.now)). Reason given: \(reason).",
                context: context, on: tx)
            let access = AccessContext(breakGlass: true, today: today)
            try await AccessRecorder.recordRead(loaded, action: "child.viewed", what: "record", by: actor, access: access, reason: "Break-glass: \(reason)", context: context, on: tx)
            return try await ChildService.render(loaded, for: actor, access: access, on: tx)
        }
    }
}

/// The last 25 accesses to a child, for its team and the authority's data managers.
struct AccessHistoryService {
    let context: ServiceContext

    struct AccessView: Content, Sendable {
        var practitioner: String
        var organisation: String
        var route: String
        var what: String
        var reason: String?
        var accessedAt: Date
        /// `YYYY-MM-DD HH:mm` UTC, for pages.
        var when: String
    }

    func lastAccesses(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> [AccessView] {
        try await context.auditedTransaction { context, tx in
            let (loaded, access) = try await ChildService.authorise(childID, .viewAccesses, audit: "child.accesses-viewed", by: actor, context: context, on: tx)
            // A sensitive service's accesses are as hidden as its involvements.
            let query = ChildAccessModel.query(on: tx).filter(\.$childID == childID)
            let disclosure = Policy.disclose(loaded.facts, to: actor.actor, context: access)
            if !disclosure.showsEveryServicesAccesses {
                query.group(.or) { $0.filter(\.$sensitiveService == false).filter(\.$organisationCode == actor.organisationCode) }
            }
            let rows = try await query.sort(\.$accessedAt, .descending).limit(25).all()
            // Audited, but not itself listed: the team reading the list must not push others' accesses out of it.
            try await AuditLog.append(
                AuditDraft(action: "child.accesses-viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                           details: ["rows": String(rows.count), "route": disclosure.route.description]),
                context: context, on: tx)
            return rows.map {
                AccessView(practitioner: $0.practitionerName, organisation: $0.organisationName, route: $0.route, what: $0.what, reason: $0.reason,
                           accessedAt: $0.accessedAt, when: DisplayTime.minute($0.accessedAt))
            }
        }
    }
}
