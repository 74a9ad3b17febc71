import Fluent

struct CreatePractitioners: AsyncMigration {
    var name: String { "001-CreatePractitioners" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PractitionerModel.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("job_title", .string, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, .id))
            .field("roles", .string, .required)
            .field("phone", .string)
            .field("dbs_checked_on", .string)
            .field("trained_on", .string)
            .field("agreement_signed_on", .string)
            .field("status", .string, .required)
            .field("password_hash", .string, .required)
            .field("totp_secret", .string, .required)
            .field("last_totp_step", .int64)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PractitionerModel.schema).delete()
    }
}
