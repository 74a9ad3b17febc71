import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The national hub's use cases: enrol and retire a node's encodings, and answer a node's query with
/// pointers. Each call is one transaction with one audit event in the hub's own log, which names the node,
/// counts and outcomes, never an encoding. The in-memory directory changes only after the commit.
struct HubService {
    let context: ServiceContext
    let directory: HubDirectory
    let scans: HubScanQueue

    private var today: String { CalendarDate(context.now).iso }

    private func draft(
        _ action: String, node: String, outcome: AuditOutcome = .success, details: [String: String] = [:]
    ) -> AuditDraft {
        var draft = AuditDraft(
            action: action, actor: nil, subjectType: "hub-node", subjectID: node, outcome: outcome,
            details: details)
        draft.actorID = node
        draft.actorRole = "node"
        draft.actorOrganisation = node
        return draft
    }

    /// Stores encodings, replacing any the node enrolled before under the same handles. A refusal is audited
    /// as a refused `hub.enrolled` under the node's name.
    func enrol(_ inputs: [HubEnrolmentInput], by node: String) async throws -> Int {
        let entries: [HubEntry]
        do {
            entries = try validatedEntries(inputs, by: node)
        } catch let error as ServiceError {
            try await refuse(error, action: "hub.enrolled", details: ["why": "invalid"], by: node)
        }
        // Counted before the replaced handles are taken off, so a node at its quota must retire first.
        let quota = context.environment.settings.hubEntriesPerNode
        guard directory.count(of: node) + entries.count <= quota else {
            try await refuse(
                .conflict(
                    "This node would hold more than \(quota) entries. Retire children who have left the index first."),
                action: "hub.enrolled", details: ["why": "quota"], by: node)
        }
        do {
            try await store(entries, by: node)
        } catch let error as ServiceError where error.kind == .conflict {
            try await refuse(error, action: "hub.enrolled", details: ["why": "concurrent"], by: node)
        }
        directory.upsert(entries)
        return entries.count
    }

    private func validatedEntries(_ inputs: [HubEnrolmentInput], by node: String) throws -> [HubEntry] {
        guard (1...HubInputRules.maxBatch).contains(inputs.count) else {
            throw ServiceError.badRequest("Send 1 to \(HubInputRules.maxBatch) records at a time.")
        }
        let today = today
        let entries = try inputs.enumerated().map { offset, input in
            try HubInputRules.entry(input, node: node, field: "records[\(offset)]", today: today)
        }
        guard Set(entries.map(\.handle)).count == entries.count else {
            throw ServiceError.badRequest("Each handle may appear once in a request.")
        }
        return entries
    }

    private func store(_ entries: [HubEntry], by node: String) async throws {
        let enrolledAt = Int64((context.now.timeIntervalSince1970 * 1000).rounded())
        try await context.auditedTransaction { context, tx in
            let sql = try ModelRows.sql(tx)
            try await Self.deleteEncodings(node: node, handles: entries.map(\.handle), on: sql)
            var insert = sql.insert(into: HubTables.encodings).columns(
                "node", "handle", "epoch", "encoding", "nhs_token", "tier", "retire_by", "enrolled_at")
            for entry in entries {
                insert = insert.values(
                    SQLBind(node), SQLBind(entry.handle), SQLBind(entry.encoding.epoch),
                    SQLBind(entry.encoding.bytes), SQLBind(entry.encoding.nhsToken), SQLBind(entry.tier),
                    SQLBind(entry.retireBy), SQLBind(enrolledAt))
            }
            do {
                try await insert.run()
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two syncs of one node at once: the other wrote these handles first.
                throw ServiceError.conflict("Another enrolment of these handles is under way; send them again.")
            }
            try await AuditLog.append(
                draft("hub.enrolled", node: node, details: ["count": String(entries.count)]), context: context, on: tx)
        }
    }

    /// Forgets encodings: the children have left the node's index, or their consent was withdrawn.
    func retire(_ handles: [String], by node: String) async throws -> Int {
        guard (1...HubInputRules.maxHandles).contains(handles.count), handles.allSatisfy(HubInputRules.isHandle)
        else {
            try await refuse(
                .badRequest(
                    "Send 1 to \(HubInputRules.maxHandles) handles, each 1 to 64 letters, digits, dashes or underscores."
                ),
                action: "hub.retired", details: ["why": "invalid"], by: node)
        }
        try await context.auditedTransaction { context, tx in
            try await Self.deleteEncodings(node: node, handles: handles, on: try ModelRows.sql(tx))
            try await AuditLog.append(
                draft("hub.retired", node: node, details: ["count": String(Set(handles).count)]), context: context,
                on: tx)
        }
        directory.remove(handles.map { HubEntry.Key(node: node, handle: $0) })
        return Set(handles).count
    }

    /// Where else a child may be known: pointers in bands, never scores, and never the asker's own records.
    /// A refusal (bad input, or more than the node's queries a minute) is audited with the node's name.
    func query(_ input: HubQueryInput, by node: String) async throws -> [HubPointer] {
        let query: LinkageEncoding
        do {
            query = try Self.validated(input)
        } catch let error as ServiceError {
            try await refuse(
                error, action: "hub.queried", details: ["why": "invalid", "purpose": String(input.purpose.prefix(40))],
                by: node)
        }
        let limit = context.environment.settings.hubQueriesPerNodePerMinute
        if case .refused(let seconds) = try await RateWindows(context: context).claim("hub-query:\(node)", limit: limit)
        {
            try await refuse(
                ServiceError(
                    kind: .rateLimited, title: "Too many queries",
                    detail: "A node may make \(limit) hub queries a minute. Try again shortly.",
                    retryAfterSeconds: seconds),
                action: "hub.queried", details: ["why": "rate-limited", "purpose": String(input.purpose.prefix(40))],
                by: node)
        }
        let pointers = HubAnswerRules.pointers(await scans.candidates(for: query, today: today), askingNode: node)
        return try await context.auditedTransaction { context, tx in
            let routes = Dictionary(
                try await HubNodeService.nodes(on: try ModelRows.sql(tx)).map { ($0.node, $0) },
                uniquingKeysWith: { a, _ in a })
            try await AuditLog.append(
                draft(
                    "hub.queried", node: node,
                    details: [
                        "purpose": input.purpose, "reference": input.requestReference,
                        "pointers": String(pointers.count),
                        "authorities": Set(pointers.map(\.authority)).sorted().joined(separator: " "),
                    ]), context: context, on: tx)
            return pointers.compactMap { pointer in
                routes[pointer.authority].map { route in
                    HubPointer(
                        authority: pointer.authority, handle: pointer.handle, band: pointer.band,
                        ambiguous: pointer.ambiguous, contactRoute: route.contactRoute, baseURL: route.baseURL)
                }
            }
        }
    }

    static func validated(_ input: HubQueryInput) throws -> LinkageEncoding {
        guard ChildVocabulary.searchReasons[input.purpose] != nil else {
            throw ServiceError.validation([
                .init(
                    field: "purpose",
                    message:
                        "The purpose is one of: \(ChildVocabulary.searchReasons.keys.sorted().joined(separator: ", "))."
                )
            ])
        }
        guard HubInputRules.isHandle(input.requestReference) else {
            throw ServiceError.validation([
                .init(
                    field: "requestReference",
                    message: "The request reference is 1 to 64 letters, digits, dashes or underscores.")
            ])
        }
        return try HubInputRules.encoding(input.encoding, epoch: input.epoch, nhsToken: input.nhsToken, field: "query")
    }

    /// Audits a refusal as `action` refused, under the node's name, and throws it.
    private func refuse(_ error: ServiceError, action: String, details: [String: String], by node: String)
        async throws -> Never
    {
        // The refusal commits its audit event and is thrown back out of the transaction.
        _ = try await context.auditedTransaction { context, tx -> Bool in
            try await AuditLog.append(
                draft(
                    action, node: node, outcome: .refused,
                    details: details.merging(["status": String(error.status.code)]) { mine, _ in mine }),
                context: context, on: tx)
            throw Refusal(error: error)
        }
        throw error
    }

    static func deleteEncodings(node: String, handles: [String], on sql: any SQLDatabase) async throws {
        try await sql.delete(from: HubTables.encodings)
            .where("node", .equal, SQLBind(node))
            .where("handle", .in, SQLBind.group(handles))
            .run()
    }
}
