import Fluent
import Foundation
import SignpostCore

/// Shielding by an authority's data manager: grounds, a review date, review and lifting. A merge or
/// a possible duplicate of a shielded child inherits the shield (`inherit`).
struct ShieldService {
    let context: ServiceContext

    struct ShieldInput: Codable, Sendable {
        var grounds: String
        var reviewOn: String
    }

    struct LiftInput: Codable, Sendable {
        var reason: String?
    }

    /// The shield in force, as its authority's data manager reviews it.
    struct CurrentShield: Codable, Sendable {
        var grounds: String
        var reviewOn: String
        var reviewOverdue: Bool
        var inherited: Bool
        var setAt: Date
        /// Who set it or last reviewed it, when the account still exists.
        var setBy: String?
    }

    struct OverdueReview: Codable, Sendable {
        var childID: UUID
        var name: String
        var reviewOn: String
    }

    /// Shields the child, or reviews an existing shield (new grounds and review date).
    func shield(_ input: ShieldInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> GovernanceView.Shield
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let grounds = input.grounds.trimmingCharacters(in: .whitespacesAndNewlines)
        if grounds.isEmpty {
            errors.append(
                .init(
                    field: "grounds",
                    message: "Enter the grounds for shielding: why the child is at increased risk if located."))
        }
        let typedReview = input.reviewOn.trimmingCharacters(in: .whitespaces)
        let reviewOn = CalendarDate(iso: typedReview)
        if typedReview.isEmpty {
            errors.append(.init(field: "reviewOn", message: "Enter a review date, after today and within a year."))
        } else if reviewOn == nil {
            errors.append(.init(field: "reviewOn", message: DateEntry.problem(in: typedReview, label: "Review date")))
        } else if !ShieldRules.isValidReviewDate(reviewOn!, today: today) {
            errors.append(.init(field: "reviewOn", message: "The review date must be after today and within a year."))
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
                AuditDraft(
                    action: action, actor: actor, subjectType: "child", subjectID: loaded.id.uuidString,
                    reason: grounds,
                    details: ["reviewOn": reviewOn.iso]),
                context: context, on: tx)
            return GovernanceView.Shield(
                grounds: grounds, reviewOn: reviewOn.iso, reviewOverdue: false, inherited: false)
        }
    }

    /// The child's shield in force, or nil, for the page that shields the child or reviews the shield.
    /// Only those the policy lets shield the child may read it (its grounds are theirs alone); audited.
    func current(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> CurrentShield? {
        let today = CalendarDate(context.now)
        return try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(
                childID, action: "child.shield-viewed", by: actor, context: context, on: tx)
            var current: CurrentShield?
            if let shield = loaded.shield {
                current = CurrentShield(
                    grounds: shield.grounds, reviewOn: shield.reviewOn,
                    reviewOverdue: ShieldRules.isReviewOverdue(reviewOn: shield.reviewOn, today: today),
                    inherited: shield.inheritedFrom != nil, setAt: shield.setAt,
                    setBy: try await PractitionerModel.find(shield.setBy, on: tx)?.name)
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "child.shield-viewed", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString,
                    details: ["shielded": String(current != nil)]),
                context: context, on: tx)
            return current
        }
    }

    func lift(childID: UUID, reason: String?, by actor: AuthenticatedPractitioner) async throws {
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !why.isEmpty else {
            throw ServiceError.validation([.init(field: "reason", message: "Say why the shield is no longer needed.")])
        }
        try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(
                childID, action: "child.shield-lifted", by: actor, context: context, on: tx)
            guard let shield = loaded.shield else { throw ServiceError.conflict("This child is not shielded.") }
            shield.liftedAt = context.now
            shield.liftedBy = actor.id
            shield.liftReason = why
            try await shield.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "child.shield-lifted", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString,
                    reason: why),
                context: context, on: tx)
        }
    }

    /// Shields whose review is overdue (`ShieldRules.isReviewOverdue`: the review day itself is not) in
    /// the data manager's authority.
    func overdueReviews(by actor: AuthenticatedPractitioner) async throws -> [OverdueReview] {
        guard Policy.decide(actor.actor, .manageInformationGovernance).isAllowed else { return [] }
        let today = CalendarDate(context.now)
        return try await context.db.transaction { tx in
            // Every current shield in the authority, then the one deadline rule in Swift: no second
            // statement of "overdue" in SQL.
            let shields = try await ShieldModel.query(on: tx)
                .filter(\.$liftedAt == nil)
                .join(ChildModel.self, on: \ShieldModel.$child.$id == \ChildModel.$id)
                .filter(ChildModel.self, \.$mergedIntoID == nil)
                .join(AuthorityModel.self, on: \ChildModel.$authority.$id == \AuthorityModel.$id)
                .filter(AuthorityModel.self, \.$onsCode == actor.authorityCode)
                .sort(\.$reviewOn)
                .all()
            let reviews = try shields.filter { ShieldRules.isReviewOverdue(reviewOn: $0.reviewOn, today: today) }.map {
                let child = try $0.joined(ChildModel.self)
                return OverdueReview(
                    childID: $0.$child.id, name: "\(child.givenName) \(child.familyName)", reviewOn: $0.reviewOn)
            }
            if !reviews.isEmpty {
                try await AuditLog.append(
                    AuditDraft(
                        action: "shield-reviews.viewed", actor: actor, subjectType: "children",
                        details: ["children": reviews.map(\.childID.uuidString).joined(separator: ",")]),
                    context: context, on: tx)
            }
            return reviews
        }
    }

    private func authorise(
        _ childID: UUID, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> LoadedChild {
        try await ChildGate.authorise(childID, .shield, audit: action, by: actor, context: context, on: tx).0
    }
}
