import Foundation
import SignpostCore

/// Record a child's consent to sharing: who gave it, for which purposes and organisations, how and until when.
enum ConsentPage {
    static let template = "consent-new"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var form: Form
        var errors: FormErrors
        var givers: [ChoiceOption]
        var purposes: [ChoiceOption]
        var methods: [ChoiceOption]
    }

    /// The consent form, kept as typed when it is shown again with errors.
    struct Form: Codable {
        var givenBy: String?
        var giverName: String?
        var competenceJudgement: String?
        var purposes: [String]?
        var organisations: String?
        var method: String?
        var givenOn: String?
        var expiresOn: String?

        /// The organisations are typed as one list, separated by commas or spaces.
        var input: ConsentService.ConsentInput {
            ConsentService.ConsentInput(
                givenBy: givenBy ?? "", giverName: giverName ?? "", competenceJudgement: competenceJudgement,
                purposes: purposes ?? [],
                organisations: (organisations ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(
                    String.init),
                method: method ?? "", givenOn: givenOn, expiresOn: expiresOn)
        }
    }

    /// The withdraw form, as posted.
    struct WithdrawForm: Decodable {
        var note: String?
    }

    static let givers = [
        ("parent", "A person with parental responsibility"),
        ("child", "The child, judged competent to consent"),
    ]

    static let methods = [
        ("written", "In writing"), ("verbal", "Verbally, recorded by me"), ("electronic", "Electronically"),
    ]

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Record consent" : "Record consent"
    }

    static func model(layout: LayoutContext, childID: UUID, form: Form, errors: FormErrors) -> Model {
        Model(
            layout: layout, childID: childID, form: form, errors: errors,
            givers: givers.map { ChoiceOption(value: $0.0, label: $0.1, checked: form.givenBy == $0.0) },
            purposes: SharingPurpose.allCases.map {
                ChoiceOption(
                    value: $0.rawValue, label: $0.displayName, checked: (form.purposes ?? []).contains($0.rawValue))
            },
            methods: methods.map { ChoiceOption(value: $0.0, label: $0.1, checked: form.method == $0.0) })
    }
}
