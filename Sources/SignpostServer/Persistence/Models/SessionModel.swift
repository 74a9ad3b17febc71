import Fluent
import Foundation

/// A signed-in browser session. Only a hash of the cookie value is stored, so a copy of the database
/// cannot be used to take over a session.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "practitioner_id") var practitioner: PractitionerModel
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}

    init(tokenHash: String, practitionerID: UUID, csrfToken: String, now: Date) {
        self.tokenHash = tokenHash
        self.$practitioner.id = practitionerID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
    }
}
