import Fluent
import Foundation

/// A practitioner admitted to a child's team: the grant that opens case content. Recording an
/// involvement never creates one.
final class TeamMembershipModel: Model, @unchecked Sendable {
    static let schema = "team_memberships"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "practitioner_id") var practitionerID: UUID
    /// `creator` (made the record), `admitted` (after a join request), `direct` (a data manager), `migrated`.
    @Field(key: "basis") var basis: String
    @Field(key: "admitted_by") var admittedBy: UUID?
    @Field(key: "admitted_at") var admittedAt: Date
    @Field(key: "ended_at") var endedAt: Date?

    init() {}

    init(childID: UUID, practitionerID: UUID, basis: String, admittedBy: UUID?, at date: Date) {
        self.childID = childID
        self.practitionerID = practitionerID
        self.basis = basis
        self.admittedBy = admittedBy
        self.admittedAt = date
    }
}

/// A practitioner's request to join a child's team, decided by the lead professional or a data manager.
final class JoinRequestModel: Model, @unchecked Sendable {
    static let schema = "join_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "practitioner_id") var practitionerID: UUID
    @Field(key: "reason") var reason: String
    /// `pending`, `admitted`, `declined`.
    @Field(key: "status") var status: String
    @Field(key: "requested_at") var requestedAt: Date
    @Field(key: "decided_by") var decidedBy: UUID?
    @Field(key: "decided_at") var decidedAt: Date?
    @Field(key: "decision_reason") var decisionReason: String?

    init() {}
}

/// Privileged roles asked for an account, waiting for a second administrator.
final class RoleGrantModel: Model, @unchecked Sendable {
    static let schema = "role_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "practitioner_id") var practitionerID: UUID
    /// Comma-separated, like `PractitionerModel.roles`.
    @Field(key: "roles") var roles: String
    @Field(key: "requested_by") var requestedBy: UUID
    @Field(key: "requested_at") var requestedAt: Date
    /// `pending`, `approved`, `declined`.
    @Field(key: "status") var status: String
    @Field(key: "decided_by") var decidedBy: UUID?
    @Field(key: "decided_at") var decidedAt: Date?

    init() {}
}

/// A one-time enrolment link: its owner sets a password and enrols an authenticator. Only the
/// SHA-256 of the token is stored.
final class EnrolmentLinkModel: Model, @unchecked Sendable {
    static let schema = "enrolment_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "practitioner_id") var practitionerID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Messages waiting for the mail relay, which reads and marks them sent.
final class OutboxMessageModel: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "sent_at") var sentAt: Date?

    init() {}
}

/// An invitation to join a child's team, from the lead professional or a data manager, answered by the
/// practitioner invited. `episode_id` records the episode page it was sent from.
final class TeamInvitationModel: Model, @unchecked Sendable {
    static let schema = "team_invitations"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @OptionalField(key: "episode_id") var episodeID: UUID?
    @Field(key: "practitioner_id") var practitionerID: UUID
    @Field(key: "invited_by") var invitedBy: UUID
    @Field(key: "invited_at") var invitedAt: Date
    /// `TeamInvitationStatus`: `invited`, `accepted`, `declined`.
    @Field(key: "status") var status: String
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answer_reason") var answerReason: String?

    init() {}
}
