import Foundation
import SignpostCore

/// The chronology page: the team's entries newest first as a timeline (the MoJ timeline pattern),
/// with filters, paging and a link to add an entry; an entry hidden from the viewer is not there at
/// all, and a sensitive service's reads "Another service recorded something".
enum ChronologyPage {
    static let template = "chronology"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var heading: String
        var childHref: String
        var addHref: String?
        var notice: String?
        var filter: FilterForm
        var filtered: Bool
        var categories: [Option]
        var significances: [Option]
        var organisations: [Option]
        var entries: [Row]
        var previousHref: String?
        var nextHref: String?
        var errors: FormErrors
    }

    struct Row: Encodable {
        var id: UUID
        var anotherService: Bool
        var title: String
        var byline: String
        /// "10 November 2026 at 10:30".
        var when: String
        var isoDate: String
        var significance: String?
        var significanceClass: String
        var summary: String?
        var corrects: Link?
        var correctedBy: [Link]
        var correctHref: String?
    }

    struct Link: Encodable {
        var href: String
        var text: String
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The filter as typed, kept when the page is shown again; also the query of the page links.
    struct FilterForm: Codable, Sendable {
        var organisation: String?
        var category: String?
        var significance: String?
        var from: String?
        var to: String?
        var text: String?
        var page: Int?

        var filter: ChronologyService.Filter {
            .init(
                organisation: organisation, category: category, significance: significance, from: from, to: to,
                text: text, page: page)
        }

        func query(page: Int?) -> [String: String] {
            var fields = [
                "organisation": organisation ?? "", "category": category ?? "", "significance": significance ?? "",
                "from": from ?? "", "to": to ?? "", "text": text ?? "",
            ]
            if let page, page > 1 { fields["page"] = String(page) }
            return fields
        }
    }

    static func title(_ errors: FormErrors, childName: String?) -> String {
        let heading = childName.map { "Chronology for \($0)" } ?? "Chronology"
        return errors.any ? "Error: \(heading)" : heading
    }

    static func noticeText(_ notice: SiteURL.ChronologyNotice?) -> String? {
        switch notice {
        case .added: "The entry has been added to the chronology"
        case .corrected: "The correction has been added; the original entry stays, marked as corrected"
        case nil: nil
        }
    }

    static func model(
        layout: LayoutContext, childID: UUID, page: ChronologyService.Page?, filter: FilterForm,
        notice: SiteURL.ChronologyNotice?, errors: FormErrors
    ) -> Model {
        let entries = page?.entries ?? []
        let current = page?.page ?? 1
        return Model(
            layout: layout, childID: childID, heading: title(.none, childName: page?.childName),
            childHref: SiteURL.child(childID).path,
            addHref: page?.mayAdd == true ? SiteURL.newChronologyEntry(childID).path : nil,
            notice: noticeText(notice), filter: filter,
            filtered: !filter.query(page: nil).values.allSatisfy(\.isEmpty),
            categories: options(ChronologyCategory.allCases.map { ($0.rawValue, $0.label) }, chosen: filter.category),
            significances: options(
                ChronologySignificance.allCases.map { ($0.rawValue, $0.label) }, chosen: filter.significance),
            organisations: options((page?.organisations ?? []).map { ($0.code, $0.name) }, chosen: filter.organisation),
            entries: entries.map { row($0, childID: childID, mayCorrect: page?.mayAdd == true, on: entries) },
            previousHref: current > 1
                ? SiteURL.chronology(childID, filter: filter.query(page: current - 1)).path : nil,
            nextHref: page?.hasNextPage == true
                ? SiteURL.chronology(childID, filter: filter.query(page: current + 1)).path : nil,
            errors: errors)
    }

    static func options(_ pairs: [(String, String)], chosen: String?) -> [Option] {
        pairs.map { Option(value: $0.0, label: $0.1, selected: $0.0 == chosen) }
    }

    private static func row(
        _ entry: ChronologyService.EntryView, childID: UUID, mayCorrect: Bool, on page: [ChronologyService.EntryView]
    ) -> Row {
        let day = DisplayTime.day(entry.occurredOn)
        let when = entry.occurredTime.map { "\(day) at \($0)" } ?? day
        guard entry.disclosure == .full else {
            return Row(
                id: entry.id, anotherService: true, title: "Another service recorded something",
                byline: "Ask the authority's data manager if you need to know more", when: when,
                isoDate: entry.occurredOn, significance: nil, significanceClass: "", summary: nil, corrects: nil,
                correctedBy: [], correctHref: nil)
        }
        let author =
            entry.source == .system
            ? "Recorded by Signpost for \(entry.authorName ?? "the team")" : (entry.authorName ?? "")
        let organisation = entry.organisationName ?? entry.organisationCode ?? ""
        let anchor = { (id: UUID) in SiteURL.chronology(childID).path + "#entry-\(id.uuidString)" }
        return Row(
            id: entry.id, anotherService: false, title: entry.category?.label ?? "Entry",
            byline: organisation.isEmpty ? author : "\(author), \(organisation)", when: when, isoDate: entry.occurredOn,
            significance: entry.significance?.label, significanceClass: tagClass(entry.significance),
            summary: entry.summary,
            corrects: entry.corrects.map {
                Link(
                    href: page.contains { $0.id == entry.corrects } ? "#entry-\($0.uuidString)" : anchor($0),
                    text: "This entry corrects an earlier one")
            },
            correctedBy: entry.correctedBy.map {
                Link(href: "#entry-\($0.uuidString)", text: "Corrected: see the correction")
            },
            correctHref: mayCorrect ? SiteURL.chronologyCorrection(childID, entryID: entry.id).path : nil)
    }

    private static func tagClass(_ significance: ChronologySignificance?) -> String {
        switch significance {
        case .critical: "govuk-tag--red"
        case .significant: "govuk-tag--orange"
        case .routine, nil: "govuk-tag--grey"
        }
    }
}
