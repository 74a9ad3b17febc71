import Fluent
import Foundation

/// A person in the child's life, for the relationships wheel: a relative, a carer, an adult in the
/// household. The person's details (name, date of birth, relationship, contact details, the basis it
/// was recorded on) are sealed together with the child's authority's data key, bound to the row's id;
/// what the wheel's rules read without decrypting (lives with the child, parental responsibility, when
/// they joined the household) stays plain. Recorded by a team member, who is named, like a chronology
/// entry; a change is a new record, so the history of the household stays.
final class RelationshipModel: Model, @unchecked Sendable {
    static let schema = "relationships"

    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    /// `RelationshipService.Details` as JSON, sealed.
    @Field(key: "details_sealed") var detailsSealed: String
    @Field(key: "key_authority") var keyAuthority: String
    @Field(key: "lives_with_child") var livesWithChild: Bool
    @Field(key: "parental_responsibility") var parentalResponsibility: Bool
    /// `YYYY-MM-DD`, where known: when the person came to live with the child.
    @OptionalField(key: "joined_household_on") var joinedHouseholdOn: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "organisation_code") var organisationCode: String
    /// Recorded by a sensitive service: seen by that service and the data managers only.
    @Field(key: "sensitive") var sensitive: Bool
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}
