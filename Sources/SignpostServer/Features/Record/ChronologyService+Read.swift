import Fluent
import FluentSQL
import Foundation
import SQLKit
import SignpostCore

/// Reading the chronology: newest first, 50 to a page, filtered by organisation, category,
/// significance, dates and free text over what the viewer may read. The policy decides each kind of
/// author (organisation, sensitive or not) once, and the query asks only for those the viewer sees.
extension ChronologyService {
    struct Filter: Sendable, Codable, Equatable {
        var organisation: String?
        var category: String?
        var significance: String?
        var from: String?
        var to: String?
        var text: String?
        var page: Int?
    }

    struct Page: Sendable, Codable {
        var childName: String
        /// The viewer may add entries and corrections (the team; data managers only read).
        var mayAdd: Bool
        var entries: [EntryView]
        var page: Int
        var hasNextPage: Bool
        /// The organisations whose entries the viewer reads in full, for the organisation filter.
        var organisations: [Organisation]
    }

    struct Organisation: Sendable, Codable, Equatable {
        var code: String
        var name: String
    }

    func list(childID: UUID, filter: Filter, by actor: AuthenticatedPractitioner) async throws -> Page {
        let checked = try Self.checkedFilter(filter)
        return try await context.auditedTransaction { context, tx in
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewSharedRecord, audit: "chronology.viewed", by: actor, context: context, on: tx)
            let ids = try await Self.recordIDs(of: childID, on: tx)
            var full: [SharedRecordItem] = []
            var brief: [SharedRecordItem] = []
            for kind in try await Self.authorKinds(of: ids, on: tx) {
                switch Policy.disclosure(of: kind, to: actor.actor, child: loaded.facts, context: access) {
                case .full: full.append(kind)
                case .anotherService: brief.append(kind)
                case .hidden: break
                }
            }
            // A filter on what an "another service" entry does not show matches only entries shown in full.
            let shown = checked.needsFullEntries ? [] : brief
            let rows = try await Self.matchingRows(checked, ids: ids, kinds: full + shown, on: tx, context: context)
            let page = try await Self.views(
                of: Array(rows.prefix(Self.pageSize)), full: Set(full), ids: ids, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "chronology.viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: checked.audited.merging(["shown": String(page.count)]) { $1 }),
                context: context, on: tx)
            return Page(
                childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                mayAdd: Policy.decide(actor.actor, .addToSharedRecord, child: loaded.facts, context: access).isAllowed,
                entries: page, page: checked.page, hasNextPage: rows.count > Self.pageSize,
                organisations: try await Self.organisations(Set(full.map(\.organisationCode)), on: tx))
        }
    }

    /// One entry, to correct it: only an entry the viewer may read in full, audited as a read.
    func entry(_ entryID: UUID, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> (
        childName: String, entry: EntryView
    ) {
        try await context.auditedTransaction { context, tx in
            let audit = "chronology.entry-viewed"
            let (loaded, access) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: audit, by: actor, context: context, on: tx)
            let ids = try await Self.recordIDs(of: childID, on: tx)
            guard let row = try await ChronologyEntryModel.find(entryID, on: tx), ids.contains(row.childID),
                Policy.disclosure(of: Self.item(row), to: actor.actor, child: loaded.facts, context: access) == .full
            else { try await Self.refuseEntry(entryID, childID: childID, audit: audit, by: actor, context, tx) }
            let views = try await Self.views(of: [row], full: [Self.item(row)], ids: ids, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["entry": entryID.uuidString]),
                context: context, on: tx)
            return ("\(loaded.child.givenName) \(loaded.child.familyName)", views[0])
        }
    }

    /// Each distinct kind of author among the record's entries.
    static func authorKinds(of ids: [UUID], on db: any Database) async throws -> [SharedRecordItem] {
        let rows = try await ChronologyEntryModel.query(on: db).filter(\.$childID ~~ ids)
            .field(\.$organisationCode).field(\.$sensitive).unique().all()
        return Array(Set(rows.map { SharedRecordItem(organisationCode: $0.organisationCode, sensitive: $0.sensitive) }))
    }

    /// The page's rows and one more (to tell whether another page follows). Free text is matched after
    /// decryption, newest first, in batches, until the page is full.
    private static func matchingRows(
        _ filter: CheckedFilter, ids: [UUID], kinds: [SharedRecordItem], on tx: any Database,
        context: ServiceContext
    ) async throws -> [ChronologyEntryModel] {
        guard !kinds.isEmpty else { return [] }
        let wanted = (filter.page - 1) * pageSize
        guard let text = filter.text else {
            return try await query(filter, ids: ids, kinds: kinds, on: tx).range(wanted..<(wanted + pageSize + 1))
                .all()
        }
        // Each word is looked up as its blind token, under every key the child's entries were sealed with;
        // an entry matches when it has every word. Only the page shown is decrypted.
        let authorities = try await ChronologyEntryModel.query(on: tx).filter(\.$childID ~~ ids)
            .field(\.$keyAuthority).unique().all().map(\.keyAuthority)
        var indexes: [BlindIndex] = []
        for authority in Set(authorities) {
            indexes.append(
                try await DataKeyStore.cipher(for: authority, creating: false, context: context, on: tx)
                    .blindIndex(purpose: ChronologyLog.blindIndexPurpose))
        }
        // One subquery per word, in SQL, so the database stops at the page: no list of every match is read.
        let query = query(filter, ids: ids, kinds: kinds, on: tx)
        for word in SearchWords.words(in: text) {
            let tokens = indexes.map { $0.token(word) }
            query.filter(
                .sql(
                    embed: """
                        \(ident: ChronologyEntryModel.schema).\(ident: "id") IN (SELECT \(ident: "entry_id") FROM \
                        \(ident: ChronologyTermModel.schema) WHERE \(ident: "child_id") IN (\(binds: ids)) AND \
                        \(ident: "token") IN (\(binds: tokens)))
                        """))
        }
        return try await query.range(wanted..<(wanted + pageSize + 1)).all()
    }

    private static func query(
        _ filter: CheckedFilter, ids: [UUID], kinds: [SharedRecordItem], on db: any Database
    ) -> QueryBuilder<ChronologyEntryModel> {
        let query = ChronologyEntryModel.query(on: db).filter(\.$childID ~~ ids)
        query.group(.or) { any in
            for kind in kinds {
                any.group(.and) {
                    $0.filter(\.$organisationCode == kind.organisationCode).filter(\.$sensitive == kind.sensitive)
                }
            }
        }
        if let organisation = filter.organisation { query.filter(\.$organisationCode == organisation) }
        if let category = filter.category { query.filter(\.$category == category.rawValue) }
        if let significance = filter.significance { query.filter(\.$significance == significance.rawValue) }
        if let from = filter.from { query.filter(\.$occurredOn >= from.iso) }
        if let to = filter.to { query.filter(\.$occurredOn <= to.iso) }
        return query.sort(\.$occurredOn, .descending).sort(\.$occurredTime, .descending)
            .sort(\.$recordedAt, .descending).sort(\.$id, .descending)
    }

    private static func organisations(_ codes: Set<String>, on db: any Database) async throws -> [Organisation] {
        guard !codes.isEmpty else { return [] }
        return try await OrganisationModel.query(on: db).filter(\.$code ~~ codes).all()
            .map { Organisation(code: $0.code, name: $0.name) }.sorted { $0.name < $1.name }
    }
}

extension SealedText {
    /// A chronology entry's summary.
    mutating func summary(of entry: ChronologyEntryModel, on db: any Database) async throws -> String {
        try await open(
            entry.summarySealed, authority: entry.keyAuthority, context: ChronologyLog.sealingContext(entry.id!), on: db
        )
    }
}
