import Foundation

/// One question on an assessment form, in the shape the templates render: a text box, a text area,
/// a select or a yes/no choice, with its answer and its error.
struct AssessmentField: Encodable {
    var name: String
    var label: String
    var hint: String?
    var value: String
    var kind: String
    var options: [ChoiceOption]
    var error: String?
}

/// Questions shown together under one heading (one element of a domain, say).
struct AssessmentFieldGroup: Encodable {
    var heading: String?
    var fields: [AssessmentField]
}
