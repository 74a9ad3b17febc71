import Fluent

struct CreateSessions: AsyncMigration {
    var name: String { "001-CreateSessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SessionModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("practitioner_id", .uuid, .required, .references(PractitionerModel.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).delete()
    }
}
