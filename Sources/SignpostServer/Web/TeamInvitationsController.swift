import SignpostCore
import Vapor

/// Answering an invitation to a child's team from the home page: accepting opens the child's page
/// (the practitioner is in its team now); declining, with an optional reason, returns home.
struct TeamInvitationsController {
    struct AnswerForm: Content {
        var reason: String?
    }

    func addRoutes(to signedIn: any RoutesBuilder) {
        let invitation = signedIn.grouped("team", "invitations", ":invitationID")
        invitation.post("accept") { request in try await self.answer(request, accept: true) }
        invitation.post("decline") { request in try await self.answer(request, accept: false) }
    }

    func answer(_ request: Request, accept: Bool) async throws -> Response {
        let form = try request.content.decode(AnswerForm.self)
        let answered = try await TeamInvitationService(context: request.serviceContext).answer(
            invitationID: try request.idParameter("invitationID"), accept: accept, reason: form.reason,
            by: try request.signedInPractitioner())
        return accept
            ? request.redirect(to: SiteURL.child(answered.childID, notice: .joinedTeam))
            : request.redirect(to: SiteURL.homeWithNotice(.invitationDeclined))
    }
}
