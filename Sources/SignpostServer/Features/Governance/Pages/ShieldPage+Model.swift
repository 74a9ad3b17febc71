import Foundation
import SignpostCore

/// Shield a child (the grounds and the review date), or lift the shield with a reason.
enum ShieldPage {
    static let template = "shield"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var form: Form
        var errors: FormErrors
    }

    /// The shield and lift forms, kept as typed when the page is shown again with errors.
    struct Form: Codable {
        var grounds: String?
        var reviewOn: String?
        var reason: String?

        var input: ShieldService.ShieldInput {
            ShieldService.ShieldInput(grounds: grounds ?? "", reviewOn: reviewOn ?? "")
        }
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Shield this child" : "Shield this child"
    }

    static func model(layout: LayoutContext, childID: UUID, form: Form, errors: FormErrors) -> Model {
        Model(layout: layout, childID: childID, form: form, errors: errors)
    }
}
