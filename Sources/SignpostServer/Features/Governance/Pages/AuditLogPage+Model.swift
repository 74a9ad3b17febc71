import Foundation
import SignpostCore

/// The auditors' audit log: the filter, one page of matching events, and links to the pages either side.
/// Events read in words: who by name, the action by its label, and records by a shortened reference
/// (the first 8 characters of the identifier), which the filter accepts too.
enum AuditLogPage {
    static let template = "audit"

    struct Model: Encodable {
        var layout: LayoutContext
        var filter: AuditQueryService.Filter
        var actions: [ChoiceOption]
        var subjectTypes: [ChoiceOption]
        var errors: FormErrors
        var events: [Row]
        var hasEvents: Bool
        var page: Int
        var previousPageQuery: String?
        var nextPageQuery: String?
    }

    /// One event as the page shows it.
    struct Row: Encodable {
        struct Detail: Encodable {
            var name: String
            var value: String
        }

        var sequence: Int64
        var occurredAt: String
        var actor: String
        /// The filter for this actor's events, as a query string.
        var actorQuery: String?
        /// Their role and organisation, in words.
        var actorDescription: String
        var action: String
        var subject: String?
        var subjectReference: String?
        var subjectQuery: String?
        var outcome: String
        var clientIP: String?
        var details: [Detail]
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Audit log" : "Audit log"
    }

    /// `result` is nil when the filter was refused: no events, and no links to other pages.
    static func model(
        layout: LayoutContext, filter: AuditQueryService.Filter, result: AuditQueryService.Result?, errors: FormErrors
    ) -> Model {
        let actions = actionOptions(chosen: filter.action)
        let types = subjectOptions(chosen: filter.subjectType)
        guard let result else {
            return Model(
                layout: layout, filter: filter, actions: actions, subjectTypes: types, errors: errors, events: [],
                hasEvents: false, page: 1)
        }
        return Model(
            layout: layout, filter: filter, actions: actions, subjectTypes: types, errors: errors,
            events: result.events.map(row),
            hasEvents: !result.events.isEmpty, page: result.page,
            previousPageQuery: result.page > 1 ? query(filter, page: result.page - 1) : nil,
            nextPageQuery: result.hasNextPage ? query(filter, page: result.page + 1) : nil)
    }

    /// "All actions", then every action the log records, by label.
    static func actionOptions(chosen: String?) -> [ChoiceOption] {
        let chosen = AuditQueryService.clean(chosen)
        let known = chosen.map(AuditActions.isKnown) ?? false
        return [ChoiceOption(value: "", label: "All actions", checked: !known)]
            + AuditActions.all.sorted { $0.label < $1.label }.map {
                ChoiceOption(value: $0.name, label: $0.label, checked: $0.name == chosen)
            }
    }

    static func row(_ event: AuditQueryService.EventRow) -> Row {
        let actorReference = event.actorID.map(reference)
        let subjectReference = event.subjectID.map(reference)
        return Row(
            sequence: event.sequence, occurredAt: event.occurredAt,
            actor: actorName(event, reference: actorReference),
            actorQuery: actorReference.map { queryString([("actor", $0)]) },
            actorDescription: [
                event.actorRole.flatMap(roleName), event.actorOrganisationName ?? event.actorOrganisation,
            ].compactMap { $0 }.joined(separator: ", "),
            action: AuditActions.label(for: event.action), subject: event.subjectType.map(subjectName),
            subjectReference: subjectReference,
            subjectQuery: subjectReference.map {
                queryString([("subjectType", event.subjectType ?? ""), ("subjectID", $0)])
            },
            outcome: AuditOutcome(rawValue: event.outcome).map(outcomeName) ?? event.outcome,
            clientIP: event.clientIP, details: details(event.details))
    }

    /// The first 8 characters of an identifier; anything else (an organisation code) as it is.
    static func reference(_ id: String) -> String {
        UUID(uuidString: id) == nil ? id : String(id.prefix(8)).uppercased()
    }

    /// Every identifier in a text replaced by its shortened reference.
    static func shortened(_ text: String) -> String {
        text.replacingOccurrences(
            of: #"([0-9A-Fa-f]{8})-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, with: "$1",
            options: .regularExpression)
    }

    private static func actorName(_ event: AuditQueryService.EventRow, reference: String?) -> String {
        if let name = event.actorName { return name }
        if let reference { return "Account \(reference)" }
        return event.actorRole == "operator-cli" ? "Operator at the command line" : "No one signed in"
    }

    private static func roleName(_ role: String) -> String? {
        switch role {
        // The operator is named as the actor already.
        case "none", "operator-cli": nil
        default: SystemRole(rawValue: role)?.displayName ?? role
        }
    }

    private static func outcomeName(_ outcome: AuditOutcome) -> String {
        switch outcome {
        case .success: "Succeeded"
        case .failure: "Failed"
        case .refused: "Refused"
        }
    }

    /// Every kind of record the log names, in words.
    static let subjectTypes: [(type: String, name: String)] = [
        ("child", "Child"), ("children", "Children"), ("child-index", "Child index"), ("merge", "Merge of records"),
        ("involvement", "Involvement"), ("episode", "Early-help episode"), ("join-request", "Join request"),
        ("join-requests", "Join requests"), ("team-invitation", "Team invitation"),
        ("team-invitations", "Team invitations"), ("brokered-contact", "Brokered-contact request"),
        ("brokered-contacts", "Brokered-contact requests"), ("notifications", "Notifications"),
        ("practitioner", "Account"), ("role-grant", "Role grant"), ("api-token", "API token"),
        ("organisation", "Organisation"), ("authority", "Authority"), ("alert", "Alert"), ("alerts", "Alerts"),
        ("audit-log", "Audit log"), ("request", "Request"), ("system", "Signpost"),
    ]

    private static let subjectNames = Dictionary(uniqueKeysWithValues: subjectTypes.map { ($0.type, $0.name) })

    /// "Any kind of record", then every kind by name; a kind this page does not know, as it was asked for.
    static func subjectOptions(chosen: String?) -> [ChoiceOption] {
        let chosen = AuditQueryService.clean(chosen)
        var options = [ChoiceOption(value: "", label: "Any kind of record", checked: chosen == nil)]
        if let chosen, subjectNames[chosen] == nil {
            options.append(ChoiceOption(value: chosen, label: chosen, checked: true))
        }
        return options
            + subjectTypes.sorted { $0.name < $1.name }.map {
                ChoiceOption(value: $0.type, label: $0.name, checked: $0.type == chosen)
            }
    }

    /// "child-index" as "Child index", for any kind of record the log names.
    private static func subjectName(_ type: String) -> String {
        if let name = subjectNames[type] { return name }
        let words = type.replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The event's details as name and value, in words: `reviewOn` reads "Review on".
    static func details(_ json: String) -> [Row.Detail] {
        guard let map = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
            return json.isEmpty || json == "{}" ? [] : [Row.Detail(name: "Details", value: shortened(json))]
        }
        return map.keys.sorted().compactMap { key in
            guard let value = map[key], !value.isEmpty else { return nil }
            let spaced = key.replacingOccurrences(of: "([a-z])([A-Z])", with: "$1 $2", options: .regularExpression)
                .lowercased()
            return Row.Detail(
                name: spaced.prefix(1).uppercased() + spaced.dropFirst(),
                value: shortened(value).replacingOccurrences(of: ",", with: ", "))
        }
    }

    /// The filter as a query string, for the link to another page of the same search.
    static func query(_ filter: AuditQueryService.Filter, page: Int) -> String {
        queryString([
            ("actor", filter.actor), ("subjectType", filter.subjectType), ("subjectID", filter.subjectID),
            ("action", filter.action), ("from", filter.from), ("to", filter.to), ("page", String(page)),
        ])
    }

    private static func queryString(_ pairs: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return URLQueryItem(name: name, value: value)
        }
        return components.percentEncodedQuery ?? ""
    }
}
