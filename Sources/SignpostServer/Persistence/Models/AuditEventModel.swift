import Fluent
import Foundation
import SignpostCore

/// One row of the append-only audit log. The sequence number is the primary key.
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(custom: "sequence", generatedBy: .user) var id: Int64?
    @Field(key: "occurred_at_ms") var occurredAtMillis: Int64
    @Field(key: "actor_id") var actorID: String?
    @Field(key: "actor_role") var actorRole: String?
    @Field(key: "actor_organisation") var actorOrganisation: String?
    @Field(key: "action") var action: String
    @Field(key: "subject_type") var subjectType: String?
    @Field(key: "subject_id") var subjectID: String?
    @Field(key: "reason") var reason: String?
    @Field(key: "outcome") var outcome: String
    @Field(key: "client_ip") var clientIP: String?
    @Field(key: "user_agent") var userAgent: String?
    @Field(key: "details") var details: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(entry: AuditEntry, previousHash: String, hash: String) {
        self.id = entry.sequence
        self.occurredAtMillis = entry.occurredAtMillis
        self.actorID = entry.actorID
        self.actorRole = entry.actorRole
        self.actorOrganisation = entry.actorOrganisation
        self.action = entry.action
        self.subjectType = entry.subjectType
        self.subjectID = entry.subjectID
        self.reason = entry.reason
        self.outcome = entry.outcome
        self.clientIP = entry.clientIP
        self.userAgent = entry.userAgent
        self.details = entry.details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry exactly as stored, so verification hashes what is in the table.
    var entry: AuditEntry {
        AuditEntry(
            sequence: id ?? 0, occurredAtMillis: occurredAtMillis, actorID: actorID, actorRole: actorRole,
            actorOrganisation: actorOrganisation, action: action, subjectType: subjectType, subjectID: subjectID,
            reason: reason, outcome: outcome, clientIP: clientIP,
            userAgent: userAgent, details: details)
    }
}

/// The single-row head of the chain: the last sequence number and hash. Appenders lock it, so two
/// concurrent writers can never both extend the same event.
final class AuditChainHeadModel: Model, @unchecked Sendable {
    static let schema = "audit_chain_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "last_sequence") var lastSequence: Int64
    @Field(key: "last_hash") var lastHash: String

    init() {}
}
