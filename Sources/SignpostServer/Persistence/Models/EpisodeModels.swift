import Fluent
import Foundation

/// An authority's data key for field encryption, stored only wrapped by the master key. Deleting the
/// row makes the authority's encrypted text unrecoverable (crypto-shredding).
final class AuthorityKeyModel: Model, @unchecked Sendable {
    static let schema = "authority_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "authority_code") var authorityCode: String
    @Field(key: "wrapped_key") var wrappedKey: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One early-help episode: checklist, consent statement, assessment, Team Around the Child, closure.
/// Free text lives only in the `*_sealed` columns, encrypted with the authority's data key.
final class EpisodeModel: Model, @unchecked Sendable {
    static let schema = "episodes"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "authority_code") var authorityCode: String
    @Field(key: "assessor_id") var assessorID: UUID
    @Field(key: "assessor_involvement_id") var assessorInvolvementID: UUID
    /// `ChecklistRoute` raw value.
    @Field(key: "route") var route: String
    /// JSON of `ChecklistAnswers` (yes/no answers only).
    @Field(key: "checklist") var checklist: String
    /// `consent`, `draft`, `completed` or `closed`.
    @Field(key: "status") var status: String
    @OptionalField(key: "consent_id") var consentID: UUID?
    @Field(key: "consent_declined") var consentDeclined: Bool
    /// Encrypted JSON of `AssessmentContent`, plus the safeguarding reasons when routed that way.
    @Field(key: "content_sealed") var contentSealed: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "next_review_on") var nextReviewOn: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closure_reason") var closureReason: String?
    @OptionalField(key: "closure_sealed") var closureSealed: String?
    @Field(key: "shared_on_transfer") var sharedOnTransfer: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A member of the Team Around the Child: one of the child's involvements, invited to the episode.
final class EpisodeMemberModel: Model, @unchecked Sendable {
    static let schema = "episode_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "episode_id") var episodeID: UUID
    @Field(key: "involvement_id") var involvementID: UUID
    @Field(key: "invited_by") var invitedBy: UUID
    @Field(key: "invited_at") var invitedAt: Date

    init() {}
}

/// A TAC meeting, action or review. Dates and status in the clear; free text sealed.
final class EpisodeEntryModel: Model, @unchecked Sendable {
    static let schema = "episode_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "episode_id") var episodeID: UUID
    /// `meeting`, `action` or `review`.
    @Field(key: "kind") var kind: String
    /// Meeting or review date; an action's due date.
    @Field(key: "on_date") var onDate: String
    /// A review's next review date.
    @OptionalField(key: "next_on") var nextOn: String?
    /// An action's owner (a team member's practitioner id) and status.
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "status") var status: String?
    @Field(key: "sealed") var sealed: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}
