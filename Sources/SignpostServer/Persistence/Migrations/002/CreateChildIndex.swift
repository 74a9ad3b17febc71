import Fluent
import SQLKit

/// 002: the child index, involvements, match keys, search grants and merges.
struct CreateChildIndex: AsyncMigration {
    var name: String { "002-CreateChildIndex" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ChildModel.schema)
            .id()
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("date_of_birth", .string)
            .field("expected_delivery", .string)
            .field("gender", .string, .required)
            .field("whereabouts", .string, .required)
            .field("address_line", .string)
            .field("postcode", .string)
            .field("nhs_number", .string)
            .field("upn", .string)
            .field("school_name", .string)
            .field("school_started_on", .string)
            .field("gp_practice", .string)
            .field("tier", .int, .required)
            .field("authority_id", .uuid, .required, .references(AuthorityModel.schema, .id))
            .field("merged_into_id", .uuid)
            .field("source_key", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime)
            .unique(on: "source_key")
            .create()
        try await database.schema(ChildNameModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .create()
        try await database.schema(ChildAddressModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("address_line", .string, .required)
            .field("postcode", .string)
            .field("recorded_on", .string, .required)
            .field("recorded_by", .uuid)
            .create()
        try await database.schema(CarerModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("relationship", .string, .required)
            .field("parental_responsibility", .bool, .required)
            .field("contact", .string)
            .create()
        try await database.schema(InvolvementModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, .id))
            .field("practitioner_id", .uuid, .required, .references(PractitionerModel.schema, .id))
            .field("role", .string, .required)
            .field("contact_phone", .string)
            .field("contact_email", .string)
            .field("started_on", .string, .required)
            .field("ended_on", .string)
            .field("status", .string, .required)
            .field("lead_professional", .bool, .required)
            .field("holds_assessment", .bool, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ChildMatchKeyModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("key", .string, .required)
            .create()
        try await database.schema(SearchGrantModel.schema)
            .id()
            .field("practitioner_id", .uuid, .required)
            .field("child_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
        try await database.schema(ChildMergeModel.schema)
            .id()
            .field("survivor_id", .uuid, .required)
            .field("merged_id", .uuid, .required)
            .field("moved_involvements", .string, .required)
            .field("merged_by", .uuid, .required)
            .field("merged_at", .datetime, .required)
            .field("reason", .string, .required)
            .field("reversed_at", .datetime)
            .field("reversed_by", .uuid)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "child_match_keys_key_idx").on(ChildMatchKeyModel.schema).column("key").run()
            try await sql.create(index: "child_match_keys_child_idx").on(ChildMatchKeyModel.schema).column("child_id")
                .run()
            try await sql.create(index: "involvements_child_idx").on(InvolvementModel.schema).column("child_id").run()
            try await sql.create(index: "involvements_practitioner_idx").on(InvolvementModel.schema).column(
                "practitioner_id"
            ).run()
            try await sql.create(index: "child_names_child_idx").on(ChildNameModel.schema).column("child_id").run()
            try await sql.create(index: "search_grants_lookup_idx").on(SearchGrantModel.schema).column(
                "practitioner_id"
            ).column("child_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [
            ChildMergeModel.schema, SearchGrantModel.schema, ChildMatchKeyModel.schema, InvolvementModel.schema,
            CarerModel.schema, ChildAddressModel.schema, ChildNameModel.schema, ChildModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
