import Foundation
import SignpostCore

/// The one-time enrolment link: choose a password and enrol an authenticator app.
enum EnrolPage {
    static let template = "enrol"

    struct Model: Encodable {
        var layout: LayoutContext
        var token: String
        var email: String
        var totpSecret: String
        var otpauthURI: String
        var errors: FormErrors
    }

    /// The enrolment form, as posted. Nothing typed is shown again: it is a password and a code.
    struct Form: Decodable {
        var password: String?
        var confirmation: String?
        var code: String?
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Set up your account" : "Set up your account"
    }

    static func model(
        layout: LayoutContext, token: String, enrolment: EnrolmentService.Enrolment, errors: FormErrors
    ) -> Model {
        Model(
            layout: layout, token: token, email: enrolment.email, totpSecret: enrolment.totpSecret,
            otpauthURI: enrolment.otpauthURI, errors: errors)
    }
}
