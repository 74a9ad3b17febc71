import Fluent
import SQLKit

/// 008: the child's forum (threads, immutable posts) and acknowledgements of concerns, append-only.
struct CreateForum: AsyncMigration {
    var name: String { "008-CreateForum" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ForumThreadModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("title_sealed", .string, .required)
            .field("key_authority", .string, .required)
            .field("started_by", .uuid, .required)
            .field("organisation_code", .string, .required)
            .field("anonymous", .bool, .required)
            .field("started_at", .datetime, .required)
            .create()
        try await database.schema(ForumPostModel.schema)
            .id()
            .field("thread_id", .uuid, .required, .references(ForumThreadModel.schema, .id, onDelete: .cascade))
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("body_sealed", .string, .required)
            .field("key_authority", .string, .required)
            .field("author_id", .uuid, .required)
            .field("organisation_code", .string, .required)
            .field("anonymous", .bool, .required)
            .field("raises_attention", .bool, .required)
            .field("posted_at", .datetime, .required)
            .create()
        try await database.schema(AttentionAcknowledgementModel.schema)
            .id()
            .field("post_id", .uuid, .required, .references(ForumPostModel.schema, .id, onDelete: .cascade))
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("acknowledged_by", .uuid, .required)
            .field("acknowledged_at", .datetime, .required)
            .field("note_sealed", .string, .required)
            .field("key_authority", .string, .required)
            .unique(on: "post_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "forum_posts_child_idx").on(ForumPostModel.schema)
            .column("child_id").column("posted_at").run()
        try await sql.create(index: "forum_posts_attention_idx").on(ForumPostModel.schema)
            .column("raises_attention").column("posted_at").run()
        for table in [ForumThreadModel.schema, ForumPostModel.schema, AttentionAcknowledgementModel.schema] {
            try await AppendOnly.refuseUpdates(of: table, on: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttentionAcknowledgementModel.schema).delete()
        try await database.schema(ForumPostModel.schema).delete()
        try await database.schema(ForumThreadModel.schema).delete()
    }
}
