import Foundation
import SignpostCore

/// What the information-governance page shows, read as one use case in one transaction: the overdue
/// shield reviews (audited when there are any) and the open brokered-contact requests.
extension BrokeredContactService {
    struct GovernanceOverview: Sendable {
        var overdue: [ShieldService.OverdueReview]
        var requests: [OpenRequest]
    }

    func governanceOverview(by actor: AuthenticatedPractitioner) async throws -> GovernanceOverview {
        try await context.auditedTransaction { context, _ in
            let overdue = try await ShieldService(context: context).overdueReviews(by: actor)
            let requests = try await BrokeredContactService(context: context).openRequests(by: actor)
            return GovernanceOverview(overdue: overdue, requests: requests)
        }
    }
}
