import Fluent
import Foundation

/// One entry of a child's chronology. Append-only: no code path updates or deletes an entry (the
/// database refuses an UPDATE too); a correction is a new entry whose `correctsID` names the original.
/// Entries stay on the record they were written for; a merged record's entries are read with the
/// survivor's.
final class ChronologyEntryModel: Model, @unchecked Sendable {
    static let schema = "chronology_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    /// `YYYY-MM-DD`: the day it happened.
    @Field(key: "occurred_on") var occurredOn: String
    /// `HH:mm`, or empty where the time is not known (empty, not NULL, so that both databases sort
    /// an unknown time the same way: before any time of that day).
    @Field(key: "occurred_time") var occurredTime: String
    @Field(key: "recorded_at") var recordedAt: Date
    /// The practitioner who wrote it, or whose action the system recorded.
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "organisation_code") var organisationCode: String
    /// Written by a sensitive service: seen by that service and the data managers only.
    @Field(key: "sensitive") var sensitive: Bool
    @Field(key: "category") var category: String
    @Field(key: "significance") var significance: String
    /// Sealed with the data key of `keyAuthority`, bound to the entry's id.
    @Field(key: "summary_sealed") var summarySealed: String
    @Field(key: "key_authority") var keyAuthority: String
    /// `practitioner` or `system`.
    @Field(key: "source") var source: String
    @OptionalField(key: "corrects_id") var correctsID: UUID?

    init() {}
}

/// One word of a chronology entry, as a blind index token (`FieldCipher.blindIndex`): free-text search
/// looks these up instead of decrypting every entry. Written with the entry, never changed.
final class ChronologyTermModel: Model, @unchecked Sendable {
    static let schema = "chronology_terms"

    @ID(key: .id) var id: UUID?
    @Field(key: "entry_id") var entryID: UUID
    @Field(key: "child_id") var childID: UUID
    @Field(key: "token") var token: String

    init() {}

    init(entryID: UUID, childID: UUID, token: String) {
        self.id = UUID()
        self.entryID = entryID
        self.childID = childID
        self.token = token
    }
}

/// One contact an agency had (or tried to have) with a child. Append-only, like the chronology; a feed
/// or an import sends its own `senderReference`, which makes a repeated send change nothing.
final class AgencyContactModel: Model, @unchecked Sendable {
    static let schema = "agency_contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "organisation_code") var organisationCode: String
    @Field(key: "sensitive") var sensitive: Bool
    /// The practitioner who recorded it; nil for a feed or an import.
    @OptionalField(key: "author_id") var authorID: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "outcome") var outcome: String
    @Field(key: "child_seen") var childSeen: Bool
    @OptionalField(key: "seen_alone") var seenAlone: Bool?
    @OptionalField(key: "note_sealed") var noteSealed: String?
    @Field(key: "key_authority") var keyAuthority: String
    @OptionalField(key: "sessions_possible") var sessionsPossible: Int?
    @OptionalField(key: "sessions_attended") var sessionsAttended: Int?
    @OptionalField(key: "sender_reference") var senderReference: String?
    /// `practitioner`, `feed` (the API, by a sender's reference) or `import` (the CSV import).
    @Field(key: "source") var source: String

    init() {}
}

/// How often the team agreed the child should be seen: the newest row is the one in force.
final class ContactFrequencyModel: Model, @unchecked Sendable {
    static let schema = "contact_frequencies"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "every_days") var everyDays: Int
    @Field(key: "set_by") var setBy: UUID
    @Field(key: "set_at") var setAt: Date

    init() {}
}

/// A thread of the child's forum. Its title is sealed like every text of the shared record.
final class ForumThreadModel: Model, @unchecked Sendable {
    static let schema = "forum_threads"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "title_sealed") var titleSealed: String
    @Field(key: "key_authority") var keyAuthority: String
    @Field(key: "started_by") var startedBy: UUID
    @Field(key: "organisation_code") var organisationCode: String
    @Field(key: "anonymous") var anonymous: Bool
    @Field(key: "started_at") var startedAt: Date

    init() {}
}

/// One post: immutable; a correction is a reply.
final class ForumPostModel: Model, @unchecked Sendable {
    static let schema = "forum_posts"

    @ID(key: .id) var id: UUID?
    @Field(key: "thread_id") var threadID: UUID
    @Field(key: "child_id") var childID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "body_sealed") var bodySealed: String
    @Field(key: "key_authority") var keyAuthority: String
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "organisation_code") var organisationCode: String
    /// A sensitive service posting as "another service".
    @Field(key: "anonymous") var anonymous: Bool
    @Field(key: "raises_attention") var raisesAttention: Bool
    @Field(key: "posted_at") var postedAt: Date

    init() {}
}

/// The lead professional's (or a data manager's) acknowledgement of a concern raised for attention.
final class AttentionAcknowledgementModel: Model, @unchecked Sendable {
    static let schema = "attention_acknowledgements"

    @ID(key: .id) var id: UUID?
    @Field(key: "post_id") var postID: UUID
    @Field(key: "child_id") var childID: UUID
    @Field(key: "acknowledged_by") var acknowledgedBy: UUID
    @Field(key: "acknowledged_at") var acknowledgedAt: Date
    @Field(key: "note_sealed") var noteSealed: String
    @Field(key: "key_authority") var keyAuthority: String

    init() {}
}
