import Foundation
import SignpostCore

/// Check your answers before completing the assessment; the print page shows the same rows.
enum CheckAnswersPage {
    static let template = "assessment-check"
    static let printTemplate = "assessment-print"

    struct Row: Encodable {
        var key: String
        var value: String
        var section: String
    }

    struct Model: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var rows: [Row]
        var errors: FormErrors
        /// The episode's status in words ("Assessment in progress"), never the stored code.
        var statusName: String
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Check your answers" : "Check your answers before completing the assessment"
    }

    /// Missing answers live on other pages: every error points at the explanation above the button.
    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        error.fieldErrors.isEmpty
            ? [.init(field: "complete", message: error.detail)]
            : error.fieldErrors.map { .init(field: "complete", message: $0.message) }
    }

    static func model(layout: LayoutContext, episode: EpisodeView, errors: FormErrors) -> Model {
        let status = EpisodeStatus(rawValue: episode.status)
        return Model(
            layout: layout, episode: episode, rows: rows(episode.content), errors: errors,
            statusName: status?.displayName ?? PlainEnglish.words(fromCode: episode.status))
    }

    static func rows(_ content: AssessmentContent) -> [Row] {
        var rows: [Row] = [
            Row(key: "What led to this assessment", value: content.whatLedToIt ?? "Not answered", section: "header"),
            Row(key: "Who was present", value: content.peoplePresent ?? "Not answered", section: "header"),
            Row(
                key: "Ethnicity", value: content.ethnicity.flatMap { CINCodes.ethnicity[$0] } ?? "Not recorded",
                section: "header"),
            Row(
                key: "First languages (child, parents)",
                value: "\(content.childLanguage ?? "not recorded"), \(content.parentLanguage ?? "not recorded")",
                section: "header"),
            Row(key: "Disability or SEN", value: content.disabilityOrSEN ?? "None recorded", section: "header"),
            Row(key: "Parents and carers", value: content.parentsAndCarers ?? "Not answered", section: "header"),
        ]
        for domain in AssessmentFramework.domains {
            for element in domain.elements {
                guard let entry = content.elements[element.id] else { continue }
                rows.append(
                    Row(
                        key: element.title,
                        value: "Strengths: \(sentence(entry.strengths)) Needs: \(sentence(entry.needs))",
                        section: domain.id))
            }
        }
        rows.append(Row(key: "The child's views", value: content.childViews ?? "Not recorded", section: "closing"))
        rows.append(Row(key: "The parents' views", value: content.parentViews ?? "Not recorded", section: "closing"))
        rows.append(Row(key: "Conclusions", value: content.conclusions ?? "Not answered", section: "closing"))
        return rows
    }

    /// A typed strength or need as one sentence: one full stop whether or not it was typed with one.
    static func sentence(_ typed: String?) -> String {
        let text = typed?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return PlainEnglish.sentence(text.isEmpty ? "None recorded" : text)
    }
}
