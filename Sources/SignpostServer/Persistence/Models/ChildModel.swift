import Fluent
import Foundation

/// An index record: the minimal set of DOMAIN.md and no more. No case notes.
final class ChildModel: Model, @unchecked Sendable {
    static let schema = "children"

    @ID(key: .id) var id: UUID?
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    /// `YYYY-MM-DD`; nil for an unborn child.
    @Field(key: "date_of_birth") var dateOfBirth: String?
    @Field(key: "expected_delivery") var expectedDelivery: String?
    @Field(key: "gender") var gender: String
    @Field(key: "whereabouts") var whereabouts: String
    @Field(key: "address_line") var addressLine: String?
    @Field(key: "postcode") var postcode: String?
    @Field(key: "nhs_number") var nhsNumber: String?
    @Field(key: "upn") var upn: String?
    @Field(key: "school_name") var schoolName: String?
    @Field(key: "school_started_on") var schoolStartedOn: String?
    @Field(key: "gp_practice") var gpPractice: String?
    @Field(key: "tier") var tier: Int
    @Parent(key: "authority_id") var authority: AuthorityModel
    /// Set when a data manager merged this record into another; the survivor holds the child now.
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    /// An external system's id, for idempotent imports: `ORGCODE:source-id`.
    @OptionalField(key: "source_key") var sourceKey: String?
    @Field(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$child) var otherNames: [ChildNameModel]
    @Children(for: \.$child) var carers: [CarerModel]
    @Children(for: \.$child) var involvements: [InvolvementModel]
    @Children(for: \.$child) var addresses: [ChildAddressModel]

    init() {}
}

/// Former names and aliases.
final class ChildNameModel: Model, @unchecked Sendable {
    static let schema = "child_names"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    @Field(key: "kind") var kind: String
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String

    init() {}
}

/// Address history: every address recorded, with when it was recorded and by whom.
final class ChildAddressModel: Model, @unchecked Sendable {
    static let schema = "child_addresses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    @Field(key: "address_line") var addressLine: String
    @Field(key: "postcode") var postcode: String?
    @Field(key: "recorded_on") var recordedOn: String
    @Field(key: "recorded_by") var recordedBy: UUID?

    init() {}
}

/// A person with parental responsibility for, or care of, the child.
final class CarerModel: Model, @unchecked Sendable {
    static let schema = "carers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    @Field(key: "name") var name: String
    @Field(key: "relationship") var relationship: String
    @Field(key: "parental_responsibility") var parentalResponsibility: Bool
    @Field(key: "contact") var contact: String?

    init() {}
}

/// The signpost itself: this organisation (and this practitioner) is working with the child.
final class InvolvementModel: Model, @unchecked Sendable {
    static let schema = "involvements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: ChildModel
    @Parent(key: "organisation_id") var organisation: OrganisationModel
    @Parent(key: "practitioner_id") var practitioner: PractitionerModel
    @Field(key: "role") var role: String
    @Field(key: "contact_phone") var contactPhone: String?
    @Field(key: "contact_email") var contactEmail: String?
    @Field(key: "started_on") var startedOn: String
    @Field(key: "ended_on") var endedOn: String?
    @Field(key: "status") var status: String
    @Field(key: "lead_professional") var leadProfessional: Bool
    @Field(key: "holds_assessment") var holdsAssessment: Bool
    /// For a sensitive service only: `child-consent` (the competent child's explicit consent) or
    /// `significant-harm` (the provider's recorded judgement), with the note that records it.
    @OptionalField(key: "sensitive_basis") var sensitiveBasis: String?
    @OptionalField(key: "sensitive_basis_note") var sensitiveBasisNote: String?
    @Field(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Candidate-generation keys (see `CandidateKeys`), indexed so search cost does not grow with the index.
final class ChildMatchKeyModel: Model, @unchecked Sendable {
    static let schema = "child_match_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "key") var key: String

    init() {}

    init(childID: UUID, key: String) {
        self.childID = childID
        self.key = key
    }
}

/// A practitioner found this child through a reasoned search: for an hour they may open its signpost.
final class SearchGrantModel: Model, @unchecked Sendable {
    static let schema = "search_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "practitioner_id") var practitionerID: UUID
    @Field(key: "child_id") var childID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// A merge of two records of one child, kept so that it can be reversed with nothing lost.
final class ChildMergeModel: Model, @unchecked Sendable {
    static let schema = "child_merges"

    @ID(key: .id) var id: UUID?
    @Field(key: "survivor_id") var survivorID: UUID
    @Field(key: "merged_id") var mergedID: UUID
    /// Ids of the involvements moved from the merged record to the survivor, comma-separated.
    @Field(key: "moved_involvements") var movedInvolvements: String
    @Field(key: "merged_by") var mergedBy: UUID
    @Field(key: "merged_at") var mergedAt: Date
    @Field(key: "reason") var reason: String
    @OptionalField(key: "reversed_at") var reversedAt: Date?
    @OptionalField(key: "reversed_by") var reversedBy: UUID?

    init() {}
}
