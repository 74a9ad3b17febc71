import Fluent
import SQLKit

/// 007: invitations to join a child's team (invited, accepted, declined).
struct CreateTeamInvitations: AsyncMigration {
    var name: String { "007-CreateTeamInvitations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TeamInvitationModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("episode_id", .uuid)
            .field("practitioner_id", .uuid, .required)
            .field("invited_by", .uuid, .required)
            .field("invited_at", .datetime, .required)
            .field("status", .string, .required)
            .field("answered_at", .datetime)
            .field("answer_reason", .string)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "team_invitations_practitioner_idx").on(TeamInvitationModel.schema)
                .column("practitioner_id").run()
            try await sql.create(index: "team_invitations_child_idx").on(TeamInvitationModel.schema)
                .column("child_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TeamInvitationModel.schema).delete()
    }
}
