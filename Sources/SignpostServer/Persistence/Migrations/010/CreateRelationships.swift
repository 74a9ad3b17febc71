import Fluent
import SQLKit

/// 010: the people in a child's life, for the relationships wheel. Append-only like the shared record:
/// a change of household is a new record.
struct CreateRelationships: AsyncMigration {
    var name: String { "010-CreateRelationships" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RelationshipModel.schema)
            .id()
            .field("child_id", .uuid, .required, .references(ChildModel.schema, .id, onDelete: .cascade))
            .field("details_sealed", .string, .required)
            .field("key_authority", .string, .required)
            .field("lives_with_child", .bool, .required)
            .field("parental_responsibility", .bool, .required)
            .field("joined_household_on", .string)
            .field("recorded_by", .uuid, .required)
            .field("organisation_code", .string, .required)
            .field("sensitive", .bool, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "relationships_child_idx").on(RelationshipModel.schema)
            .column("child_id").column("recorded_at").run()
        try await AppendOnly.refuseUpdates(of: RelationshipModel.schema, on: sql)
        try await RefuseSharedRecordDeletes.refuseDeletes(of: RelationshipModel.schema, on: sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RelationshipModel.schema).delete()
    }
}
