import Foundation
import SignpostCore

/// The data manager's information-governance page: overdue shield reviews and open brokered-contact
/// requests to pass on or decline.
enum InformationGovernancePage {
    static let template = "information-governance"

    struct Model: Encodable {
        var layout: LayoutContext
        var overdue: [ShieldService.OverdueReview]
        var requests: [BrokeredContactService.OpenRequest]
        var errors: FormErrors
    }

    /// The decline form, as posted.
    struct NoteForm: Decodable {
        var note: String?
    }

    /// The pass-on form, as posted: the involvement the request goes to.
    struct PassOnForm: Decodable {
        var involvementID: String?

        /// The chosen involvement, or a validation error when none (or no valid one) was chosen.
        func chosenInvolvement() throws -> UUID {
            guard let id = involvementID.flatMap(UUID.init(uuidString:)) else {
                throw ServiceError.validation([
                    .init(field: "involvementID", message: "Choose who to pass the request to.")
                ])
            }
            return id
        }
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Information governance" : "Information governance"
    }

    /// Each request has its own forms, so the summary links to the right field (`note` or
    /// `involvementID`, suffixed with the request's id).
    static func fieldErrors(_ error: ServiceError, field: String, requestID: UUID) -> [ServiceError.FieldError] {
        error.fieldErrors.map { .init(field: "\(field)-\(requestID.uuidString)", message: $0.message) }
    }

    static func model(
        layout: LayoutContext, overview: BrokeredContactService.GovernanceOverview, errors: FormErrors
    ) -> Model {
        Model(layout: layout, overdue: overview.overdue, requests: overview.requests, errors: errors)
    }
}
