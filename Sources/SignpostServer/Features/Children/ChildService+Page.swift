import Fluent
import Foundation
import SignpostCore

/// The child page as one use case: the signpost or record, the access history and the early-help
/// episodes, in one transaction with one audit event (`child.viewed`). The access history and the
/// episode list are parts of that read, shown only as the disclosure allows; their own API
/// endpoints audit them separately. The printable summary reads the same content under its own event.
extension ChildService {
    struct PageContent: Sendable {
        var child: SignpostView
        var accesses: [AccessHistoryService.AccessView]
        var episodes: [EpisodeService.EpisodeSummary]
        /// The viewer may print the one-page summary (`Policy`'s `.printSummary`: team members).
        var offersSummary: Bool
        /// The picture of contact, for those who may read the shared record (the team and the data
        /// managers, `Policy`'s `.viewSharedRecord`); nil for everyone else.
        var contactPicture: AgencyContactService.PictureView? = nil
    }

    func page(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> PageContent {
        try await context.auditedTransaction { context, tx in
            try await Self.pageContent(childID, audit: "child.viewed", by: actor, context: context, on: tx)
        }
    }

    /// The child page's content, read and audited as `action` in the caller's transaction: the one read
    /// path of the child page and its printable summary, so the same disclosure decides both.
    static func pageContent(
        _ childID: UUID, audit action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> PageContent {
        let (loaded, access, child) = try await read(childID, audit: action, by: actor, context: context, on: tx)
        let disclosure = Policy.disclose(loaded.facts, to: actor.actor, context: access)
        let accesses =
            disclosure.may(.viewAccesses)
            ? try await AccessHistoryService.rows(childID: childID, disclosure: disclosure, for: actor, on: tx) : []
        // Early-help episodes: for those who see the record (the policy decides per episode).
        let episodes =
            disclosure.showsRecord
            ? try await EpisodeService.summaries(of: loaded, for: actor, now: context.now, on: tx) : []
        let picture =
            disclosure.may(.viewSharedRecord)
            ? try await AgencyContactService.picture(for: loaded, access: access, actor: actor, on: tx) : nil
        return PageContent(
            child: child, accesses: accesses, episodes: episodes, offersSummary: disclosure.may(.printSummary),
            contactPicture: picture)
    }
}
