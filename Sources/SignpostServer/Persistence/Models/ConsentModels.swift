import Fluent
import Foundation

/// A consent record: who gave it, what it covers, how and when it was recorded, until when, and its
/// withdrawal. Never deleted; withdrawal and expiry are facts the policy reads on every request.
final class ConsentModel: Model, @unchecked Sendable {
    static let schema = "consents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    /// `child` (a competent child) or `parent` (a person with parental responsibility).
    @Field(key: "given_by") var givenBy: String
    @Field(key: "giver_name") var giverName: String
    /// Why the child was judged competent to consent (required when the child gave it).
    @OptionalField(key: "competence_judgement") var competenceJudgement: String?
    /// Comma-separated `SharingPurpose` raw values.
    @Field(key: "purposes") var purposes: String
    /// Comma-separated organisation codes, for `share-with-organisations`.
    @Field(key: "organisations") var organisations: String
    /// `written`, `verbal` or `electronic`.
    @Field(key: "method") var method: String
    @Field(key: "given_on") var givenOn: String
    @OptionalField(key: "expires_on") var expiresOn: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by") var withdrawnBy: UUID?
    @OptionalField(key: "withdrawal_note") var withdrawalNote: String?

    init() {}
}

/// A sharing decision with its lawful basis, recorded separately from consent. The newest decision
/// for a purpose is the one in force.
final class SharingDecisionModel: Model, @unchecked Sendable {
    static let schema = "sharing_decisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    /// A `SharingPurpose` raw value.
    @Field(key: "purpose") var purpose: String
    /// A `LawfulBasis` raw value.
    @Field(key: "basis") var basis: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "decided_by") var decidedBy: UUID
    @Field(key: "decided_at") var decidedAt: Date
    /// Set when a newer decision for the same purpose replaced this one.
    @OptionalField(key: "superseded_at") var supersededAt: Date?

    init() {}
}

/// A data manager's shield on a child at increased risk if located. Lifting keeps the row.
final class ShieldModel: Model, @unchecked Sendable {
    static let schema = "shields"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    @Field(key: "grounds") var grounds: String
    @Field(key: "review_on") var reviewOn: String
    @Field(key: "set_by") var setBy: UUID
    @Field(key: "set_at") var setAt: Date
    /// Set when the shield came from a merged or duplicate record rather than a decision on this one.
    @OptionalField(key: "inherited_from") var inheritedFrom: UUID?
    @OptionalField(key: "lifted_at") var liftedAt: Date?
    @OptionalField(key: "lifted_by") var liftedBy: UUID?
    @OptionalField(key: "lift_reason") var liftReason: String?

    init() {}
}

/// Break-glass: one practitioner, one child, one session (or API token).
final class BreakGlassModel: Model, @unchecked Sendable {
    static let schema = "break_glass_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "practitioner_id") var practitionerID: UUID
    @Field(key: "child_id") var childID: UUID
    @Field(key: "scope_id") var scopeID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "granted_at") var grantedAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// One access to a child, for the team's "last 25 accesses" and the anomaly rules. The audit log
/// holds the same fact; this projection keeps those reads cheap.
final class ChildAccessModel: Model, @unchecked Sendable {
    static let schema = "child_accesses"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "practitioner_id") var practitionerID: UUID
    @Field(key: "practitioner_name") var practitionerName: String
    @Field(key: "organisation_name") var organisationName: String
    /// The accessing organisation is a sensitive service: its accesses are shown only to that
    /// organisation and the authority's data managers, like its involvements.
    @Field(key: "sensitive_service") var sensitiveService: Bool
    @Field(key: "organisation_code") var organisationCode: String
    /// `AccessRoute` description: team, data-manager, break-glass, search:<basis>.
    @Field(key: "route") var route: String
    @Field(key: "what") var what: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "out_of_area") var outOfArea: Bool
    @Field(key: "shielded") var shielded: Bool
    @Field(key: "accessed_at") var accessedAt: Date

    init() {}
}

/// Flag-and-notify and other messages for a practitioner, or for every data manager of an authority.
final class NotificationModel: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "recipient_id") var recipientID: UUID?
    @OptionalField(key: "recipient_authority") var recipientAuthority: String?
    @OptionalField(key: "child_id") var childID: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "message") var message: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

/// An anomaly for auditors. Acknowledged with a note; the acknowledgement is audited too.
final class AlertModel: Model, @unchecked Sendable {
    static let schema = "alerts"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "practitioner_id") var practitionerID: UUID
    @OptionalField(key: "child_id") var childID: UUID?
    @Field(key: "authority") var authority: String
    @Field(key: "detail") var detail: String
    /// `kind:practitioner:day`, so a threshold crossed once raises one alert a day, not one per request.
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "raised_at") var raisedAt: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledgement_note") var acknowledgementNote: String?

    init() {}
}

/// A practitioner's request for contact with a hidden service (sensitive or shielded), brokered by
/// the authority's data manager, who passes it on without saying to whom.
final class BrokeredContactModel: Model, @unchecked Sendable {
    static let schema = "brokered_contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "authority") var authority: String
    @Field(key: "requester_id") var requesterID: UUID
    @Field(key: "message") var message: String
    @Field(key: "requested_at") var requestedAt: Date
    /// `open`, `passed-on` or `declined`.
    @Field(key: "status") var status: String
    @OptionalField(key: "handled_by") var handledBy: UUID?
    @OptionalField(key: "handled_at") var handledAt: Date?
    /// The involvement the data manager passed it to; never shown to the requester.
    @OptionalField(key: "passed_to_involvement") var passedToInvolvement: UUID?

    init() {}
}
