import Fluent
import Foundation
import SQLKit
import SignpostCore

/// What a service wants recorded. The log adds the sequence, time, client and hash.
struct AuditDraft: Sendable {
    var action: String
    var actorID: String?
    var actorRole: String?
    var actorOrganisation: String?
    var subjectType: String?
    var subjectID: String?
    var reason: String?
    var outcome: AuditOutcome = .success
    /// Non-personal detail only: identifiers, counts, outcomes, keyed hashes.
    var details: [String: String] = [:]

    init(
        action: String, actor: AuthenticatedPractitioner?, subjectType: String? = nil, subjectID: String? = nil,
        reason: String? = nil, outcome: AuditOutcome = .success, details: [String: String] = [:]
    ) {
        self.action = action
        self.actorID = actor?.id.uuidString
        self.actorRole = actor?.auditRole
        self.actorOrganisation = actor?.organisationCode
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.reason = reason
        self.outcome = outcome
        self.details = details
    }
}

/// Appends to the hash-chained audit log. Call it with the transaction that makes the change it
/// records, so the change and its record commit or roll back together.
enum AuditLog {
    private struct Head: Decodable {
        var lastSequence: Int64
        var lastHash: String

        enum CodingKeys: String, CodingKey {
            case lastSequence = "last_sequence"
            case lastHash = "last_hash"
        }
    }

    @discardableResult
    static func append(_ draft: AuditDraft, context: ServiceContext, on transaction: any Database) async throws -> Int64
    {
        guard let sql = transaction as? any SQLDatabase else {
            throw ServiceError(
                kind: .unavailable, title: "Audit unavailable", detail: "The audit log needs an SQL database.")
        }
        // Locks the head row on PostgreSQL (SELECT ... FOR UPDATE), so concurrent appenders queue here
        // instead of forking the chain. SQLite has one writer and one connection, so it is serial already.
        guard
            let head = try await sql.select()
                .columns("last_sequence", "last_hash")
                .from(AuditChainHeadModel.schema)
                .where("id", .equal, 1)
                .for(.update)
                .first(decoding: Head.self)
        else {
            throw ServiceError(
                kind: .unavailable, title: "Audit unavailable", detail: "The audit chain head is missing.")
        }
        let entry = AuditEntry(
            sequence: head.lastSequence + 1,
            occurredAtMillis: Int64((context.now.timeIntervalSince1970 * 1000).rounded()),
            actorID: draft.actorID, actorRole: draft.actorRole, actorOrganisation: draft.actorOrganisation,
            action: draft.action, subjectType: draft.subjectType, subjectID: draft.subjectID,
            reason: draft.reason, outcome: draft.outcome.rawValue,
            clientIP: context.client.ip, userAgent: context.client.userAgent,
            details: AuditDetails.canonical(draft.details))
        let hash = AuditChain.hash(previousHash: head.lastHash, entry: entry)
        try await AuditEventModel(entry: entry, previousHash: head.lastHash, hash: hash).create(on: transaction)
        try await sql.update(AuditChainHeadModel.schema)
            .set("last_sequence", to: entry.sequence)
            .set("last_hash", to: hash)
            .where("id", .equal, 1)
            .where("last_sequence", .equal, head.lastSequence)
            .run()
        context.environment.metrics.auditEventWritten()
        return entry.sequence
    }
}

/// Re-reads the whole log a page at a time and checks every link.
enum AuditVerification {
    static func verify(on db: any Database, pageSize: Int = 2000) async throws -> AuditChain.Verdict {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let page = try await AuditEventModel.query(on: db)
                .filter(\.$id > after)
                .sort(\.$id, .ascending)
                .limit(pageSize)
                .all()
            for row in page {
                verifier.consume(row.entry, storedHash: row.hash)
            }
            guard let last = page.last?.id, page.count == pageSize, verifier.failure == nil else { break }
            after = last
        }
        guard let head = try await AuditChainHeadModel.find(1, on: db) else {
            return .broken(sequence: 1, problem: "the audit chain head is missing")
        }
        return verifier.finish(headSequence: head.lastSequence, headHash: head.lastHash)
    }
}
