import Fluent
import Foundation
import SignpostCore

/// Answering an invitation, and the lists of invitations: the child's (for its team page) and the
/// actor's own open ones (for their home page).
extension TeamInvitationService {
    /// The longest reason an answer may give (trimmed): a line or two for the person who invited.
    static let maximumAnswerReasonLength = 500

    /// The optional reason an answer gives, trimmed; nil when blank. Longer than 500 characters is refused
    /// with a field error. The reason is stored on the invitation and told to the inviter, never logged.
    static func answerReason(_ reason: String?) throws -> String? {
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard why.count <= maximumAnswerReasonLength else {
            throw ServiceError.validation([
                .init(
                    field: "reason",
                    message: "The reason must be \(maximumAnswerReasonLength) characters or fewer. "
                        + "It has \(why.count).")
            ])
        }
        return why.isEmpty ? nil : why
    }

    /// The practitioner invited accepts (joining the child's team; once they record their involvement,
    /// the lead adds them to the plan) or declines, once. Someone else's invitation answers as if it did not exist.
    func answer(
        invitationID: UUID, accept: Bool, reason: String?, by actor: AuthenticatedPractitioner
    ) async throws -> InvitationView {
        let action = accept ? "team.invitation-accepted" : "team.invitation-declined"
        let why = try Self.answerReason(reason)
        return try await context.auditedTransaction { context, tx in
            guard let invitation = try await TeamInvitationModel.find(invitationID, on: tx),
                invitation.practitionerID == actor.id,
                let loaded = try await ChildFactsLoader.load(invitation.childID, on: tx)
            else {
                try await Refusal.asMissing(
                    action, type: "team-invitation", id: invitationID, by: actor, context: context, on: tx)
            }
            let status = TeamInvitationStatus(rawValue: invitation.status)
            guard let answered = status?.answered(accept: accept) else {
                let was = status?.displayName.lowercased() ?? invitation.status
                throw ServiceError.conflict("You answered this invitation already: \(was).")
            }
            if answered == .accepted {
                try await Self.requireStillOpen(invitation, loaded: loaded, action: action, by: actor, context, tx)
            }
            invitation.status = answered.rawValue
            invitation.answeredAt = context.now
            invitation.answerReason = why
            try await invitation.save(on: tx)
            if answered == .accepted {
                try await TeamService.admit(
                    actor.id, to: loaded, basis: "invited", by: nil, admittedBy: invitation.invitedBy, context: context,
                    on: tx)
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

    /// Accepting is decided again on the day: the invitation has not lapsed, and the person who sent it
    /// may still invite to this child's team (`Policy.decide(.inviteToTeam)` for them, now). A refusal
    /// is audited and kept.
    private static func requireStillOpen(
        _ invitation: TeamInvitationModel, loaded: LoadedChild, action: String, by actor: AuthenticatedPractitioner,
        _ context: ServiceContext, _ tx: any Database
    ) async throws {
        guard TeamInvitationStatus.isOpen(invitedAt: invitation.invitedAt, now: context.now) else {
            throw ServiceError.conflict(
                "This invitation lapsed after \(TeamInvitationStatus.openForDays) days. Ask to join the team instead.")
        }
        let inviter = try await PractitionerModel.query(on: tx).filter(\.$id == invitation.invitedBy)
            .filter(\.$status == AccountStatus.active.rawValue).with(\.$organisation) { $0.with(\.$authority) }
            .first()
        let stillMay = inviter.map { person in
            Policy.decide(
                ChildFactsLoader.actor(of: person), .inviteToTeam, child: loaded.facts,
                context: AccessContext(today: CalendarDate(context.now))
            ).isAllowed
        }
        guard stillMay == true else {
            try await AuditLog.append(
                AuditDraft(
                    action: action, actor: actor, subjectType: "child", subjectID: loaded.id.uuidString,
                    outcome: .refused, details: ["invitation": invitation.id!.uuidString, "why": "inviter may not"]),
                context: context, on: tx)
            throw Refusal.forbidden(
                "The person who invited you can no longer add people to this team. Ask to join the team instead.")
        }
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
            let open = try await TeamInvitationModel.query(on: tx).filter(\.$practitionerID == actor.id)
                .filter(\.$status == TeamInvitationStatus.invited.rawValue).sort(\.$invitedAt).all()
                .filter { TeamInvitationStatus.isOpen(invitedAt: $0.invitedAt, now: context.now) }
            guard !open.isEmpty else { return [] }
            // A record merged into another since is not offered: its invitation would answer as missing.
            let children = try await ChildModel.query(on: tx).filter(\.$id ~~ open.map(\.childID))
                .filter(\.$mergedIntoID == nil).all()
            let names = Dictionary(uniqueKeysWithValues: children.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
            let rows = open.filter { names[$0.childID] != nil }
            guard !rows.isEmpty else { return [] }
            let inviters = try await Self.people(rows.map(\.invitedBy), on: tx)
            // The names of children outside the viewer's teams are shown: which ones is recorded.
            try await AuditLog.append(
                AuditDraft(
                    action: "team.invitations-viewed", actor: actor, subjectType: "team-invitations",
                    details: [
                        "count": String(rows.count),
                        "children": rows.map(\.childID.uuidString).joined(separator: ","),
                    ]),
                context: context, on: tx)
            return rows.map { row in
                Self.view(
                    row, childName: names[row.childID]!, person: nil, inviter: inviters[row.invitedBy]?.name ?? "")
            }
        }
    }

    private static func people(_ ids: [UUID], on tx: any Database) async throws -> [UUID: PractitionerModel] {
        let rows = try await PractitionerModel.query(on: tx).filter(\.$id ~~ Array(Set(ids))).with(\.$organisation)
            .all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0) })
    }
}
