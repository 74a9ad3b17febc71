import Foundation
import SignpostCore

/// The questions on each assessment page, and how a posted page becomes assessment content. Blank
/// answers are stored as nothing, so a page saved empty does not count as answered.
enum SectionQuestions {
    static func groups(_ section: String, _ content: AssessmentContent, _ errors: FormErrors)
        -> [AssessmentFieldGroup]?
    {
        func text(_ name: String, _ label: String, _ value: String?, hint: String? = nil, kind: String = "textarea")
            -> AssessmentField
        {
            AssessmentField(
                name: name, label: label, hint: hint, value: value ?? "", kind: kind, options: [],
                error: errors.byField[name])
        }
        switch section {
        case "header":
            return [AssessmentFieldGroup(heading: nil, fields: header(content, errors, text: text))]
        case "closing":
            return [
                AssessmentFieldGroup(
                    heading: nil,
                    fields: [
                        text("childViews", "The child's views", content.childViews),
                        text("parentViews", "The parents' or carers' views", content.parentViews),
                        text(
                            "conclusions", "Conclusions", content.conclusions,
                            hint: "What the assessment found, and what should happen next."),
                    ])
            ]
        default:
            guard let domain = AssessmentFramework.domains.first(where: { $0.id == section }) else { return nil }
            return domain.elements.map { element in
                let entry = content.elements[element.id]
                return AssessmentFieldGroup(
                    heading: element.title,
                    fields: [
                        text("\(element.id).strengths", "Strengths", entry?.strengths),
                        text("\(element.id).needs", "Needs", entry?.needs),
                    ])
            }
        }
    }

    private static func header(
        _ content: AssessmentContent, _ errors: FormErrors,
        text: (String, String, String?, String?, String) -> AssessmentField
    ) -> [AssessmentField] {
        [
            text("whatLedToIt", "What led to this assessment?", content.whatLedToIt, nil, "textarea"),
            text("peoplePresent", "Who was present?", content.peoplePresent, nil, "text"),
            AssessmentField(
                name: "ethnicity", label: "The child's ethnicity",
                hint: "Census categories. Ask; do not assume.", value: content.ethnicity ?? "",
                kind: "select",
                options: [ChoiceOption(value: "", label: "Not recorded", checked: content.ethnicity == nil)]
                    + CINCodes.ethnicity.sorted { $0.value < $1.value }.map {
                        ChoiceOption(value: $0.key, label: $0.value, checked: content.ethnicity == $0.key)
                    },
                error: errors.byField["ethnicity"]),
            text("childLanguage", "The child's first language", content.childLanguage, nil, "text"),
            text("parentLanguage", "The parents' first language", content.parentLanguage, nil, "text"),
            AssessmentField(
                name: "interpreterNeeded", label: "Is an interpreter needed?", value: "", kind: "yesno",
                options: [
                    ChoiceOption(value: "yes", label: "Yes", checked: content.interpreterNeeded == true),
                    ChoiceOption(value: "no", label: "No", checked: content.interpreterNeeded == false),
                ], error: nil),
            text(
                "disabilityOrSEN", "Disability or special educational needs", content.disabilityOrSEN, nil, "textarea"),
            text(
                "parentsAndCarers", "Parents and carers", content.parentsAndCarers,
                "Names, relationship, parental responsibility.", "textarea"),
        ]
    }

    /// Writes one posted page into the content: the other pages' answers stay as they were.
    static func apply(_ form: [String: String], section: String, to content: inout AssessmentContent) {
        func value(_ name: String) -> String? {
            let text = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        switch section {
        case "header":
            content.whatLedToIt = value("whatLedToIt")
            content.peoplePresent = value("peoplePresent")
            content.ethnicity = value("ethnicity")
            content.childLanguage = value("childLanguage")
            content.parentLanguage = value("parentLanguage")
            content.interpreterNeeded = form["interpreterNeeded"].map { $0 == "yes" }
            content.disabilityOrSEN = value("disabilityOrSEN")
            content.parentsAndCarers = value("parentsAndCarers")
        case "closing":
            content.childViews = value("childViews")
            content.parentViews = value("parentViews")
            content.conclusions = value("conclusions")
        default:
            guard let domain = AssessmentFramework.domains.first(where: { $0.id == section }) else { return }
            for element in domain.elements {
                let entry = AssessmentContent.StrengthsAndNeeds(
                    strengths: value("\(element.id).strengths"), needs: value("\(element.id).needs"))
                content.elements[element.id] = entry.strengths == nil && entry.needs == nil ? nil : entry
            }
        }
    }
}
