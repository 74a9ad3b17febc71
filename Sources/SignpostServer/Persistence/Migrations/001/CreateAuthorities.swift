import Fluent

struct CreateAuthorities: AsyncMigration {
    var name: String { "001-CreateAuthorities" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuthorityModel.schema)
            .id()
            .field("ons_code", .string, .required)
            .field("name", .string, .required)
            .field("office_hours_phone", .string, .required)
            .field("emergency_duty_phone", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "ons_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuthorityModel.schema).delete()
    }
}
