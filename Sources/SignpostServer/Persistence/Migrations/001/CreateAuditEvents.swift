import Fluent
import SQLKit
import SignpostCore

/// The audit log and its chain head. The head row starts at sequence 0 with the genesis hash.
struct CreateAuditEvents: AsyncMigration {
    var name: String { "001-CreateAuditEvents" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEventModel.schema)
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_role", .string)
            .field("actor_organisation", .string)
            .field("action", .string, .required)
            .field("subject_type", .string)
            .field("subject_id", .string)
            .field("reason", .string)
            .field("outcome", .string, .required)
            .field("client_ip", .string)
            .field("user_agent", .string)
            .field("details", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "audit_events_actor_idx").on(AuditEventModel.schema).column("actor_id").run()
            try await sql.create(index: "audit_events_subject_idx").on(AuditEventModel.schema)
                .column("subject_type").column("subject_id").run()
            try await sql.create(index: "audit_events_action_idx").on(AuditEventModel.schema).column("action").run()
            try await sql.create(index: "audit_events_time_idx").on(AuditEventModel.schema).column("occurred_at_ms")
                .run()
        }
        try await database.schema(AuditChainHeadModel.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        let head = AuditChainHeadModel()
        head.id = 1
        head.lastSequence = 0
        head.lastHash = AuditChain.genesisHash
        try await head.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditChainHeadModel.schema).delete()
        try await database.schema(AuditEventModel.schema).delete()
    }
}
