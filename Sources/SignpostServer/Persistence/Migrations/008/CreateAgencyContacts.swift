import Fluent
import SQLKit

/// 008: agency contacts with a child and the contact frequency agreed in the plan, append-only.
struct CreateAgencyContacts: AsyncMigration {
    var name: String { "008-CreateAgencyContacts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AgencyContactModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("occurred_on", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("organisation_code", .string, .required)
            .field("sensitive", .bool, .required)
            .field("author_id", .uuid)
            .field("kind", .string, .required)
            .field("outcome", .string, .required)
            .field("child_seen", .bool, .required)
            .field("seen_alone", .bool)
            .field("note_sealed", .string)
            .field("key_authority", .string, .required)
            .field("sessions_possible", .int)
            .field("sessions_attended", .int)
            .field("sender_reference", .string)
            .field("source", .string, .required)
            .unique(on: "organisation_code", "sender_reference")
            .create()
        try await database.schema(ContactFrequencyModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("every_days", .int, .required)
            .field("set_by", .uuid, .required)
            .field("set_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "agency_contacts_child_idx").on(AgencyContactModel.schema)
            .column("child_id").column("occurred_on").run()
        try await AppendOnly.refuseUpdates(of: AgencyContactModel.schema, on: sql)
        try await AppendOnly.refuseUpdates(of: ContactFrequencyModel.schema, on: sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContactFrequencyModel.schema).delete()
        try await database.schema(AgencyContactModel.schema).delete()
    }
}
