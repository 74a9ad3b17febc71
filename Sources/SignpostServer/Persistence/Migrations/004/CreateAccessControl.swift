import Fluent
import SQLKit

/// 004: consent, lawful bases, shielding, break-glass, access history, notifications, alerts and
/// brokered contact; the sensitive-service basis on involvements.
struct CreateAccessControl: AsyncMigration {
    var name: String { "004-CreateAccessControl" }

    func prepare(on database: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds a single column a statement.
        try await database.schema(InvolvementModel.schema).field("sensitive_basis", .string).update()
        try await database.schema(InvolvementModel.schema).field("sensitive_basis_note", .string).update()
        try await database.schema(ConsentModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("given_by", .string, .required)
            .field("giver_name", .string, .required)
            .field("competence_judgement", .string)
            .field("purposes", .string, .required)
            .field("organisations", .string, .required)
            .field("method", .string, .required)
            .field("given_on", .string, .required)
            .field("expires_on", .string)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .uuid)
            .field("withdrawal_note", .string)
            .create()
        try await database.schema(SharingDecisionModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("basis", .string, .required)
            .field("reason", .string)
            .field("decided_by", .uuid, .required)
            .field("decided_at", .datetime, .required)
            .field("superseded_at", .datetime)
            .create()
        try await database.schema(ShieldModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("grounds", .string, .required)
            .field("review_on", .string, .required)
            .field("set_by", .uuid, .required)
            .field("set_at", .datetime, .required)
            .field("inherited_from", .uuid)
            .field("lifted_at", .datetime)
            .field("lifted_by", .uuid)
            .field("lift_reason", .string)
            .create()
        try await database.schema(BreakGlassModel.schema)
            .id()
            .field("practitioner_id", .uuid, .required)
            .field("child_id", .uuid, .required)
            .field("scope_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("granted_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        try await database.schema(ChildAccessModel.schema)
            .id()
            .field("child_id", .uuid, .required)
            .field("practitioner_id", .uuid, .required)
            .field("practitioner_name", .string, .required)
            .field("organisation_name", .string, .required)
            .field("sensitive_service", .bool, .required)
            .field("organisation_code", .string, .required)
            .field("route", .string, .required)
            .field("what", .string, .required)
            .field("reason", .string)
            .field("out_of_area", .bool, .required)
            .field("shielded", .bool, .required)
            .field("accessed_at", .datetime, .required)
            .create()
        try await database.schema(NotificationModel.schema)
            .id()
            .field("recipient_id", .uuid)
            .field("recipient_authority", .string)
            .field("child_id", .uuid)
            .field("kind", .string, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await database.schema(AlertModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("practitioner_id", .uuid, .required)
            .field("child_id", .uuid)
            .field("authority", .string, .required)
            .field("detail", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("raised_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .uuid)
            .field("acknowledgement_note", .string)
            .create()
        try await database.schema(BrokeredContactModel.schema)
            .id()
            .field("child_id", .uuid, .required)
            .field("authority", .string, .required)
            .field("requester_id", .uuid, .required)
            .field("message", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("status", .string, .required)
            .field("handled_by", .uuid)
            .field("handled_at", .datetime)
            .field("passed_to_involvement", .uuid)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "consents_child_idx").on(ConsentModel.schema).column("child_id").run()
            try await sql.create(index: "sharing_decisions_child_idx").on(SharingDecisionModel.schema).column(
                "child_id"
            ).run()
            try await sql.create(index: "shields_child_idx").on(ShieldModel.schema).column("child_id").run()
            try await sql.create(index: "break_glass_lookup_idx").on(BreakGlassModel.schema).column("practitioner_id")
                .column("child_id").run()
            try await sql.create(index: "child_accesses_child_idx").on(ChildAccessModel.schema).column("child_id")
                .column("accessed_at").run()
            try await sql.create(index: "child_accesses_practitioner_idx").on(ChildAccessModel.schema).column(
                "practitioner_id"
            ).column("accessed_at").run()
            try await sql.create(index: "notifications_recipient_idx").on(NotificationModel.schema).column(
                "recipient_id"
            ).run()
            try await sql.create(index: "notifications_authority_idx").on(NotificationModel.schema).column(
                "recipient_authority"
            ).run()
            try await sql.create(index: "alerts_dedupe_idx").on(AlertModel.schema).column("dedupe_key").run()
            try await sql.create(index: "brokered_contacts_authority_idx").on(BrokeredContactModel.schema).column(
                "authority"
            ).column("status").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [
            BrokeredContactModel.schema, AlertModel.schema, NotificationModel.schema, ChildAccessModel.schema,
            BreakGlassModel.schema,
            ShieldModel.schema, SharingDecisionModel.schema, ConsentModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
        try await database.schema(InvolvementModel.schema).deleteField("sensitive_basis").update()
        try await database.schema(InvolvementModel.schema).deleteField("sensitive_basis_note").update()
    }
}
