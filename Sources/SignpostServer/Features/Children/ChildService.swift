import Fluent
import Foundation
import SignpostCore

/// Creating, viewing and signposting children. Every decision about who sees what is made by
/// `Policy` in SignpostCore; every read and change is audited in the same transaction.
struct ChildService {
    let context: ServiceContext

    // MARK: Creating

    enum CreateOutcome: Sendable {
        case created(UUID)
        /// Possible existing records; nothing was created. Submit again with `confirm` to create anyway.
        case possibleDuplicates([SearchResult])
    }

    /// Adds a child. Unless `confirm` is set, the index is first searched for the same child under the
    /// search rules (a stated reason, the rate limit, the policy on every hit, audited as a search); any
    /// hits are returned instead of creating, so the practitioner can record their involvement with the
    /// existing child rather than make a duplicate.
    func create(
        _ input: ChildInput, confirm: Bool, reason: SearchReason? = nil, by actor: AuthenticatedPractitioner,
        limiter: SearchRateLimiter, sourceKey: String? = nil
    ) async throws -> CreateOutcome {
        if case .deny(let why) = Policy.decide(actor.actor, .addChild) { throw ServiceError.forbidden(why) }
        let cleaned = try ChildValidation.validate(input, today: CalendarDate(context.now))
        let organisation = try await OrganisationModel.find(actor.organisationID, on: context.db)
        guard let organisation else { throw ServiceError.forbidden("Your organisation is not recorded.") }
        let authorityID = organisation.$authority.id

        // A record with too little detail to search on (a name alone) cannot be checked: it is created.
        let searchable =
            cleaned.nhsNumber != nil || cleaned.upn != nil || cleaned.dateOfBirth != nil || cleaned.postcode != nil
        if !confirm && searchable {
            guard let reason, !reason.code.isEmpty else {
                throw ServiceError.validation([
                    .init(
                        field: "reason",
                        message: "Choose why you are checking the index for this child, as for a search.")
                ])
            }
            let request = SearchRequest(
                reason: reason.code, reasonText: reason.text,
                criteria: SearchCriteria(
                    givenName: cleaned.givenName, familyName: cleaned.familyName, dateOfBirth: cleaned.dateOfBirth,
                    postcode: cleaned.postcode, nhsNumber: cleaned.nhsNumber, upn: cleaned.upn))
            let gender = cleaned.gender ?? ""
            let addressLine = cleaned.addressLine ?? ""
            let found = try await context.auditedTransaction { context, _ in
                try await SearchService(context: context).run(
                    request, purpose: .duplicateCheck,
                    refine: { query in
                        query.sex = MatchRecord.Sex(loose: gender)
                        query.addressLine = addressLine
                    },
                    by: actor, limiter: limiter
                ).results
            }
            if !found.isEmpty { return .possibleDuplicates(found) }
        }

        let childID = try await context.db.transaction { tx in
            try await Self.insert(
                cleaned, authorityID: authorityID, by: actor, sourceKey: sourceKey, confirmedDespiteMatches: confirm,
                context: context, on: tx)
        }
        return .created(childID)
    }
}
