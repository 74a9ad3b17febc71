import Fluent
import Foundation

/// A bearer token for the JSON API, stored as a SHA-256 hash, with an expiry and a revocation time.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "practitioner_id") var practitioner: PractitionerModel
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(tokenHash: String, practitionerID: UUID, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$practitioner.id = practitionerID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
