import Fluent
import Foundation
import SignpostCore

/// The closing question page, read as one use case: the episode (audited as viewed) and the
/// authorities a child can move to, for the receiving-authority list.
extension EpisodeService {
    struct AuthorityChoice: Sendable, Codable {
        var code: String
        var name: String
    }

    struct ClosureContent: Sendable {
        var episode: EpisodeView
        var authorities: [AuthorityChoice]
    }

    func closureContent(episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> ClosureContent {
        try await context.auditedTransaction { context, tx in
            let episode = try await EpisodeService(context: context).view(episodeID: episodeID, by: actor)
            if !episode.may.close {
                // The question pages are for those who may close: refused (and audited) before any answer.
                _ = try await EpisodeService.authorise(
                    episodeID, .close, audit: "episode.closed", by: actor, context: context, on: tx)
            }
            let authorities = try await AuthorityModel.query(on: tx).sort(\.$name).all()
                .map { AuthorityChoice(code: $0.onsCode, name: $0.name) }
            return ClosureContent(episode: episode, authorities: authorities)
        }
    }
}
