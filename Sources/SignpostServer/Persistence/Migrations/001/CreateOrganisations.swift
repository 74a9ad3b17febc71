import Fluent

struct CreateOrganisations: AsyncMigration {
    var name: String { "001-CreateOrganisations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("authority_id", .uuid, .required, .references(AuthorityModel.schema, .id))
            .field("sensitive", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganisationModel.schema).delete()
    }
}
