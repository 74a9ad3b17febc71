import Fluent
import Foundation
import SignpostCore

/// Writes chronology entries: a practitioner's, through `ChronologyService`, and the system's own,
/// from any feature, in the same transaction as the event they record (an involvement started, a
/// member joined, an assessment completed...), as `AuditLog` is written. An entry is never changed.
enum ChronologyLog {
    /// What an entry says, before it is sealed.
    struct Draft: Sendable {
        var occurredOn: CalendarDate
        var occurredTime: String?
        var category: ChronologyCategory
        var significance: ChronologySignificance
        var summary: String
        var source: ChronologySource
        var corrects: UUID?
    }

    /// Seals the summary with the child's authority's data key, bound to the new entry's id, and
    /// appends the entry. A sensitive service's entry is marked so, and `Policy.disclosure` keeps it
    /// to that service and the data managers.
    @discardableResult
    static func append(
        _ draft: Draft, child: LoadedChild, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> ChronologyEntryModel {
        let authority = child.authority.onsCode
        let cipher = try await DataKeyStore.cipher(for: authority, creating: true, context: context, on: tx)
        let entry = ChronologyEntryModel()
        let id = UUID()
        entry.id = id
        entry.childID = child.id
        entry.occurredOn = draft.occurredOn.iso
        entry.occurredTime = draft.occurredTime ?? ""
        entry.recordedAt = context.now
        entry.authorID = actor.id
        entry.organisationCode = actor.organisationCode
        entry.sensitive = actor.organisationSensitive
        entry.category = draft.category.rawValue
        entry.significance = draft.significance.rawValue
        entry.summarySealed = try cipher.seal(draft.summary, context: sealingContext(id))
        entry.keyAuthority = authority
        entry.source = draft.source.rawValue
        entry.correctsID = draft.corrects
        try await entry.create(on: tx)
        // The words of the summary and of the category's name, as blind tokens, for free-text search.
        let index = cipher.blindIndex(purpose: blindIndexPurpose)
        let words = SearchWords.words(in: draft.summary).union(SearchWords.words(in: draft.category.label))
        try await words.map { ChronologyTermModel(entryID: id, childID: child.id, token: index.token($0)) }
            .create(on: tx)
        return entry
    }

    /// The system's record of the team's work, dated now (London time): routine, and in words that say
    /// that something happened, never its content. Nothing is written for a sensitive service's work or
    /// about one (`Policy.writesSystemEntry`).
    static func appendSystemEntry(
        _ summary: String, category: ChronologyCategory, child: LoadedChild, by actor: AuthenticatedPractitioner,
        aboutSensitiveService: Bool = false, context: ServiceContext, on tx: any Database
    ) async throws {
        guard Policy.writesSystemEntry(by: actor.actor, aboutSensitiveService: aboutSensitiveService) else { return }
        let (day, time) = DisplayTime.londonDayAndTime(context.now)
        try await append(
            Draft(
                occurredOn: day, occurredTime: time, category: category, significance: .routine, summary: summary,
                source: .system, corrects: nil),
            child: child, by: actor, context: context, on: tx)
    }

    /// The blind index of the chronology's words (`FieldCipher.blindIndex`).
    static let blindIndexPurpose = "chronology-words"

    /// The additional data an entry's summary is sealed with: copied to another row, it fails to open.
    static func sealingContext(_ entryID: UUID) -> String { "chronology:\(entryID.uuidString)" }
}
