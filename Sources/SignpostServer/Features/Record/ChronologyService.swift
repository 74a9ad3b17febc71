import Fluent
import Foundation
import SignpostCore

/// The chronology of a child's shared record: what happened, when, recorded by whom. Append-only: an
/// entry is never edited or deleted, and a correction is a new entry pointing at the one it corrects.
/// Every read and write starts with `Policy` (`viewSharedRecord`, `addToSharedRecord`), and each entry
/// is shown as `Policy.disclosure` decides; every read and refusal is audited in the same transaction.
struct ChronologyService {
    let context: ServiceContext
    static let pageSize = 50

    /// A practitioner's entry, as typed: the date as `YYYY-MM-DD` (or `31/12/2026`), the time `HH:mm`.
    struct EntryInput: Sendable, Codable {
        var occurredOn: String
        var occurredTime: String?
        var category: String
        var significance: String
        var summary: String
    }

    /// One entry as the viewer is allowed to see it. For "another service recorded something" only the
    /// date and `disclosure` are filled in.
    struct EntryView: Sendable, Codable, Equatable {
        var id: UUID
        var disclosure: SharedRecordDisclosure
        var occurredOn: String
        var occurredTime: String?
        var recordedAt: Date?
        var authorName: String?
        var organisationCode: String?
        var organisationName: String?
        var category: ChronologyCategory?
        var significance: ChronologySignificance?
        var summary: String?
        var source: ChronologySource?
        /// The entry this one corrects.
        var corrects: UUID?
        /// The entries that correct this one, that the viewer may see.
        var correctedBy: [UUID] = []
    }

    func add(_ input: EntryInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> EntryView {
        let draft = try Self.checked(input, today: CalendarDate(context.now), corrects: nil)
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: "chronology.entry-added", by: actor, context: context, on: tx)
            let entry = try await ChronologyLog.append(draft, child: loaded, by: actor, context: context, on: tx)
            try await Self.auditWrite("chronology.entry-added", entry, childID: childID, by: actor, context, tx)
            return Self.ownView(of: entry, draft: draft, by: actor)
        }
    }

    /// Whether the actor may add to this child's chronology, asked before the blank form is shown: a
    /// refusal is audited and answers 404 or 403 exactly as posting the form would.
    func checkMayAdd(childID: UUID, by actor: AuthenticatedPractitioner) async throws {
        try await context.auditedTransaction { context, tx in
            _ = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: "chronology.entry-form", by: actor, context: context, on: tx)
        }
    }

    /// A correction: a new entry that points at the one it corrects, which stays as it was. Only an
    /// entry the actor may read in full can be corrected; any other answers as if it did not exist.
    func correct(_ input: EntryInput, entryID: UUID, childID: UUID, by actor: AuthenticatedPractitioner)
        async throws -> EntryView
    {
        let draft = try Self.checked(input, today: CalendarDate(context.now), corrects: entryID)
        return try await context.auditedTransaction { context, tx in
            let audit = "chronology.entry-corrected"
            let (loaded, access) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: audit, by: actor, context: context, on: tx)
            let recordIDs = try await Self.recordIDs(of: childID, on: tx)
            guard let original = try await ChronologyEntryModel.find(entryID, on: tx),
                recordIDs.contains(original.childID),
                Policy.disclosure(of: Self.item(original), to: actor.actor, child: loaded.facts, context: access)
                    == .full
            else { try await Self.refuseEntry(entryID, childID: childID, audit: audit, by: actor, context, tx) }
            let entry = try await ChronologyLog.append(draft, child: loaded, by: actor, context: context, on: tx)
            try await Self.auditWrite(audit, entry, childID: childID, by: actor, context, tx)
            return Self.ownView(of: entry, draft: draft, by: actor)
        }
    }

    /// An entry that is not this child's, or that the actor may not read in full: audited, and answered
    /// as if it did not exist.
    static func refuseEntry(
        _ entryID: UUID, childID: UUID, audit: String, by actor: AuthenticatedPractitioner,
        _ context: ServiceContext, _ tx: any Database
    ) async throws -> Never {
        try await AuditLog.append(
            AuditDraft(
                action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
                details: ["entry": entryID.uuidString, "why": "not found"]),
            context: context, on: tx)
        throw Refusal.notFound("There is no such entry in this child's chronology.")
    }

    /// The child's record and the records merged into it: a merge moves nothing of the chronology.
    static func recordIDs(of childID: UUID, on db: any Database) async throws -> [UUID] {
        let merged = try await ChildModel.query(on: db).filter(\.$mergedIntoID == childID).all().compactMap(\.id)
        return [childID] + merged
    }

    static func item(_ entry: ChronologyEntryModel) -> SharedRecordItem {
        SharedRecordItem(organisationCode: entry.organisationCode, sensitive: entry.sensitive)
    }

    private static func auditWrite(
        _ action: String, _ entry: ChronologyEntryModel, childID: UUID, by actor: AuthenticatedPractitioner,
        _ context: ServiceContext, _ tx: any Database
    ) async throws {
        var details = ["entry": entry.id?.uuidString ?? "", "category": entry.category]
        if let corrects = entry.correctsID { details["corrects"] = corrects.uuidString }
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: childID.uuidString, details: details),
            context: context, on: tx)
    }

    private static func ownView(
        of entry: ChronologyEntryModel, draft: ChronologyLog.Draft, by actor: AuthenticatedPractitioner
    )
        -> EntryView
    {
        EntryView(
            id: entry.id!, disclosure: .full, occurredOn: entry.occurredOn, occurredTime: draft.occurredTime,
            recordedAt: entry.recordedAt, authorName: actor.name, organisationCode: actor.organisationCode,
            organisationName: actor.organisationName, category: draft.category, significance: draft.significance,
            summary: draft.summary, source: draft.source, corrects: draft.corrects)
    }
}
