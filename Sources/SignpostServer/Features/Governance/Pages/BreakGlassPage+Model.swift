import Foundation
import SignpostCore

/// Break-glass: open a record in an emergency, after reading the warning and giving a reason.
enum BreakGlassPage {
    static let template = "break-glass"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var warning: String
        var form: Form
        var errors: FormErrors
    }

    /// The break-glass form, kept as typed when it is shown again with errors.
    struct Form: Codable {
        var reason: String?
        var confirm: String?

        var input: BreakGlassService.BreakGlassInput {
            BreakGlassService.BreakGlassInput(reason: reason ?? "", confirm: confirm == "yes")
        }
    }

    static func title(_ errors: FormErrors) -> String {
        let title = "Break-glass: open this record in an emergency"
        return errors.any ? "Error: \(title)" : title
    }

    /// The service's errors, with the confirmation's message in the words of the page's checkbox.
    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        error.fieldErrors.map {
            $0.field == "confirm"
                ? ServiceError.FieldError(
                    field: "confirm",
                    message: "Confirm that you have read the warning and that this triggers immediate review.") : $0
        }
    }

    static func model(layout: LayoutContext, childID: UUID, form: Form, errors: FormErrors) -> Model {
        Model(layout: layout, childID: childID, warning: BreakGlassService.warning, form: form, errors: errors)
    }
}
