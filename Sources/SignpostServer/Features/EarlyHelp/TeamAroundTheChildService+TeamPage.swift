import Fluent
import Foundation
import SignpostCore

/// The episode's team page, read in one transaction: the episode, the invitations sent for the child,
/// and, when the reader may invite and has typed a name, the people found to invite.
extension TeamAroundTheChildService {
    struct TeamPageContent: Sendable {
        var episode: EpisodeView
        var invitations: [TeamInvitationService.InvitationView]
        /// `Policy.decide(.inviteToTeam)` for the reader: the lead professional or a data manager.
        var mayInvite: Bool
        var candidates: [TeamInvitationService.Candidate]?
        /// What was wrong with the name typed to find someone (too short, say), shown on the page.
        var findError: String?
    }

    /// Invites anyone, found by name on the team page, to the child's team and, once they accept, to this
    /// episode's team. Who may invite is the policy's (`TeamInvitationService.invite`).
    func inviteToTeam(practitionerID: UUID, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> TeamInvitationService.InvitationView
    {
        try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .view, audit: "team.invited", by: actor, context: context, on: tx)
            return try await TeamInvitationService(context: context).invite(
                childID: loaded.child.id, episodeID: episodeID, practitionerID: practitionerID, by: actor)
        }
    }

    func teamPage(episodeID: UUID, find: String?, by actor: AuthenticatedPractitioner) async throws -> TeamPageContent {
        try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.read(episodeID, by: actor, context: context, on: tx)
            let episode = try await loaded.view(for: actor, now: context.now, on: tx)
            let access = AccessContext(today: CalendarDate(context.now))
            let mayInvite = Policy.decide(actor.actor, .inviteToTeam, child: loaded.child.facts, context: access)
                .isAllowed
            // Who was invited, and how they answered, is for those who invite (they may name services the
            // rest of the team may not see).
            let invitations =
                mayInvite
                ? try await TeamInvitationService.listed(for: episode.childID, childName: episode.childName, on: tx)
                : []
            var content = TeamPageContent(episode: episode, invitations: invitations, mayInvite: mayInvite)
            guard mayInvite, let find else { return content }
            do {
                content.candidates = try await TeamInvitationService.candidates(
                    for: loaded.child, named: find, by: actor, context: context, on: tx)
            } catch let error as ServiceError where error.kind == .invalid {
                content.findError = error.fieldErrors.first?.message ?? error.detail
            }
            return content
        }
    }
}
