import Foundation
import SignpostCore

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

    /// The layout for one page: `Web/` builds it from the request (`init(request:title:)`).
    init(title: String, practitioner: AuthenticatedPractitioner?, path: String, csrfToken: String) {
        self.title = title
        self.csrfToken = csrfToken
        self.practitionerName = practitioner?.name
        self.organisationName = practitioner?.organisationName
        var items: [NavigationItem] = []
        if let practitioner {
            let candidates: [(SystemAction, String, String)] = [
                (.viewDashboard, SiteURL.home.path, "Home"),
                (.searchChildren, SiteURL.childSearch.path, "Find a child"),
                (.viewJoinRequests, SiteURL.teamRequests().path, "Join requests"),
                (.manageAccounts, SiteURL.accounts().path, "Accounts"),
                (.manageInformationGovernance, SiteURL.informationGovernance().path, "Information governance"),
                (.viewAlerts, SiteURL.alerts.path, "Alerts"),
                (.viewAuditLog, SiteURL.auditLog.path, "Audit log"),
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
