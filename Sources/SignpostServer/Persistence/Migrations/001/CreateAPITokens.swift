import Fluent

struct CreateAPITokens: AsyncMigration {
    var name: String { "001-CreateAPITokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema(APITokenModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("practitioner_id", .uuid, .required, .references(PractitionerModel.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APITokenModel.schema).delete()
    }
}
