import Fluent
import Foundation
import SignpostCore

/// What the administrators' accounts page shows, read as one use case: every account, the
/// organisations an account can belong to, and the role grants waiting for a second administrator.
extension AccountGovernanceService {
    struct OrganisationChoice: Sendable, Codable {
        var code: String
        var name: String
    }

    struct AccountsOverview: Sendable {
        var accounts: [AccountService.AccountSummary]
        var organisations: [OrganisationChoice]
        var grants: [GrantView]
        /// Today, for the vetting rules the page shows (an overdue DBS check).
        var today: CalendarDate
    }

    func overview(for admin: AuthenticatedPractitioner) async throws -> AccountsOverview {
        if case .deny(let reason) = Policy.decide(admin.actor, .manageAccounts) { throw ServiceError.forbidden(reason) }
        let organisations = try await OrganisationModel.query(on: context.db).sort(\.$name).all()
        return AccountsOverview(
            accounts: try await AccountService(context: context).list(),
            organisations: organisations.map { OrganisationChoice(code: $0.code, name: $0.name) },
            grants: try await pending(for: admin), today: CalendarDate(context.now))
    }
}
