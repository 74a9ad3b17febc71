import Foundation
import SignpostCore

/// The consent statement for a full assessment: an existing consent, a new one, or the family declined.
enum ConsentStatementPage {
    static let template = "assessment-consent"

    struct Model: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var consents: [ChoiceOption]
        var hasConsents: Bool
        var errors: FormErrors
    }

    /// The form as posted: `choice` is a consent's id, `new` (with the new consent's answers) or `declined`.
    struct Form: Decodable {
        var choice: String?
        var givenBy: String?
        var giverName: String?
        var competenceJudgement: String?
        var purposes: [String]?
        var method: String?
        var expiresOn: String?
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Consent for this assessment" : "Consent for this assessment"
    }

    /// The service's errors under the names the page's inputs have.
    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        error.fieldErrors.map {
            $0.field == "consentID" ? ServiceError.FieldError(field: "choice", message: $0.message) : $0
        }
    }

    static func model(layout: LayoutContext, content: EpisodeService.ConsentStatementContent, errors: FormErrors)
        -> Model
    {
        let options = content.consentsInForce.map {
            ChoiceOption(
                value: $0.id.uuidString, label: "\($0.giverName), \($0.givenOn): \($0.covers)",
                checked: content.episode.consentID == $0.id)
        }
        return Model(
            layout: layout, episode: content.episode, consents: options, hasConsents: !options.isEmpty, errors: errors)
    }
}

extension ConsentStatementPage {
    /// What the practitioner chose: an existing consent, a new one recorded here, or the family declined.
    static func choice(_ form: Form) -> EpisodeService.ConsentStatementChoice {
        switch form.choice {
        case "declined":
            return .declined
        case "new":
            return .newConsent(
                .init(
                    givenBy: form.givenBy ?? "", giverName: form.giverName ?? "",
                    competenceJudgement: form.competenceJudgement, purposes: form.purposes ?? [], organisations: nil,
                    method: form.method ?? "", givenOn: nil, expiresOn: form.expiresOn))
        default:
            return .existing(form.choice.flatMap(UUID.init(uuidString:)))
        }
    }
}
