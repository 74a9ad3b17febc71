import Foundation
import SignpostCore

/// The auditors' audit log: the filter, one page of matching events, and links to the pages either side.
enum AuditLogPage {
    static let template = "audit"

    struct Model: Encodable {
        var layout: LayoutContext
        var filter: AuditQueryService.Filter
        var errors: FormErrors
        var events: [AuditQueryService.EventRow]
        var page: Int
        var previousPageQuery: String?
        var nextPageQuery: String?
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Audit log" : "Audit log"
    }

    /// `result` is nil when the filter was refused: no events, and no links to other pages.
    static func model(
        layout: LayoutContext, filter: AuditQueryService.Filter, result: AuditQueryService.Result?, errors: FormErrors
    ) -> Model {
        guard let result else {
            return Model(layout: layout, filter: filter, errors: errors, events: [], page: 1)
        }
        return Model(
            layout: layout, filter: filter, errors: errors, events: result.events, page: result.page,
            previousPageQuery: result.page > 1 ? query(filter, page: result.page - 1) : nil,
            nextPageQuery: result.hasNextPage ? query(filter, page: result.page + 1) : nil)
    }

    /// The filter as a query string, for the link to another page of the same search.
    static func query(_ filter: AuditQueryService.Filter, page: Int) -> String {
        var components = URLComponents()
        var items: [URLQueryItem] = []
        for (name, value) in [
            ("actor", filter.actor), ("subjectType", filter.subjectType), ("subjectID", filter.subjectID),
            ("action", filter.action), ("from", filter.from), ("to", filter.to),
        ] {
            if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) }
        }
        items.append(URLQueryItem(name: "page", value: String(page)))
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}
