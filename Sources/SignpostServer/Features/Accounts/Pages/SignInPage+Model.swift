import Foundation
import SignpostCore

/// The sign-in page, and the same page after signing out.
enum SignInPage {
    static let template = "sign-in"

    struct Model: Encodable {
        var layout: LayoutContext
        var errors: FormErrors
        var email: String
        var refusals: [String]
        var signedOut: Bool
    }

    /// The sign-in form, as posted. Only the email address is shown again.
    struct Form: Decodable {
        var email: String?
        var password: String?
        var code: String?

        var enteredEmail: String { email?.trimmingCharacters(in: .whitespaces) ?? "" }
        var enteredPassword: String { password ?? "" }
        var enteredCode: String { code?.trimmingCharacters(in: .whitespaces) ?? "" }

        /// An error for each answer left empty, before anything is checked.
        var missing: [ServiceError.FieldError] {
            var missing: [ServiceError.FieldError] = []
            if enteredEmail.isEmpty { missing.append(.init(field: "email", message: "Enter your email address")) }
            if enteredPassword.isEmpty { missing.append(.init(field: "password", message: "Enter your password")) }
            if enteredCode.isEmpty {
                missing.append(
                    .init(field: "code", message: "Enter the 6-digit security code from your authenticator app"))
            }
            return missing
        }
    }

    static func title(_ errors: FormErrors, signedOut: Bool = false) -> String {
        signedOut ? "You have signed out" : (errors.any ? "Error: Sign in to Signpost" : "Sign in to Signpost")
    }

    /// The one message for a wrong email, password or code, so it gives away none of them.
    static let rejectedErrors = FormErrors([.init(field: "email", message: AuthenticationService.genericFailure)])

    /// Why an account that proved who it is may not sign in now (an expired DBS check, say).
    static func refusedErrors(_ refusals: [SignInRefusal]) -> FormErrors {
        FormErrors(refusals.map { .init(field: "email", message: $0.message) })
    }

    static func model(
        layout: LayoutContext, errors: FormErrors, email: String, refusals: [SignInRefusal] = [],
        signedOut: Bool = false
    ) -> Model {
        Model(layout: layout, errors: errors, email: email, refusals: refusals.map(\.message), signedOut: signedOut)
    }
}
