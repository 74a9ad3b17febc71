import Fluent
import Foundation

/// An agency or service (a school, a GP practice, CAMHS...). `sensitive` marks services whose involvement
/// is itself sensitive (sexual health, mental health, substance misuse).
final class OrganisationModel: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Parent(key: "authority_id") var authority: AuthorityModel
    @Field(key: "sensitive") var sensitive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, code: String, name: String, kind: String, authorityID: UUID, sensitive: Bool) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.$authority.id = authorityID
        self.sensitive = sensitive
    }
}
