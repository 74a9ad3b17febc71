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
                what: $0.what, reason: $0.reason, accessedAt: $0.accessedAt, when: DisplayTime.minute($0.accessedAt))
        }
    }
}
