import Foundation
import SignpostCore

/// Add an entry to the chronology, or correct one: the same questions, and for a correction the
/// original entry shown above them (it stays as it is).
enum ChronologyEntryPage {
    static let template = "chronology-entry"

    struct Model: Encodable {
        var layout: LayoutContext
        var heading: String
        var action: String
        var backHref: String
        var original: Original?
        var form: Form
        var categories: [ChronologyPage.Option]
        var significances: [ChronologyPage.Option]
        var summaryLimit: Int
        var submitLabel: String
        var errors: FormErrors
    }

    struct Original: Encodable {
        var title: String
        var when: String
        var summary: String
    }

    /// The entry as typed, kept when the page is shown again with errors.
    struct Form: Codable, Sendable {
        var occurredOn: String?
        var occurredTime: String?
        var category: String?
        var significance: String?
        var summary: String?

        var input: ChronologyService.EntryInput {
            .init(
                occurredOn: occurredOn ?? "", occurredTime: occurredTime, category: category ?? "",
                significance: significance ?? "", summary: summary ?? "")
        }
    }

    static func heading(correcting: Bool) -> String {
        correcting ? "Correct an entry" : "Add to the chronology"
    }

    static func title(_ errors: FormErrors, correcting: Bool) -> String {
        errors.any ? "Error: \(heading(correcting: correcting))" : heading(correcting: correcting)
    }

    static func model(
        layout: LayoutContext, childID: UUID, original: ChronologyService.EntryView?, form: Form, errors: FormErrors
    ) -> Model {
        let correcting = original != nil
        // A correction starts from the original's kind and significance; what is corrected is typed anew.
        var form = form
        if let original, form.category == nil { form.category = original.category?.rawValue }
        if let original, form.significance == nil { form.significance = original.significance?.rawValue }
        return Model(
            layout: layout, heading: heading(correcting: correcting),
            action: original.map { SiteURL.chronologyCorrection(childID, entryID: $0.id).path }
                ?? SiteURL.chronology(childID).path,
            backHref: SiteURL.chronology(childID).path,
            original: original.map { entry in
                let day = DisplayTime.day(entry.occurredOn)
                return Original(
                    title: entry.category?.label ?? "Entry",
                    when: entry.occurredTime.map { "\(day) at \($0)" } ?? day, summary: entry.summary ?? "")
            },
            form: form,
            categories: ChronologyPage.options(
                ChronologyCategory.chosenByPractitioners.map { ($0.rawValue, $0.label) }, chosen: form.category),
            significances: ChronologyPage.options(
                ChronologySignificance.allCases.map { ($0.rawValue, $0.label) }, chosen: form.significance),
            summaryLimit: ChronologyRules.summaryLimit,
            submitLabel: correcting ? "Add the correction" : "Add the entry",
            errors: errors)
    }
}
