import SignpostCore

/// Applies `TextRules` to submitted fields, naming each field at fault the way the rest of validation does.
enum TextFieldChecks {
    /// A one-line field: a name, a role, an address line. Nil values pass (absence is checked elsewhere).
    static func singleLine(
        _ text: String?, field: String, label: String, limit: Int, into errors: inout [ServiceError.FieldError]
    ) {
        guard let text, let problem = TextRules.singleLineProblem(text, limit: limit) else { return }
        errors.append(.init(field: field, message: problem.message(label: label)))
    }

    /// Free text that may hold line breaks: a note, a reason, a judgement.
    static func multiLine(
        _ text: String?, field: String, label: String, limit: Int, into errors: inout [ServiceError.FieldError]
    ) {
        guard let text, let problem = TextRules.multiLineProblem(text, limit: limit) else { return }
        errors.append(.init(field: field, message: problem.message(label: label)))
    }
}
