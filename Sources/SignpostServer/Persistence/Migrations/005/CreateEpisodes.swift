import Fluent
import SQLKit

/// 005: early-help episodes (assessment and Team Around the Child) and authorities' data keys.
struct CreateEpisodes: AsyncMigration {
    var name: String { "005-CreateEpisodes" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuthorityKeyModel.schema)
            .id()
            .field("authority_code", .string, .required)
            .field("wrapped_key", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "authority_code")
            .create()
        try await database.schema(EpisodeModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("authority_code", .string, .required)
            .field("assessor_id", .uuid, .required)
            .field("assessor_involvement_id", .uuid, .required)
            .field("route", .string, .required)
            .field("checklist", .string, .required)
            .field("status", .string, .required)
            .field("consent_id", .uuid)
            .field("consent_declined", .bool, .required)
            .field("content_sealed", .string, .required)
            .field("version", .int, .required)
            .field("completed_at", .datetime)
            .field("next_review_on", .string)
            .field("closed_at", .datetime)
            .field("closure_reason", .string)
            .field("closure_sealed", .string)
            .field("shared_on_transfer", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(EpisodeMemberModel.schema)
            .id()
            .field("episode_id", .uuid, .required, .references(EpisodeModel.schema, .id, onDelete: .cascade))
            .field("involvement_id", .uuid, .required)
            .field("invited_by", .uuid, .required)
            .field("invited_at", .datetime, .required)
            .unique(on: "episode_id", "involvement_id")
            .create()
        try await database.schema(EpisodeEntryModel.schema)
            .id()
            .field("episode_id", .uuid, .required, .references(EpisodeModel.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("on_date", .string, .required)
            .field("next_on", .string)
            .field("owner_id", .uuid)
            .field("status", .string)
            .field("sealed", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "episodes_child_idx").on(EpisodeModel.schema).column("child_id").run()
            try await sql.create(index: "episode_entries_episode_idx").on(EpisodeEntryModel.schema).column("episode_id")
                .run()
            try await sql.create(index: "episode_entries_owner_idx").on(EpisodeEntryModel.schema).column("owner_id")
                .column("status").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [
            EpisodeEntryModel.schema, EpisodeMemberModel.schema, EpisodeModel.schema, AuthorityKeyModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
