import Fluent
import Foundation
import SQLKit

/// 006: team membership as its own grant (join requests), privileged-role approval, enrolment links
/// and the mail outbox. Every active involvement before this release made its practitioner a team
/// member; those practitioners become members, so no one loses access they had.
struct CreateTeamsAndAccountGovernance: AsyncMigration {
    var name: String { "006-CreateTeamsAndAccountGovernance" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TeamMembershipModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("practitioner_id", .uuid, .required)
            .field("basis", .string, .required)
            .field("admitted_by", .uuid)
            .field("admitted_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        try await database.schema(JoinRequestModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("practitioner_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("decision_reason", .string)
            .create()
        try await database.schema(RoleGrantModel.schema)
            .id()
            .field("practitioner_id", .uuid, .required)
            .field("roles", .string, .required)
            .field("requested_by", .uuid, .required)
            .field("requested_at", .datetime, .required)
            .field("status", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .create()
        try await database.schema(EnrolmentLinkModel.schema)
            .id()
            .field("practitioner_id", .uuid, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(OutboxMessageModel.schema)
            .id()
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "team_memberships_child_idx").on(TeamMembershipModel.schema)
                .column("child_id").column("practitioner_id").run()
            try await sql.create(index: "join_requests_child_idx").on(JoinRequestModel.schema).column("child_id").run()
        }
        // Before this release an active involvement was membership: keep it so.
        let now = Date()
        var seen = Set<String>()
        for involvement in try await InvolvementModel.query(on: database).filter(\.$status == "active").all() {
            let key = "\(involvement.$child.id)|\(involvement.$practitioner.id)"
            guard seen.insert(key).inserted else { continue }
            try await TeamMembershipModel(
                childID: involvement.$child.id, practitionerID: involvement.$practitioner.id, basis: "migrated",
                admittedBy: nil, at: now
            ).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [
            OutboxMessageModel.schema, EnrolmentLinkModel.schema, RoleGrantModel.schema,
            JoinRequestModel.schema, TeamMembershipModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
