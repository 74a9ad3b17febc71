import Foundation
import SignpostCore

/// The lead professional's or data manager's requests to join a child's team, to admit or decline.
enum JoinRequestsPage {
    static let template = "team-requests"

    struct Model: Encodable {
        var layout: LayoutContext
        var requests: [TeamService.JoinRequestView]
        var hasRequests: Bool
        var errors: FormErrors
        var notice: String?
    }

    /// The reason given when asking to join a team (on the child page), or when admitting or declining.
    struct JoinForm: Decodable {
        var reason: String?
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Requests to join a team" : "Requests to join a team"
    }

    static func noticeText(_ notice: SiteURL.TeamRequestsNotice?) -> String? {
        switch notice {
        case .admitted: "The practitioner was admitted to the team. They and the team have been told."
        case .declined: "The request was declined. The practitioner has been told why."
        case nil: nil
        }
    }

    /// Each request has its own reason field, so the summary links to the right one.
    static func fieldErrors(_ error: ServiceError, requestID: UUID) -> [ServiceError.FieldError] {
        error.fieldErrors.map { .init(field: "reason-\(requestID.uuidString)", message: $0.message) }
    }

    static func model(
        layout: LayoutContext, requests: [TeamService.JoinRequestView], errors: FormErrors,
        notice: SiteURL.TeamRequestsNotice? = nil
    ) -> Model {
        Model(
            layout: layout, requests: requests, hasRequests: !requests.isEmpty, errors: errors,
            notice: noticeText(notice))
    }
}
