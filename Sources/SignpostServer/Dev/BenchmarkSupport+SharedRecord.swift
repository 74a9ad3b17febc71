import Fluent
import Foundation
import SignpostCore

/// The shared-record benchmark's fixture: one child with many chronology entries, contacts and posts,
/// written the way the services write them (sealed with the authority's key), and the reads timed.
extension BenchmarkSupport {
    public struct SharedRecordChild: Sendable {
        public let childID: UUID
        let actor: AuthenticatedPractitioner
    }

    /// A child created by the searcher (its first team member), with `entries` chronology entries,
    /// `contacts` agency contacts and `posts` forum posts over the last years.
    public func prepareSharedRecord(_ searcher: Searcher, entries: Int, contacts: Int, posts: Int) async throws
        -> SharedRecordChild
    {
        let context = makeContext()
        let input = try JSONDecoder().decode(
            ChildInput.self,
            from: Data(
                #"{"givenName":"Bench","familyName":"Record","dateOfBirth":"2021-05-04","gender":"female","postcode":"ls1 1aa","tier":2,"involvement":{"role":"Key worker","leadProfessional":true}}"#
                    .utf8))
        guard
            case .created(let childID) = try await ChildService(context: context).create(
                input, confirm: true, by: searcher.actor, limiter: limiter)
        else { throw ServiceError.conflict("The benchmark child was not created.") }
        try await context.db.transaction { tx in
            guard let loaded = try await ChildFactsLoader.load(childID, on: tx) else { throw ServiceError.notFound() }
            let today = CalendarDate(context.now)
            let categories = ChronologyCategory.chosenByPractitioners
            for index in 0..<entries {
                let draft = ChronologyLog.Draft(
                    occurredOn: today.adding(days: -(index % 1500)), occurredTime: nil,
                    category: categories[index % categories.count], significance: .routine,
                    summary: "Entry \(index): seen at home, school attendance discussed with the family.",
                    source: .practitioner, corrects: nil)
                try await ChronologyLog.append(draft, child: loaded, by: searcher.actor, context: context, on: tx)
            }
            let cipher = try await DataKeyStore.cipher(
                for: loaded.authority.onsCode, creating: true, context: context, on: tx)
            var rows: [AgencyContactModel] = []
            for index in 0..<contacts {
                let checked = AgencyContactService.Checked(
                    on: today.adding(days: -(index % 1500)), kind: .homeVisit, outcome: .seen, childSeen: true,
                    seenAlone: nil, note: "Visit \(index)", sessionsPossible: nil, sessionsAttended: nil,
                    reference: "BENCH-\(index)")
                rows.append(
                    try AgencyContactService.model(
                        checked, childID: childID, authority: loaded.authority.onsCode,
                        organisationCode: searcher.actor.organisationCode, sensitive: false, author: searcher.actor.id,
                        source: "practitioner", cipher: cipher, now: context.now))
            }
            for chunk in rows.chunked(500) { try await chunk.create(on: tx) }
        }
        let forum = ForumService(context: context)
        let thread = try await forum.startThread(
            .init(title: "Bench", kind: "observation", body: "First post"), childID: childID, by: searcher.actor)
        for index in 1..<max(1, posts) {
            try await forum.reply(
                .init(kind: "progress", body: "Post \(index)"), threadID: thread, childID: childID, by: searcher.actor)
        }
        return SharedRecordChild(childID: childID, actor: searcher.actor)
    }

    /// One read of the chronology's first page (or a free-text search), as the API reads it.
    public func chronologyPage(_ child: SharedRecordChild, text: String? = nil) async throws -> Int {
        let page = try await ChronologyService(context: makeContext()).list(
            childID: child.childID, filter: .init(text: text), by: child.actor)
        return page.entries.count
    }

    /// Imports `rows` contacts for the child from CSV-shaped rows; returns how many were imported.
    public func importContacts(_ child: SharedRecordChild, rows count: Int, offset: Int) async throws -> Int {
        let today = CalendarDate(makeContext().now)
        let rows = (0..<count).map { index -> (line: Int, fields: [String: String]) in
            (
                index + 2,
                [
                    "reference": "IMPORT-\(offset + index)", "child_id": child.childID.uuidString,
                    "date": today.adding(days: -(index % 700)).iso, "kind": "school-attendance", "outcome": "seen",
                    "child_seen": "yes", "sessions_possible": "10", "sessions_attended": String(7 + index % 4),
                ]
            )
        }
        let report = try await AgencyContactService(context: makeContext()).importRows(
            rows, organisationCode: child.actor.organisationCode
        ) { _, _ in }
        return report.imported
    }
}
