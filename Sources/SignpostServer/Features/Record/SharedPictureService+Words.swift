import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The word cloud: from the chronology entries and forum posts the viewer reads in full and, where
/// the policy lets the viewer read it (consent covering the team, or another basis), the early-help
/// assessment. Computed on every request from what this viewer may read; nothing is kept.
extension SharedPictureService {
    struct WordRow: Sendable, Codable, Equatable {
        var word: String
        var count: Int
        var sources: [String]
        var link: String
    }

    struct WordCloudPage: Sendable, Codable {
        var childName: String
        var svg: String
        var summary: String
        var terms: [WordRow]
        /// Whether the assessment's words are in the cloud.
        var includesAssessment: Bool
    }

    func wordCloud(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> WordCloudPage {
        try await context.auditedTransaction { context, tx in
            let audit = "picture.words-viewed"
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewSharedPicture, audit: audit, by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            var sealed = SealedText(context: context)
            // Asked of the policy once per organisation and sensitivity, not once per entry.
            var decided: [SharedRecordItem: Bool] = [:]
            func readable(_ organisation: String, _ sensitive: Bool) -> Bool {
                let item = SharedRecordItem(organisationCode: organisation, sensitive: sensitive)
                if let known = decided[item] { return known }
                let full = Policy.disclosure(of: item, to: actor.actor, child: loaded.facts, context: access) == .full
                decided[item] = full
                return full
            }
            var documents = try await Self.chronologyTexts(ids, readable: readable, sealed: &sealed, on: tx)
            let entries = documents.count
            documents += try await Self.forumTexts(ids, readable: readable, sealed: &sealed, on: tx)
            let posts = documents.count - entries
            let assessment = try await Self.assessmentTexts(
                ids, child: loaded, access: access, actor: actor, context: context, on: tx)
            documents += assessment
            let cloud = WordCloud.make(
                documents: documents,
                suppressedNames: try await Self.namesOnRecord(loaded, ids: ids, sealed: &sealed, on: tx),
                sensitiveOrganisationNames: try await OrganisationModel.query(on: tx).filter(\.$sensitive == true)
                    .all().map(\.name))
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: [
                        "entries": String(entries), "posts": String(posts),
                        "assessment": assessment.isEmpty ? "no" : "yes", "terms": String(cloud.terms.count),
                    ]),
                context: context, on: tx)
            let link = { (word: String) in SiteURL.chronology(childID, filter: ["text": word]).path }
            return WordCloudPage(
                childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                svg: cloud.svg(id: "word-cloud", link: link), summary: cloud.summary,
                terms: cloud.terms.map {
                    WordRow(word: $0.word, count: $0.count, sources: $0.sources.map(\.label), link: link($0.word))
                },
                includesAssessment: !assessment.isEmpty)
        }
    }

    /// The summaries of the entries the viewer reads in full, read with one plain SQL query (no model
    /// decoding: 10,000 entries must decrypt well within the page's budget), on SQLite by `SQLiteRows`.
    static func chronologyTexts(
        _ ids: [UUID], readable: (String, Bool) -> Bool, sealed: inout SealedText, on db: any Database
    ) async throws -> [WordCloudDocument] {
        var documents: [WordCloudDocument] = []
        for row in try await summaryRows(ids, on: db) where readable(row.organisation, row.sensitive) {
            let text = try await sealed.open(
                row.summary, authority: row.authority, context: ChronologyLog.sealingContext(row.id), on: db)
            documents.append(WordCloudDocument(text: text, source: .chronology))
        }
        return documents
    }

    struct SummaryRow {
        var id: UUID
        var summary: String
        var authority: String
        var organisation: String
        var sensitive: Bool
    }

    static func summaryRows(_ ids: [UUID], on db: any Database) async throws -> [SummaryRow] {
        let columns = "id, summary_sealed, key_authority, organisation_code, sensitive"
        let table = ChronologyEntryModel.schema
        if let rows = try await SQLiteRows.all(
            "SELECT \(columns) FROM \(table) WHERE child_id IN (\(SQLiteRows.marks(ids.count)))",
            ids.map { .text($0.uuidString) }, on: db)
        {
            return try rows.map { row in
                SummaryRow(
                    id: try SQLiteRows.uuid(row, "id"), summary: try SQLiteRows.text(row, "summary_sealed"),
                    authority: try SQLiteRows.text(row, "key_authority"),
                    organisation: try SQLiteRows.text(row, "organisation_code"),
                    sensitive: try SQLiteRows.bool(row, "sensitive"))
            }
        }
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw(
            "SELECT \(unsafeRaw: columns) FROM \(ident: ChronologyEntryModel.schema) WHERE child_id IN (\(binds: ids))"
        ).all().map { row in
            SummaryRow(
                id: try row.decode(column: "id", as: UUID.self),
                summary: try row.decode(column: "summary_sealed", as: String.self),
                authority: try row.decode(column: "key_authority", as: String.self),
                organisation: try row.decode(column: "organisation_code", as: String.self),
                sensitive: try row.decode(column: "sensitive", as: Bool.self))
        }
    }

    static func forumTexts(
        _ ids: [UUID], readable: (String, Bool) -> Bool, sealed: inout SealedText, on db: any Database
    ) async throws -> [WordCloudDocument] {
        var documents: [WordCloudDocument] = []
        for post in try await ForumPostModel.query(on: db).filter(\.$childID ~~ ids).all()
        where readable(post.organisationCode, post.anonymous) {
            let text = try await sealed.open(
                post.bodySealed, authority: post.keyAuthority, context: "forum-post:\(post.id!.uuidString)", on: db)
            documents.append(WordCloudDocument(text: text, source: .forum))
        }
        return documents
    }

    /// The assessment's words, only from episodes the policy lets this viewer read.
    static func assessmentTexts(
        _ ids: [UUID], child: LoadedChild, access: AccessContext, actor: AuthenticatedPractitioner,
        context: ServiceContext, on db: any Database
    ) async throws -> [WordCloudDocument] {
        guard Policy.decide(actor.actor, .viewAssessment, child: child.facts, context: access).isAllowed else {
            return []
        }
        var documents: [WordCloudDocument] = []
        for episode in try await EpisodeModel.query(on: db).filter(\.$childID ~~ ids).all() {
            let facts = LoadedEpisode.facts(episode, child: child)
            guard Policy.decide(actor.actor, .view, episode: facts, child: child.facts, context: access).isAllowed
            else { continue }
            let cipher = try await DataKeyStore.cipher(
                for: episode.authorityCode, creating: false, context: context, on: db)
            let content = try cipher.openJSON(
                AssessmentContent.self, episode.contentSealed, context: LoadedEpisode.contentContext(episode.id!))
            let parts = [
                content.whatLedToIt, content.peoplePresent, content.parentsAndCarers, content.disabilityOrSEN,
                content.childViews, content.parentViews, content.conclusions,
            ]
            let elements = content.elements.keys.sorted().flatMap {
                [content.elements[$0]?.strengths, content.elements[$0]?.needs]
            }
            let text = (parts + elements).compactMap { $0 }.joined(separator: "\n")
            if !text.isEmpty { documents.append(WordCloudDocument(text: text, source: .assessment)) }
        }
        return documents
    }

    /// Everyone named on the record, whose names never appear in a cloud: the child (every recorded
    /// name), the carers, the people recorded in the child's life, and the practitioners involved or
    /// writing in the shared record.
    static func namesOnRecord(_ child: LoadedChild, ids: [UUID], sealed: inout SealedText, on db: any Database)
        async throws -> [String]
    {
        var names = [child.child.givenName, child.child.familyName]
        names += try await ChildNameModel.query(on: db).filter(\.$child.$id ~~ ids).all()
            .flatMap { [$0.givenName, $0.familyName] }
        names += try await CarerModel.query(on: db).filter(\.$child.$id ~~ ids).all().map(\.name)
        // Every person recorded in the child's life, whoever recorded them: a name is never a word.
        for row in try await RelationshipModel.query(on: db).filter(\.$childID ~~ ids).all() {
            names.append(try await Self.details(of: row, sealed: &sealed, on: db).name)
        }
        names += child.involvements.map(\.practitioner.name)
        var authors = Set(
            try await ChronologyEntryModel.query(on: db).filter(\.$childID ~~ ids).field(\.$authorID).unique().all()
                .map(\.authorID))
        authors.formUnion(
            try await ForumPostModel.query(on: db).filter(\.$childID ~~ ids).field(\.$authorID).unique().all()
                .map(\.authorID))
        names += try await PractitionerModel.query(on: db).filter(\.$id ~~ authors).all().map(\.name)
        return names
    }
}
