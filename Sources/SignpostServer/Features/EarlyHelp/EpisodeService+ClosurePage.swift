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
            let authorities = try await AuthorityModel.query(on: tx).sort(\.$name).all()
                .map { AuthorityChoice(code: $0.onsCode, name: $0.name) }
            return ClosureContent(episode: episode, authorities: authorities)
        }
    }
}
