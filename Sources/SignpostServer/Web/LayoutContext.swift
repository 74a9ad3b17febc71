import SignpostCore
import Vapor

/// What the shared layout needs on every page: the title, who is signed in, the navigation they may
/// use, and the CSRF token for forms. Navigation items come from `Policy.decide`, not from templates.
struct LayoutContext: Encodable {
    struct NavigationItem: Encodable {
        var href: String
        var label: String
        var current: Bool
    }

    var title: String
    var practitionerName: String?
    var organisationName: String?
    var csrfToken: String
    var navigation: [NavigationItem]
    var signedIn: Bool

    init(request: Request, title: String) {
        self.title = title
        self.csrfToken = request.csrfToken
        let practitioner = request.auth.get(AuthenticatedPractitioner.self)
        self.practitionerName = practitioner?.name
        self.organisationName = practitioner?.organisationName
        var items: [NavigationItem] = []
        if let practitioner {
            let path = request.url.path
            let candidates: [(SystemAction, String, String)] = [
                (.viewDashboard, "/", "Home"),
                (.searchChildren, "/children/search", "Find a child"),
                (.viewJoinRequests, "/team/requests", "Join requests"),
                (.manageAccounts, "/admin/accounts", "Accounts"),
                (.manageInformationGovernance, "/information-governance", "Information governance"),
                (.viewAlerts, "/alerts", "Alerts"),
                (.viewAuditLog, "/audit", "Audit log"),
            ]
            for (action, href, label) in candidates where Policy.decide(practitioner.actor, action).isAllowed {
                items.append(
                    NavigationItem(href: href, label: label, current: href == "/" ? path == "/" : path.hasPrefix(href)))
            }
        }
        self.navigation = items
        self.signedIn = practitioner != nil
    }
}

/// An error summary and per-field messages, in the shape the GOV.UK pattern needs.
struct FormErrors: Encodable {
    struct Item: Encodable {
        var field: String
        var message: String
    }

    var items: [Item]
    var byField: [String: String]
    var any: Bool

    init(_ errors: [ServiceError.FieldError]) {
        self.items = errors.map { Item(field: $0.field, message: $0.message) }
        self.any = !errors.isEmpty
        var map: [String: String] = [:]
        for error in errors where map[error.field] == nil { map[error.field] = error.message }
        self.byField = map
    }

    static let none = FormErrors([])
}

/// One radio button or checkbox: its value, its label and whether it is chosen.
struct ChoiceOption: Encodable {
    var value: String
    var label: String
    var checked: Bool
}

extension Request {
    /// A page shown again with its error summary, answering 422 (or the status given, such as 409).
    func renderInvalid(_ template: String, _ page: some Encodable, status: HTTPResponseStatus = .unprocessableEntity)
        async throws -> Response
    {
        let response = try await view.render(template, page).encodeResponse(for: self)
        response.status = status
        return response
    }
}
