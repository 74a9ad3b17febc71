import Fluent
import Foundation
import SignpostCore

/// The last 25 accesses to a child, for its team and the authority's data managers.
struct AccessHistoryService {
    let context: ServiceContext

    struct AccessView: Codable, Sendable {
        var practitioner: String
        var organisation: String
        var route: String
        var what: String
        /// The route and what was seen, in words: "After a search (lawful basis: Public task): saw the signpost".
        var how: String
        var reason: String?
        var accessedAt: Date
        /// `YYYY-MM-DD HH:mm` UTC, for pages.
        var when: String
    }

    func lastAccesses(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> [AccessView] {
        try await context.auditedTransaction { context, tx in
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewAccesses, audit: "child.accesses-viewed", by: actor, context: context, on: tx)
            let disclosure = Policy.disclose(loaded.facts, to: actor.actor, context: access)
            let rows = try await Self.rows(childID: childID, disclosure: disclosure, for: actor, on: tx)
            // Audited, but not itself listed: the team reading the list must not push others' accesses out of it.
            try await AuditLog.append(
                AuditDraft(
                    action: "child.accesses-viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["rows": String(rows.count), "route": disclosure.route.description]),
                context: context, on: tx)
            return rows
        }
    }

    /// The last 25 accesses the disclosure lets this actor see, inside the caller's transaction and
    /// audit event (the child page shows them under its own `child.viewed`).
    static func rows(
        childID: UUID, disclosure: ChildDisclosure, for actor: AuthenticatedPractitioner, on tx: any Database
    ) async throws -> [AccessView] {
        // A sensitive service's accesses are as hidden as its involvements.
        let query = ChildAccessModel.query(on: tx).filter(\.$childID == childID)
        if !disclosure.showsEveryServicesAccesses {
            query.group(.or) {
                $0.filter(\.$sensitiveService == false).filter(\.$organisationCode == actor.organisationCode)
            }
        }
        return try await query.sort(\.$accessedAt, .descending).limit(25).all().map {
            AccessView(
                practitioner: $0.practitionerName, organisation: $0.organisationName, route: $0.route,
                what: $0.what, how: how(route: $0.route, what: $0.what), reason: $0.reason,
                accessedAt: $0.accessedAt, when: DisplayTime.minute($0.accessedAt))
        }
    }

    /// A stored route (`search:public-task`) and what it showed (`signpost`), as a person would say it.
    static func how(route: String, what: String) -> String {
        let parts = route.split(separator: ":", maxSplits: 1).map(String.init)
        let basis = parts.count > 1 ? LawfulBasis(rawValue: parts[1])?.displayName ?? parts[1] : nil
        let way =
            switch parts.first ?? "" {
            case "team": "As a member of the team"
            case "data-manager": "As the authority's data manager"
            case "break-glass": "By break-glass, in an emergency"
            case "search": "After a search" + (basis.map { " (lawful basis: \($0))" } ?? "")
            case "involved": "Through their own involvement" + (basis.map { " (lawful basis: \($0))" } ?? "")
            case "none": "Without a route"
            default: route
            }
        let seen =
            switch what {
            case "record": "saw the record"
            case "signpost": "saw the signpost"
            case "shielded": "saw the shielded signpost"
            case "involvements": "saw who is involved"
            default: "saw \(what)"
            }
        return "\(way): \(seen)"
    }
}
