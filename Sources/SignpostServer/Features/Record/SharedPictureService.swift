import Fluent
import Foundation
import SignpostCore

/// The team's shared picture of the child: the agency-contact graph, the word cloud and the
/// relationships wheel. Each is drawn in Core (`ContactGraph`, `WordCloud`, `RelationshipWheel`) from
/// only what this viewer may read, decided by `Policy` (`viewSharedPicture`, `disclosure`,
/// `pictureDisclosure`), computed on demand and never cached, and audited as a read of what it was
/// drawn from, in the same transaction.
struct SharedPictureService {
    let context: ServiceContext

    /// One row of a picture's table alternative.
    struct GraphRow: Sendable, Codable, Equatable {
        var organisation: String
        var counts: [Int]
        /// Months with an active involvement and no contact, by index into `months`.
        var gapMonths: [Int]
    }

    struct ContactGraphPage: Sendable, Codable {
        var childName: String
        var svg: String
        var summary: String
        var months: [String]
        var rows: [GraphRow]
        var gaps: [String]
        var from: String?
        var to: String?
    }

    /// `from` and `to` as `YYYY-MM`, or nil for the child's whole involvement period.
    func contactGraph(childID: UUID, from: String?, to: String?, by actor: AuthenticatedPractitioner) async throws
        -> ContactGraphPage
    {
        let range = try Self.checkedRange(from: from, to: to)
        return try await context.auditedTransaction { context, tx in
            let audit = "picture.contacts-viewed"
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewSharedPicture, audit: audit, by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            let rows = try await AgencyContactService.factRows(ids, on: tx)
            let shown = AgencyContactService.disclosures(of: rows, child: loaded, access: access, actor: actor)
            let full = zip(rows, shown).filter { $0.1 == .full }.map(\.0)
            let brief = zip(rows, shown).filter { $0.1 == .anotherService }.map(\.0)
            let schedule = try await AgencyContactService.schedule(
                of: full, child: loaded, access: access, actor: actor, on: tx)
            let input = try await Self.graphInput(
                schedule, brief: brief, child: loaded, access: access, actor: actor, range: range, on: tx)
            let graph = ContactGraph.make(input)
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: [
                        "contacts": String(full.count + brief.count), "months": String(graph.months.count),
                        "gaps": String(graph.gaps.count),
                    ]),
                context: context, on: tx)
            return Self.page(graph, childID: childID, child: loaded, range: range)
        }
    }

    private static func page(
        _ graph: ContactGraph, childID: UUID, child: LoadedChild, range: (YearMonth?, YearMonth?)
    ) -> ContactGraphPage {
        let svg = graph.svg(id: "contact-graph") { organisation, month in
            SiteURL.chronology(
                childID,
                filter: ["organisation": organisation.code, "from": month.first.iso, "to": month.last.iso]
            ).path
        }
        let rows = graph.series.map { series in
            GraphRow(
                organisation: series.organisation.name, counts: series.counts,
                gapMonths: graph.gaps.compactMap { gap in
                    guard case .noContact(let code, _, let month) = gap, code == series.organisation.code else {
                        return nil
                    }
                    return graph.months.firstIndex(of: month)
                })
        }
        return ContactGraphPage(
            childName: "\(child.child.givenName) \(child.child.familyName)", svg: svg, summary: graph.summary,
            months: graph.months.map(\.label), rows: rows, gaps: graph.gaps.map(\.text),
            from: range.0.map { Self.typed($0) }, to: range.1.map { Self.typed($0) })
    }

    static func typed(_ month: YearMonth) -> String {
        month.month < 10 ? "\(month.year)-0\(month.month)" : "\(month.year)-\(month.month)"
    }

    /// `YYYY-MM` for each end, checked; the range is at most 10 years and runs forwards.
    static func checkedRange(from: String?, to: String?) throws -> (YearMonth?, YearMonth?) {
        var errors: [ServiceError.FieldError] = []
        func month(_ text: String?, field: String, label: String) -> YearMonth? {
            let typed = text?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !typed.isEmpty else { return nil }
            let parts = typed.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let number = Int(parts[1]),
                (1...12).contains(number), (1900...2200).contains(year)
            else {
                errors.append(.init(field: field, message: "\(label) must be a month, like 2026-03."))
                return nil
            }
            return YearMonth(year: year, month: number)
        }
        let start = month(from, field: "from", label: "The first month")
        let end = month(to, field: "to", label: "The last month")
        if let start, let end, end < start {
            errors.append(.init(field: "to", message: "The last month must be the same as or after the first."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return (start, end)
    }

    /// The organisations drawn: each involvement the viewer may see in full (its dates merged across
    /// its practitioners), any other organisation whose contacts the viewer reads, and one "another
    /// service" line for a sensitive service's contacts where the viewer is told only that they happened.
    private static func graphInput(
        _ schedule: AgencyContactService.Schedule, brief: [AgencyContactService.FactRow], child: LoadedChild,
        access: AccessContext, actor: AuthenticatedPractitioner, range: (YearMonth?, YearMonth?), on db: any Database
    ) async throws -> ContactGraphInput {
        var organisations: [String: GraphOrganisation] = [:]
        for involvement in child.involvements
        where Policy.pictureDisclosure(
            of: child.member(involvement), to: actor.actor, child: child.facts, context: access) == .full
        {
            let code = involvement.organisation.code
            let started = CalendarDate(iso: involvement.startedOn)
            let ended =
                involvement.status == InvolvementStatus.active.rawValue
                ? nil : involvement.endedOn.flatMap(CalendarDate.init(iso:))
            var drawn =
                organisations[code]
                ?? GraphOrganisation(
                    code: code, name: involvement.organisation.name, linkable: true, involvedFrom: started,
                    involvedTo: ended)
            drawn.involvedFrom = [drawn.involvedFrom, started].compactMap { $0 }.min()
            drawn.involvedTo = drawn.involvedTo == nil || ended == nil ? nil : max(drawn.involvedTo!, ended!)
            organisations[code] = drawn
        }
        var contacts = schedule.contacts.map { GraphContact(organisationCode: $0.organisationCode, fact: $0.fact) }
        let others = Set(contacts.map(\.organisationCode)).subtracting(organisations.keys)
        for organisation in try await OrganisationModel.query(on: db).filter(\.$code ~~ others).all() {
            let dates = contacts.filter { $0.organisationCode == organisation.code }.map(\.fact.on)
            organisations[organisation.code] = GraphOrganisation(
                code: organisation.code, name: organisation.name, linkable: true, involvedFrom: dates.min(),
                involvedTo: dates.max())
        }
        let briefDates = brief.compactMap { CalendarDate(iso: $0.occurredOn) }
        if let first = briefDates.min() {
            let code = "another-service"
            organisations[code] = GraphOrganisation(
                code: code, name: "Another service", linkable: false, involvedFrom: first, involvedTo: briefDates.max())
            // Only that something happened, and when: never whether the child was seen.
            contacts += briefDates.map {
                GraphContact(
                    organisationCode: code, fact: ContactFact(on: $0, kind: .other, outcome: .seen, childSeen: false))
            }
        }
        return ContactGraphInput(
            organisations: organisations.values.sorted { ($0.name, $0.code) < ($1.name, $1.code) },
            contacts: contacts, expected: schedule.picture.expected, from: range.0, to: range.1, today: access.today)
    }
}
