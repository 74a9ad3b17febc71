import Fluent
import Foundation

/// A practitioner's account: identity, vetting, credentials and lockout state.
/// Date-only fields are stored as `YYYY-MM-DD` text so both databases compare them the same way.
final class PractitionerModel: Model, @unchecked Sendable {
    static let schema = "practitioners"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "job_title") var jobTitle: String
    @Parent(key: "organisation_id") var organisation: OrganisationModel
    @Field(key: "roles") var roles: String
    @Field(key: "phone") var phone: String?
    @Field(key: "dbs_checked_on") var dbsCheckedOn: String?
    @Field(key: "trained_on") var trainedOn: String?
    @Field(key: "agreement_signed_on") var agreementSignedOn: String?
    @Field(key: "status") var status: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "totp_secret") var totpSecret: String
    @Field(key: "last_totp_step") var lastTOTPStep: Int64?
    @Field(key: "failed_attempts") var failedAttempts: Int
    @Field(key: "locked_until") var lockedUntil: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
