import Fluent
import Foundation
import SignpostCore

/// The auditors' view of the log: filter by actor, subject, action and dates. Reading the log is
/// itself audited, with the filters used. An actor or subject may be given in full or by its shortened
/// reference (the first 8 characters of its identifier, as the audit log page shows it).
struct AuditQueryService {
    let context: ServiceContext
    static let pageSize = 50

    struct Filter: Sendable, Codable, Equatable {
        var actor: String?
        var subjectType: String?
        var subjectID: String?
        var action: String?
        var from: String?
        var to: String?
        var page: Int?
    }

    struct EventRow: Sendable, Codable {
        var sequence: Int64
        var occurredAt: String
        var actorID: String?
        var actorName: String?
        var actorRole: String?
        var actorOrganisation: String?
        /// The organisation's name, where the code is one Signpost knows.
        var actorOrganisationName: String?
        var action: String
        var subjectType: String?
        var subjectID: String?
        var reason: String?
        var outcome: String
        var clientIP: String?
        var details: String
    }

    struct Result: Sendable {
        var events: [EventRow]
        var page: Int
        var hasNextPage: Bool
    }

    /// The read and its audit event share one transaction; a refused filter is audited too, with the
    /// fields refused, so that probing the log with bad filters leaves a trace.
    func search(_ filter: Filter, by auditor: AuthenticatedPractitioner) async throws -> Result {
        let from: CalendarDate?
        let to: CalendarDate?
        do {
            (from, to) = try Self.checkFilter(filter)
        } catch let refusal as ServiceError {
            let fields = refusal.fieldErrors.map(\.field).sorted().joined(separator: ",")
            try await context.db.transaction { tx in
                try await AuditLog.append(
                    AuditDraft(
                        action: "audit.searched", actor: auditor, subjectType: "audit-log", outcome: .refused,
                        details: ["refusedFields": fields]),
                    context: context, on: tx)
            }
            throw refusal
        }
        let page = max(1, filter.page ?? 1)
        return try await context.db.transaction { tx in
            let actorID = try await accountID(forActor: filter.actor, on: tx)
            let rows = try await matchingRows(filter, actorID: actorID, from: from, to: to, page: page, on: tx)
            let events = try await eventRows(rows, on: tx)
            let recorded = Self.filtersUsed(
                filter, actorID: actorID, from: from, to: to, page: page, results: events.count)
            try await AuditLog.append(
                AuditDraft(action: "audit.searched", actor: auditor, subjectType: "audit-log", details: recorded),
                context: context, on: tx)
            return Result(events: events, page: page, hasNextPage: rows.count > Self.pageSize)
        }
    }

    /// The action and the period searched, checked before anything is read.
    private static func checkFilter(_ filter: Filter) throws -> (from: CalendarDate?, to: CalendarDate?) {
        var errors: [ServiceError.FieldError] = []
        if let action = clean(filter.action), !AuditActions.isKnown(action) {
            errors.append(
                .init(
                    field: "action",
                    message: "There is no action called \u{201C}\(action)\u{201D}. Choose an action from the list."))
        }
        let from = date(filter.from, field: "from", label: "Start date", errors: &errors)
        let to = date(filter.to, field: "to", label: "End date", errors: &errors)
        if let from, let to, to < from {
            errors.append(.init(field: "to", message: "The end date must be the same as or after the start date."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return (from, to)
    }

    /// The account identifier to filter by: the actor as given, or the account an email belongs to.
    private func accountID(forActor actor: String?, on db: any Database) async throws -> String? {
        guard let actor = Self.clean(actor) else { return nil }
        guard actor.contains("@") else { return actor }
        // Auditors may look up by email; the log itself stores only account identifiers.
        let id = try await PractitionerModel.query(on: db).filter(\.$email == actor.lowercased())
            .first()?.id
        return id?.uuidString ?? "no-such-account"
    }

    /// One page of matching events, newest first, and one more to tell whether another page follows.
    private func matchingRows(
        _ filter: Filter, actorID: String?, from: CalendarDate?, to: CalendarDate?, page: Int, on db: any Database
    ) async throws -> [AuditEventModel] {
        // What was logged a moment ago (this search included) is shown, not left waiting for the timer.
        try await AuditSequencer.sequencePending(on: db)
        let query = AuditEventModel.query(on: db)
        if let actorID {
            if Self.isShortReference(actorID) {
                query.filter(\.$actorID =~ actorID.uppercased())
            } else {
                query.filter(\.$actorID == actorID)
            }
        }
        if let subjectType = Self.clean(filter.subjectType) { query.filter(\.$subjectType == subjectType) }
        if let subjectID = Self.clean(filter.subjectID) {
            if Self.isShortReference(subjectID) {
                query.filter(\.$subjectID =~ subjectID.uppercased())
            } else {
                query.filter(\.$subjectID == subjectID)
            }
        }
        if let action = Self.clean(filter.action) { query.filter(\.$action == action) }
        if let from { query.filter(\.$occurredAtMillis >= Self.millis(startOf: from)) }
        if let to { query.filter(\.$occurredAtMillis < Self.millis(startOf: to) + 86_400_000) }
        return try await query.sort(\.$id, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize + 1))
            .all()
    }

    /// The page's events with their actors' and organisations' names (the extra row only tells whether a
    /// next page exists).
    private func eventRows(_ rows: [AuditEventModel], on db: any Database) async throws -> [EventRow] {
        let actorIDs = Set(rows.compactMap { $0.actorID.flatMap(UUID.init(uuidString:)) })
        let names = try await PractitionerModel.query(on: db).filter(\.$id ~~ actorIDs).all()
            .reduce(into: [String: String]()) { map, practitioner in
                if let id = practitioner.id { map[id.uuidString] = practitioner.name }
            }
        let codes = Set(rows.compactMap(\.actorOrganisation))
        let organisations = try await OrganisationModel.query(on: db).filter(\.$code ~~ codes).all()
            .reduce(into: [String: String]()) { map, organisation in map[organisation.code] = organisation.name }
        let formatter = ISO8601DateFormatter()
        return rows.prefix(Self.pageSize).map { row in
            EventRow(
                sequence: row.id ?? 0,
                occurredAt: formatter.string(from: Date(timeIntervalSince1970: Double(row.occurredAtMillis) / 1000)),
                actorID: row.actorID, actorName: row.actorID.flatMap { names[$0] }, actorRole: row.actorRole,
                actorOrganisation: row.actorOrganisation,
                actorOrganisationName: row.actorOrganisation.flatMap { organisations[$0] }, action: row.action,
                subjectType: row.subjectType,
                subjectID: row.subjectID, reason: row.reason, outcome: row.outcome, clientIP: row.clientIP,
                details: row.details)
        }
    }

    /// The filters this search used, for its own audit event.
    private static func filtersUsed(
        _ filter: Filter, actorID: String?, from: CalendarDate?, to: CalendarDate?, page: Int, results: Int
    ) -> [String: String] {
        var used: [String: String] = ["page": String(page), "results": String(results)]
        for (key, value) in [
            ("actor", actorID), ("subjectType", filter.subjectType), ("subjectID", filter.subjectID),
            ("action", filter.action), ("from", from?.iso), ("to", to?.iso),
        ] {
            if let value = clean(value) { used[key] = value }
        }
        return used
    }

    /// A shortened reference: the first 8 hexadecimal characters of an identifier.
    static func isShortReference(_ value: String) -> Bool {
        value.count == 8 && value.allSatisfy(\.isHexDigit)
    }

    static func clean(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(200))
    }

    private static func date(_ text: String?, field: String, label: String, errors: inout [ServiceError.FieldError])
        -> CalendarDate?
    {
        guard let text = clean(text) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            errors.append(.init(field: field, message: DateEntry.problem(in: text, label: label)))
            return nil
        }
        return date
    }

    private static func millis(startOf date: CalendarDate) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        return Int64(start.timeIntervalSince1970 * 1000)
    }
}
