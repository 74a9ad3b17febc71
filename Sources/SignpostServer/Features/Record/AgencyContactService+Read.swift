import Fluent
import Foundation
import SignpostCore

extension AgencyContactService {
    /// One contact as the viewer may see it; for "another service" only the date and `disclosure`.
    struct ContactView: Sendable, Codable, Equatable {
        var id: UUID
        var disclosure: SharedRecordDisclosure
        var occurredOn: String
        var organisationCode: String?
        var organisationName: String?
        var kind: ContactKind?
        var outcome: ContactOutcome?
        var childSeen: Bool?
        var seenAlone: Bool?
        var note: String?
        var sessionsPossible: Int?
        var sessionsAttended: Int?
        var source: String?
    }

    struct ExpectedView: Sendable, Codable, Equatable {
        var name: String
        var from: String
        var by: String
        var state: ExpectedContact.State
    }

    /// `ContactPicture` for the wire and the pages.
    struct PictureView: Sendable, Codable, Equatable {
        var lastSeen: String?
        var daysSinceSeen: Int?
        var notSeenTooLong: Bool
        var frequencyDays: Int?
        var expected: [ExpectedView]
        var missedContacts: Int
        var attendancePercent: Double?
        var persistentAbsence: Bool
    }

    struct ContactsPage: Sendable, Codable {
        var childName: String
        var mayAdd: Bool
        var picture: PictureView
        /// Newest first, 50 to a page.
        var contacts: [ContactView]
        var page: Int
        var hasNextPage: Bool
    }

    static let pageSize = 50

    func list(childID: UUID, page: Int?, by actor: AuthenticatedPractitioner) async throws -> ContactsPage {
        let page = page ?? 1
        guard (1...10_000).contains(page) else {
            throw ServiceError.validation([.init(field: "page", message: "There is no such page.")])
        }
        return try await context.auditedTransaction { context, tx in
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewSharedRecord, audit: "contacts.viewed", by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            let all = try await AgencyContactModel.query(on: tx).filter(\.$childID ~~ ids)
                .sort(\.$occurredOn, .descending).sort(\.$recordedAt, .descending).sort(\.$id, .descending).all()
            var disclosures: [SharedRecordItem: SharedRecordDisclosure] = [:]
            let visible = all.filter { row in
                let item = SharedRecordItem(organisationCode: row.organisationCode, sensitive: row.sensitive)
                let shown =
                    disclosures[item]
                    ?? Policy.disclosure(of: item, to: actor.actor, child: loaded.facts, context: access)
                disclosures[item] = shown
                return shown != .hidden
            }
            let full = visible.filter { disclosures[Self.item($0)] == .full }
            let picture = try await Self.picture(
                of: full.map(FactRow.init), child: loaded, access: access, actor: actor, on: tx)
            let pageRows = Array(visible.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
            let views = try await Self.views(
                of: pageRows, full: Set(full.compactMap(\.id)), context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "contacts.viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["page": String(page), "shown": String(views.count)]),
                context: context, on: tx)
            return ContactsPage(
                childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                mayAdd: Policy.decide(actor.actor, .addToSharedRecord, child: loaded.facts, context: access).isAllowed,
                picture: picture, contacts: views, page: page, hasNextPage: visible.count > page * Self.pageSize)
        }
    }

    /// The picture of contact alone, from the contacts the viewer reads in full: for the child page and
    /// the caseload, inside their own audited reads.
    static func picture(
        for loaded: LoadedChild, access: AccessContext, actor: AuthenticatedPractitioner, on db: any Database
    ) async throws -> PictureView {
        let ids = try await ChronologyService.recordIDs(of: loaded.id, on: db)
        let rows = try await factRows(ids, on: db)
        let shown = disclosures(of: rows, child: loaded, access: access, actor: actor)
        let full = zip(rows, shown).filter { $0.1 == .full }.map(\.0)
        return try await picture(of: full, child: loaded, access: access, actor: actor, on: db)
    }

    static func item(_ row: AgencyContactModel) -> SharedRecordItem {
        SharedRecordItem(organisationCode: row.organisationCode, sensitive: row.sensitive)
    }

    /// The picture of contact from the contacts the viewer reads in full, the child's dates, the review
    /// of an open episode the viewer may read, and the agreed frequency.
    private static func picture(
        of contacts: [FactRow], child: LoadedChild, access: AccessContext,
        actor: AuthenticatedPractitioner, on db: any Database
    ) async throws -> PictureView {
        let schedule = try await schedule(of: contacts, child: child, access: access, actor: actor, on: db)
        let picture = schedule.picture
        return PictureView(
            lastSeen: picture.lastSeen?.iso, daysSinceSeen: picture.daysSinceSeen,
            notSeenTooLong: picture.notSeenTooLong, frequencyDays: schedule.frequencyDays,
            expected: picture.expected.map { .init(name: $0.name, from: $0.from.iso, by: $0.by.iso, state: $0.state) },
            missedContacts: picture.missedContacts, attendancePercent: picture.attendancePercent,
            persistentAbsence: picture.persistentAbsence)
    }

    /// The contacts as Core's schedule reads them, each with its organisation, and the picture computed
    /// from them: shared by the contacts page and the agency-contact graph.
    struct Schedule: Sendable {
        var contacts: [(organisationCode: String, fact: ContactFact)]
        var picture: ContactPicture
        var frequencyDays: Int?
    }

    static func schedule(
        of contacts: [FactRow], child: LoadedChild, access: AccessContext,
        actor: AuthenticatedPractitioner, on db: any Database
    ) async throws -> Schedule {
        let codes = Set(contacts.map(\.organisationCode))
        let healthVisiting = Set(
            try await OrganisationModel.query(on: db).filter(\.$code ~~ codes).all()
                .filter { $0.kind == "health-visiting" }.map(\.code))
        let facts = contacts.compactMap { row -> (organisationCode: String, fact: ContactFact)? in
            guard let on = CalendarDate(iso: row.occurredOn), let kind = ContactKind(rawValue: row.kind),
                let outcome = ContactOutcome(rawValue: row.outcome)
            else { return nil }
            return (
                row.organisationCode,
                ContactFact(
                    on: on, kind: kind, outcome: outcome, childSeen: row.childSeen,
                    byHealthVisiting: healthVisiting.contains(row.organisationCode),
                    sessionsPossible: row.sessionsPossible, sessionsAttended: row.sessionsAttended)
            )
        }
        let frequency = try await ContactFrequencyModel.query(on: db).filter(\.$childID == child.id)
            .sort(\.$setAt, .descending).first()?.everyDays
        var reviewDue: CalendarDate?
        if Policy.decide(actor.actor, .viewAssessment, child: child.facts, context: access).isAllowed {
            reviewDue = try await EpisodeModel.query(on: db).filter(\.$childID == child.id)
                .filter(\.$status == EpisodeStatus.completed.rawValue).all()
                .compactMap { $0.nextReviewOn.flatMap(CalendarDate.init(iso:)) }.min()
        }
        let picture = ContactSchedule.picture(
            contacts: facts.map(\.fact), dateOfBirth: child.child.dateOfBirth.flatMap(CalendarDate.init(iso:)),
            expectedDelivery: child.child.expectedDelivery.flatMap(CalendarDate.init(iso:)), reviewDue: reviewDue,
            frequencyDays: frequency, today: access.today)
        return Schedule(contacts: facts, picture: picture, frequencyDays: frequency)
    }

    /// The contacts as the viewer may see them: those in `full` decrypted with their organisation's name.
    static func views(
        of rows: [AgencyContactModel], full: Set<UUID>? = nil, context: ServiceContext, on db: any Database
    ) async throws -> [ContactView] {
        let codes = Set(rows.map(\.organisationCode))
        let names = try await OrganisationModel.query(on: db).filter(\.$code ~~ codes).all()
            .reduce(into: [String: String]()) { $0[$1.code] = $1.name }
        var ciphers = SealedText(context: context)
        var views: [ContactView] = []
        for row in rows {
            let id = row.id!
            guard full?.contains(id) ?? true else {
                views.append(ContactView(id: id, disclosure: .anotherService, occurredOn: row.occurredOn))
                continue
            }
            var note: String?
            if let sealed = row.noteSealed {
                note = try await ciphers.open(sealed, authority: row.keyAuthority, context: sealingContext(id), on: db)
            }
            views.append(
                ContactView(
                    id: id, disclosure: .full, occurredOn: row.occurredOn, organisationCode: row.organisationCode,
                    organisationName: names[row.organisationCode], kind: ContactKind(rawValue: row.kind),
                    outcome: ContactOutcome(rawValue: row.outcome), childSeen: row.childSeen, seenAlone: row.seenAlone,
                    note: note, sessionsPossible: row.sessionsPossible, sessionsAttended: row.sessionsAttended,
                    source: row.source))
        }
        return views
    }
}
