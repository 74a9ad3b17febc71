import Fluent
import Foundation
import SignpostCore

/// Answering an invitation, and the lists of invitations: the child's (for its team page) and the
/// actor's own open ones (for their home page).
extension TeamInvitationService {
    /// The practitioner invited accepts (joining the team, and the episode's team if it was sent from
    /// one) or declines, once. Someone else's invitation answers as if it did not exist.
    func answer(
        invitationID: UUID, accept: Bool, reason: String?, by actor: AuthenticatedPractitioner
    ) async throws -> InvitationView {
        let action = accept ? "team.invitation-accepted" : "team.invitation-declined"
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let why, why.count > TeamService.maximumReasonLength {
            throw ServiceError.validation([
                .init(field: "reason", message: "Keep this to \(TeamService.maximumReasonLength) characters or fewer.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            guard let invitation = try await TeamInvitationModel.find(invitationID, on: tx),
                invitation.practitionerID == actor.id,
                let loaded = try await ChildFactsLoader.load(invitation.childID, on: tx)
            else {
                try await Refusal.asMissing(
                    action, type: "team-invitation", id: invitationID, by: actor, context: context, on: tx)
            }
            guard
                let answered = TeamInvitationStatus(rawValue: invitation.status)?.answered(accept: accept)
            else {
                throw ServiceError.conflict(
                    "You answered this invitation already: \(invitation.status).")
            }
            invitation.status = answered.rawValue
            invitation.answeredAt = context.now
            invitation.answerReason = why?.isEmpty == false ? why : nil
            try await invitation.save(on: tx)
            if answered == .accepted {
                try await TeamService.admit(actor.id, to: loaded, basis: "invited", by: nil, context: context, on: tx)
                try await Self.joinEpisode(invitation, actor: actor, context: context, on: tx)
            }
            let childName = "\(loaded.child.givenName) \(loaded.child.familyName)"
            try await Notifications.notify(
                practitioner: invitation.invitedBy, childID: loaded.id, kind: action,
                message: accept
                    ? "\(actor.name) accepted your invitation to the team of \(childName)."
                    : "\(actor.name) declined your invitation to the team of \(childName)"
                        + (invitation.answerReason.map { ": \($0)" } ?? "."),
                context: context, on: tx)
            try await Self.audit(action, invitation, actor, context, tx)
            let inviter = try await PractitionerModel.find(invitation.invitedBy, on: tx)
            let me = try await PractitionerDirectory.invitable(actor.id, on: tx)
            return Self.view(invitation, childName: childName, person: me, inviter: inviter?.name ?? "")
        }
    }

    /// Sent from an episode's team page: the new member's own involvement joins that episode's team.
    private static func joinEpisode(
        _ invitation: TeamInvitationModel, actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws {
        guard let episodeID = invitation.episodeID,
            let involvement = try await InvolvementModel.query(on: tx).filter(\.$child.$id == invitation.childID)
                .filter(\.$practitioner.$id == actor.id).filter(\.$status == InvolvementStatus.active.rawValue)
                .first(),
            try await EpisodeMemberModel.query(on: tx).filter(\.$episodeID == episodeID)
                .filter(\.$involvementID == involvement.id!).first() == nil
        else { return }
        let member = EpisodeMemberModel()
        member.episodeID = episodeID
        member.involvementID = involvement.id!
        member.invitedBy = invitation.invitedBy
        member.invitedAt = invitation.invitedAt
        try await member.create(on: tx)
    }

    /// The invitations sent for one child, newest last, for its team page. The caller has authorised the
    /// reader (the episode's team page does, as a read of the episode) in the same transaction.
    static func listed(for childID: UUID, childName: String, on tx: any Database) async throws -> [InvitationView] {
        let rows = try await invitations(of: childID, on: tx)
        let people = try await people(rows.flatMap { [$0.practitionerID, $0.invitedBy] }, on: tx)
        return rows.map { row in
            view(
                row, childName: childName, person: people[row.practitionerID],
                inviter: people[row.invitedBy]?.name ?? "")
        }
    }

    /// The actor's open invitations, with the child's name only (they are not in its team yet).
    func open(for actor: AuthenticatedPractitioner) async throws -> [InvitationView] {
        try await context.auditedTransaction { context, tx in
            let rows = try await TeamInvitationModel.query(on: tx).filter(\.$practitionerID == actor.id)
                .filter(\.$status == TeamInvitationStatus.invited.rawValue).sort(\.$invitedAt).all()
            let children = try await ChildModel.query(on: tx).filter(\.$id ~~ rows.map(\.childID)).all()
            let names = Dictionary(uniqueKeysWithValues: children.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
            let people = try await Self.people(rows.map(\.invitedBy) + [actor.id], on: tx)
            if !rows.isEmpty {
                try await AuditLog.append(
                    AuditDraft(
                        action: "team.invitations-viewed", actor: actor, subjectType: "team-invitations",
                        details: ["count": String(rows.count)]),
                    context: context, on: tx)
            }
            return rows.map { row in
                Self.view(
                    row, childName: names[row.childID] ?? "a child", person: people[actor.id],
                    inviter: people[row.invitedBy]?.name ?? "")
            }
        }
    }

    private static func people(_ ids: [UUID], on tx: any Database) async throws -> [UUID: PractitionerModel] {
        let rows = try await PractitionerModel.query(on: tx).filter(\.$id ~~ Array(Set(ids))).with(\.$organisation)
            .all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0) })
    }
}
