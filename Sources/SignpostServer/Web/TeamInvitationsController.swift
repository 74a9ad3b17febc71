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

    /// A refused reason (too long) shows the home page again, with the error under the reason box and
    /// what was typed still in it. The reason itself is never logged.
    func answer(_ request: Request, accept: Bool) async throws -> Response {
        let form = try request.content.decode(AnswerForm.self)
        let invitationID = try request.idParameter("invitationID")
        do {
            let answered = try await TeamInvitationService(context: request.serviceContext).answer(
                invitationID: invitationID, accept: accept, reason: form.reason,
                by: try request.signedInPractitioner())
            return accept
                ? request.redirect(to: SiteURL.child(answered.childID, notice: .joinedTeam))
                : request.redirect(to: SiteURL.homeWithNotice(.invitationDeclined))
        } catch let error as ServiceError where error.kind == .invalid && !accept {
            let refused = DashboardPage.RefusedDecline(
                invitationID: invitationID, reason: form.reason ?? "", errors: error.fieldErrors)
            return try await HomeController.showDashboard(request, refused: refused)
        }
    }
}
