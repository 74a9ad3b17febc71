import Fluent
import Foundation
import SignpostCore

/// Invitations to a child's team: the lead professional or a data manager of the child's authority
/// finds anyone by their name or their organisation's name and invites them; the practitioner invited
/// accepts (and becomes a member, as if admitted) or declines, once. Every step is audited and told to
/// the other side. Who may invite is `Policy.decide(.inviteToTeam)`; the answer's states are
/// `TeamInvitationStatus` in Core.
struct TeamInvitationService {
    let context: ServiceContext

    struct Candidate: Codable, Sendable {
        var practitionerID: UUID
        var name: String
        var jobTitle: String
        var organisation: String
        /// Already a member, or invited and not yet answered: shown, but not offered.
        var standing: String?
    }

    struct InvitationView: Codable, Sendable {
        var id: UUID
        var childID: UUID
        var childName: String
        var practitionerID: UUID
        var practitioner: String
        var organisation: String
        var status: String
        var statusName: String
        var invitedBy: String
        var invitedAt: Date
        var answerReason: String?
    }

    static let shortestSearch = 2
    static let longestSearch = 100
    static let mostCandidates = 20

    static func cleanSearch(_ text: String?) throws -> String {
        let name = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard name.count >= shortestSearch, name.count <= longestSearch else {
            throw ServiceError.validation([
                .init(
                    field: "find",
                    message: name.isEmpty
                        ? "Enter the name of a person or an organisation."
                        : "Enter between \(shortestSearch) and \(longestSearch) characters of a name.")
            ])
        }
        return name
    }

    /// People to invite whose name, or whose organisation's name, contains the words typed, each with
    /// their standing in the child's team. The caller has had the policy's yes to `.inviteToTeam`.
    static func candidates(
        for child: LoadedChild, named text: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> [Candidate] {
        let name = try cleanSearch(text)
        let open = try await invitations(of: child.id, on: tx).filter {
            $0.status == TeamInvitationStatus.invited.rawValue
        }
        let found = try await PractitionerDirectory.find(named: name, limit: mostCandidates, on: tx)
        try await AuditLog.append(
            AuditDraft(
                action: "team.invite-search", actor: actor, subjectType: "child", subjectID: child.id.uuidString,
                details: ["found": String(found.count)]),
            context: context, on: tx)
        return found.map { person in
            let id = person.id!
            let standing: String? =
                child.facts.members.contains(id.uuidString)
                ? "In the team" : open.contains { $0.practitionerID == id } ? "Invited" : nil
            return Candidate(
                practitionerID: id, name: person.name, jobTitle: person.jobTitle,
                organisation: person.organisation.name, standing: standing)
        }
    }

    /// Invites one practitioner. Inviting a member, or someone with an open invitation, says so.
    func invite(
        childID: UUID, episodeID: UUID?, practitionerID: UUID, by actor: AuthenticatedPractitioner
    ) async throws -> InvitationView {
        try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .inviteToTeam, audit: "team.invited", by: actor, context: context, on: tx)
            guard let person = try await PractitionerDirectory.invitable(practitionerID, on: tx) else {
                throw ServiceError.validation([.init(field: "find", message: "Choose a practitioner from the list.")])
            }
            if loaded.facts.members.contains(practitionerID.uuidString) {
                let who = practitionerID == actor.id ? "You are" : "\(person.name) is"
                throw ServiceError.conflict("\(who) in this child's team already.")
            }
            // A data manager does not let themselves in by invitation: admitting directly asks for a reason.
            guard practitionerID != actor.id else {
                throw ServiceError.conflict(
                    "You cannot invite yourself. A data manager joins a team by admitting directly, with a reason.")
            }
            let existing = try await Self.invitations(of: childID, on: tx)
            if existing.contains(where: {
                $0.practitionerID == practitionerID && $0.status == TeamInvitationStatus.invited.rawValue
            }) {
                throw ServiceError.conflict("\(person.name) has been invited already and has not answered yet.")
            }
            let invitation = TeamInvitationModel()
            invitation.childID = childID
            invitation.episodeID = episodeID
            invitation.practitionerID = practitionerID
            invitation.invitedBy = actor.id
            invitation.invitedAt = context.now
            invitation.status = TeamInvitationStatus.invited.rawValue
            try await invitation.create(on: tx)
            let childName = "\(loaded.child.givenName) \(loaded.child.familyName)"
            try await Notifications.notify(
                practitioner: practitionerID, childID: childID, kind: "team.invited",
                message:
                    "\(actor.name) invited you to join the team of \(childName). Accept or decline on your home page.",
                context: context, on: tx)
            try await Self.audit("team.invited", invitation, actor, context, tx)
            return Self.view(invitation, childName: childName, person: person, inviter: actor.name)
        }
    }

    static func audit(
        _ action: String, _ invitation: TeamInvitationModel, _ actor: AuthenticatedPractitioner,
        _ context: ServiceContext, _ tx: any Database
    ) async throws {
        try await AuditLog.append(
            AuditDraft(
                // The answer's reason stays on the invitation: the audit records that it was answered.
                action: action, actor: actor, subjectType: "child", subjectID: invitation.childID.uuidString,
                details: [
                    "invitation": invitation.id!.uuidString, "practitioner": invitation.practitionerID.uuidString,
                ]),
            context: context, on: tx)
    }

    static func invitations(of childID: UUID, on tx: any Database) async throws -> [TeamInvitationModel] {
        try await TeamInvitationModel.query(on: tx).filter(\.$childID == childID).sort(\.$invitedAt).all()
    }

    static func view(
        _ invitation: TeamInvitationModel, childName: String, person: PractitionerModel?, inviter: String
    ) -> InvitationView {
        let status = TeamInvitationStatus(rawValue: invitation.status)
        return InvitationView(
            id: invitation.id!, childID: invitation.childID, childName: childName,
            practitionerID: invitation.practitionerID, practitioner: person?.name ?? "A practitioner",
            organisation: person?.$organisation.value?.name ?? "", status: invitation.status,
            statusName: status?.displayName ?? invitation.status, invitedBy: inviter, invitedAt: invitation.invitedAt,
            answerReason: invitation.answerReason)
    }
}
