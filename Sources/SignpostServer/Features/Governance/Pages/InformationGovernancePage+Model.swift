import Foundation
import SignpostCore

/// The data manager's information-governance page: overdue shield reviews and open brokered-contact
/// requests to pass on or decline.
enum InformationGovernancePage {
    static let template = "information-governance"

    struct Model: Encodable {
        var layout: LayoutContext
        var overdue: [OverdueRow]
        var hasOverdue: Bool
        var requests: [BrokeredContactService.OpenRequest]
        var hasRequests: Bool
        var errors: FormErrors
        var notice: String?
    }

    struct OverdueRow: Encodable {
        var childID: UUID
        var name: String
        /// "18 November 2026".
        var reviewOn: String
    }

    /// What the page says after a brokered-contact request was handled.
    typealias Notice = SiteURL.InformationGovernanceNotice

    static func noticeText(_ notice: Notice?) -> String? {
        switch notice {
        case .passedOn:
            "The request was passed on. The requester has been told that it was passed on, but not to whom."
        case .declined: "The request was declined. The requester has been told why."
        case nil: nil
        }
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
        layout: LayoutContext, overview: BrokeredContactService.GovernanceOverview, errors: FormErrors,
        notice: Notice? = nil
    ) -> Model {
        Model(
            layout: layout,
            overdue: overview.overdue.map {
                OverdueRow(childID: $0.childID, name: $0.name, reviewOn: DisplayTime.day($0.reviewOn))
            },
            hasOverdue: !overview.overdue.isEmpty, requests: overview.requests,
            hasRequests: !overview.requests.isEmpty, errors: errors, notice: noticeText(notice))
    }
}
