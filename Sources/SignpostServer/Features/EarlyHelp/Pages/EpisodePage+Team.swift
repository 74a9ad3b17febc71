import Foundation
import SignpostCore

/// The team page's own parts: the invitations sent (invited, accepted, declined) and, for the lead
/// professional or a data manager, finding anyone by name to invite.
extension EpisodePage {
    struct TeamSection: Encodable {
        var mayInvite: Bool
        var invitations: [InvitationRow]
        var hasInvitations: Bool
        /// What was typed to find someone, kept in the box.
        var find: String
        var searched: Bool
        var findError: String?
        var candidates: [CandidateRow]
        var hasCandidates: Bool
        var inviteAction: String
    }

    struct InvitationRow: Encodable {
        var who: String
        var invitedBy: String
        var when: String
        var statusName: String
        var tagClass: String
        var answerReason: String?
    }

    struct CandidateRow: Encodable {
        var practitionerID: UUID
        var name: String
        var role: String
        var standing: String?
    }

    static func tagClass(_ status: String) -> String {
        switch TeamInvitationStatus(rawValue: status) {
        case .invited: "govuk-tag--blue"
        case .accepted: "govuk-tag--green"
        case .declined, nil: "govuk-tag--grey"
        }
    }

    static func teamSection(
        _ content: TeamAroundTheChildService.TeamPageContent, find: String?
    ) -> TeamSection {
        let candidates = (content.candidates ?? []).map { person in
            CandidateRow(
                practitionerID: person.practitionerID, name: person.name,
                role: [person.jobTitle, person.organisation].filter { !$0.isEmpty }.joined(separator: ", "),
                standing: person.standing)
        }
        let invitations = content.invitations.map { invitation in
            InvitationRow(
                who: invitation.organisation.isEmpty
                    ? invitation.practitioner : "\(invitation.practitioner), \(invitation.organisation)",
                invitedBy: invitation.invitedBy, when: DisplayTime.minute(invitation.invitedAt),
                statusName: invitation.statusName, tagClass: tagClass(invitation.status),
                answerReason: invitation.answerReason)
        }
        return TeamSection(
            mayInvite: content.mayInvite, invitations: invitations, hasInvitations: !invitations.isEmpty,
            find: find ?? "", searched: content.candidates != nil, findError: content.findError,
            candidates: candidates, hasCandidates: !candidates.isEmpty,
            inviteAction: SiteURL.assessmentWork(content.episode.id, .team).path + "/invitations")
    }
}
