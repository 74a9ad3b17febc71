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

/// Records audit events. Call it with the transaction that makes the change it records, so the change
/// and its record commit or roll back together: the event is durable when the request's transaction is.
/// It is written to `audit_pending` with no sequence number, and `AuditSequencer` gives it its place in
/// the chain and the Merkle tree after commit. So concurrent requests never queue on one head row (on
/// PostgreSQL a `SELECT ... FOR UPDATE` on it serialised every audited request), and an event that
/// commits late takes the next place rather than a gap behind it.
enum AuditLog {
    static func append(_ draft: AuditDraft, context: ServiceContext, on transaction: any Database) async throws {
        try await append([draft], context: context, on: transaction)
    }

    /// Many events in one transaction, in multi-row statements of `AuditSequencer.batchSize` events.
    static func append(_ drafts: [AuditDraft], context: ServiceContext, on transaction: any Database) async throws {
        guard let sql = transaction as? any SQLDatabase else {
            throw ServiceError(
                kind: .unavailable, title: "Audit unavailable", detail: "The audit log needs an SQL database.")
        }
        let occurredAt = Int64((context.now.timeIntervalSince1970 * 1000).rounded())
        var start = 0
        while start < drafts.count {
            let end = min(start + AuditSequencer.batchSize, drafts.count)
            var insert = sql.insert(into: AuditSequencer.pendingTable).columns(AuditSequencer.eventColumns)
            for draft in drafts[start..<end] {
                insert = insert.values(
                    SQLBind(occurredAt), SQLBind(draft.actorID), SQLBind(draft.actorRole),
                    SQLBind(draft.actorOrganisation), SQLBind(draft.action), SQLBind(draft.subjectType),
                    SQLBind(draft.subjectID), SQLBind(draft.reason), SQLBind(draft.outcome.rawValue),
                    SQLBind(context.client.ip), SQLBind(context.client.userAgent),
                    SQLBind(AuditDetails.canonical(draft.details)))
            }
            try await insert.run()
            start = end
        }
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
