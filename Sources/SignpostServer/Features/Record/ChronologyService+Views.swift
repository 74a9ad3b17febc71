import Fluent
import Foundation
import SignpostCore

extension ChronologyService {
    /// The filter, checked before anything is read.
    struct CheckedFilter: Sendable {
        var organisation: String?
        var category: ChronologyCategory?
        var significance: ChronologySignificance?
        var from: CalendarDate?
        var to: CalendarDate?
        var text: String?
        var page: Int

        /// A filter on something an "another service" entry does not show (who, what kind, what it says).
        var needsFullEntries: Bool { organisation != nil || category != nil || significance != nil || text != nil }

        /// What the read's audit event records: the filters, never the words searched for.
        var audited: [String: String] {
            var used = ["page": String(page)]
            if let organisation { used["organisation"] = organisation }
            if let category { used["category"] = category.rawValue }
            if let significance { used["significance"] = significance.rawValue }
            if let from { used["from"] = from.iso }
            if let to { used["to"] = to.iso }
            if text != nil { used["textSearched"] = "yes" }
            return used
        }
    }

    static func checkedFilter(_ filter: Filter) throws -> CheckedFilter {
        var errors: [ServiceError.FieldError] = []
        func clean(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        func day(_ text: String?, field: String, label: String) -> CalendarDate? {
            guard let text = clean(text) else { return nil }
            guard let date = CalendarDate(typed: text) else {
                errors.append(.init(field: field, message: DateEntry.problem(in: text, label: label)))
                return nil
            }
            return date
        }
        let category = clean(filter.category).map { ChronologyCategory(rawValue: $0) }
        if category == .some(nil) {
            errors.append(.init(field: "category", message: "Choose a category from the list."))
        }
        let significance = clean(filter.significance).map { ChronologySignificance(rawValue: $0) }
        if significance == .some(nil) {
            errors.append(.init(field: "significance", message: "Choose a significance from the list."))
        }
        let from = day(filter.from, field: "from", label: "Start date")
        let to = day(filter.to, field: "to", label: "End date")
        if let from, let to, to < from {
            errors.append(.init(field: "to", message: "The end date must be the same as or after the start date."))
        }
        if let organisation = clean(filter.organisation), organisation.count > 40 {
            errors.append(.init(field: "organisation", message: "Choose an organisation from the list."))
        }
        let text = clean(filter.text)
        if let text, text.count > 200 {
            errors.append(.init(field: "text", message: "Search for 200 characters or fewer."))
        } else if let text, SearchWords.words(in: text).isEmpty {
            errors.append(.init(field: "text", message: "Search for a whole word of 2 letters or more."))
        }
        let page = filter.page ?? 1
        if !(1...10_000).contains(page) { errors.append(.init(field: "page", message: "There is no such page.")) }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return CheckedFilter(
            organisation: clean(filter.organisation), category: category ?? nil, significance: significance ?? nil,
            from: from, to: to, text: text, page: page)
    }

    /// The page's entries as the viewer may see them: in full (decrypted, with author, organisation and
    /// the corrections the viewer may see), or as "another service recorded something" and its date.
    static func views(
        of rows: [ChronologyEntryModel], full: Set<SharedRecordItem>, ids: [UUID], context: ServiceContext,
        on db: any Database
    ) async throws -> [EntryView] {
        let shownInFull = rows.filter { full.contains(item($0)) }
        let authorIDs = Set(shownInFull.map(\.authorID))
        let names = try await PractitionerModel.query(on: db).filter(\.$id ~~ authorIDs).all()
            .reduce(into: [UUID: String]()) { map, person in if let id = person.id { map[id] = person.name } }
        let codes = Set(shownInFull.map(\.organisationCode))
        let organisations = try await OrganisationModel.query(on: db).filter(\.$code ~~ codes).all()
            .reduce(into: [String: String]()) { $0[$1.code] = $1.name }
        let corrections = try await correctionsSeen(of: shownInFull.compactMap(\.id), full: full, ids: ids, on: db)
        var ciphers = SealedText(context: context)
        var views: [EntryView] = []
        for row in rows {
            guard full.contains(item(row)), let id = row.id else {
                views.append(EntryView(id: row.id!, disclosure: .anotherService, occurredOn: row.occurredOn))
                continue
            }
            views.append(
                EntryView(
                    id: id, disclosure: .full, occurredOn: row.occurredOn,
                    occurredTime: row.occurredTime.isEmpty ? nil : row.occurredTime, recordedAt: row.recordedAt,
                    authorName: names[row.authorID], organisationCode: row.organisationCode,
                    organisationName: organisations[row.organisationCode],
                    category: ChronologyCategory(rawValue: row.category),
                    significance: ChronologySignificance(rawValue: row.significance),
                    summary: try await ciphers.summary(of: row, on: db), source: ChronologySource(rawValue: row.source),
                    corrects: row.correctsID, correctedBy: corrections[id] ?? []))
        }
        return views
    }

    /// The corrections of these entries that the viewer may read in full, oldest first.
    private static func correctionsSeen(
        of entryIDs: [UUID], full: Set<SharedRecordItem>, ids: [UUID], on db: any Database
    ) async throws -> [UUID: [UUID]] {
        guard !entryIDs.isEmpty else { return [:] }
        let rows = try await ChronologyEntryModel.query(on: db).filter(\.$childID ~~ ids)
            .filter(\.$correctsID ~~ entryIDs).sort(\.$recordedAt).all()
        var byOriginal: [UUID: [UUID]] = [:]
        for row in rows where full.contains(item(row)) {
            if let original = row.correctsID, let id = row.id { byOriginal[original, default: []].append(id) }
        }
        return byOriginal
    }
}
