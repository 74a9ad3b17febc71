import Fluent
import Foundation
import SignpostCore

/// The one-page summary a team member prints for a meeting: `Policy.decide(.printSummary)` first
/// (team members only, never on break-glass), then the child page's content on the child page's own
/// path (so the same disclosure decides what it shows), with the next review of each episode listed, in one transaction with its own audit event
/// (`child.summary-viewed`).
extension ChildService {
    struct SummaryContent: Sendable {
        var page: PageContent
        /// The next review (`YYYY-MM-DD`) of each listed episode that has one, by episode.
        var nextReviews: [UUID: String]
        /// When the summary was produced: the service's clock, printed on the page.
        var producedAt: Date
    }

    func summary(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> SummaryContent {
        try await context.auditedTransaction { context, tx in
            // Printing is its own decision (team members only), refused and audited before anything is read.
            _ = try await ChildGate.authorise(
                childID, .printSummary, audit: "child.summary-viewed", by: actor, context: context, on: tx)
            let page = try await Self.pageContent(
                childID, audit: "child.summary-viewed", by: actor, context: context, on: tx)
            // Only the episodes the policy listed for this viewer: their review date is what the
            // episode page shows the same viewer.
            let listed = page.episodes.map(\.id)
            let episodes = listed.isEmpty ? [] : try await EpisodeModel.query(on: tx).filter(\.$id ~~ listed).all()
            var reviews: [UUID: String] = [:]
            for episode in episodes {
                if let id = episode.id, let next = episode.nextReviewOn { reviews[id] = next }
            }
            return SummaryContent(page: page, nextReviews: reviews, producedAt: context.now)
        }
    }
}
