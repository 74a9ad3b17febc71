import Foundation
import SignpostCore

/// After enrolment: the account is ready, and its owner can sign in.
enum EnrolDonePage {
    static let template = "enrol-done"
    static let title = "Your account is ready"

    struct Model: Encodable {
        var layout: LayoutContext
    }

    static func model(layout: LayoutContext) -> Model {
        Model(layout: layout)
    }
}
