import Foundation
import SignpostCore

/// The four questions before an early-help assessment (DOMAIN.md: the checklist routes the work).
enum ChecklistPage {
    static let template = "assessment-checklist"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var questions: [AssessmentField]
        var reasons: String
        var errors: FormErrors
    }

    static let questions: [(name: String, label: String)] = [
        ("riskOfSignificantHarm", "Is the child at risk of significant harm now?"),
        (
            "concernsAboutProgress",
            "Are you worried about the child's progress, health, development, welfare, behaviour or learning?"
        ),
        ("needsMetBySingleService", "Can your own service meet the child's needs?"),
        ("needsUnclearOrBroad", "Are the needs unclear, or broader than your service can meet?"),
    ]

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Before an early-help assessment" : "Before an early-help assessment"
    }

    /// The yes/no answers given, and an error for each question left unanswered.
    static func answers(in form: [String: String]) -> (answers: [String: Bool], missing: [ServiceError.FieldError]) {
        var missing: [ServiceError.FieldError] = []
        var answers: [String: Bool] = [:]
        for (name, _) in questions {
            switch form[name] {
            case "yes": answers[name] = true
            case "no": answers[name] = false
            default: missing.append(.init(field: name, message: "Answer every question: yes or no."))
            }
        }
        return (answers, missing)
    }

    /// The service's input, once every question has an answer.
    static func input(_ answers: [String: Bool], reasons: String?) -> EpisodeService.ChecklistInput {
        EpisodeService.ChecklistInput(
            riskOfSignificantHarm: answers["riskOfSignificantHarm"] ?? false,
            concernsAboutProgress: answers["concernsAboutProgress"] ?? false,
            needsMetBySingleService: answers["needsMetBySingleService"] ?? false,
            needsUnclearOrBroad: answers["needsUnclearOrBroad"] ?? false, reasons: reasons)
    }

    static func model(
        layout: LayoutContext, childID: UUID, answers: [String: Bool], reasons: String, errors: FormErrors
    ) -> Model {
        Model(
            layout: layout, childID: childID,
            questions: questions.map { question in
                AssessmentField(
                    name: question.name, label: question.label,
                    value: answers[question.name].map { $0 ? "yes" : "no" } ?? "", kind: "yesno",
                    options: [
                        ChoiceOption(value: "yes", label: "Yes", checked: answers[question.name] == true),
                        ChoiceOption(value: "no", label: "No", checked: answers[question.name] == false),
                    ],
                    error: errors.byField[question.name])
            },
            reasons: reasons, errors: errors)
    }
}
