import Fluent
import Foundation
import SQLKit

/// The hand-written SQL behind `ChildFactsLoader`: what the policy decides from, in as few statements as
/// the two engines share. Every table and column name here is fixed; only the binds come from a request.
enum ChildFactsQueries {
    /// The authority's columns, joined to a child's row as `a_…`.
    static let authorityColumns = ModelRows.columns(AuthorityModel.self, table: "a", prefix: "a_")
    private static let organisationColumns = ModelRows.columns(OrganisationModel.self, table: "o", prefix: "o_")
    private static let practitionerColumns = ModelRows.columns(PractitionerModel.self, table: "p", prefix: "p_")

    /// The child's own rows the policy decides from: the shield in force, consents, sharing decisions and
    /// current team memberships, in this order.
    static let policyTables = ChildOwnTables([
        .init(ShieldModel.self, where: "lifted_at IS NULL"), .init(ConsentModel.self),
        .init(SharingDecisionModel.self), .init(TeamMembershipModel.self, where: "ended_at IS NULL"),
    ])

    /// The index record's own rows, read once the disclosure shows the record: other names, addresses and
    /// carers, in this order.
    static let recordTables = ChildOwnTables([
        .init(ChildNameModel.self), .init(ChildAddressModel.self), .init(CarerModel.self),
    ])

    /// A search's candidates: these children, unless merged away, with their authority and other names loaded
    /// as Fluent's `with(\.$authority).with(\.$otherNames)` would, in two statements. Fluent's own decoding
    /// reflects over every model, which was a third of a search's time at 100,000 children.
    static func candidates(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [ChildModel] {
        guard !ids.isEmpty else { return [] }
        let rows = try await sql.raw(
            """
            SELECT c.*, \(unsafeRaw: authorityColumns)
            FROM children c JOIN authorities a ON a.id = c.authority_id
            WHERE c.id IN (\(binds: ids)) AND c.merged_into_id IS NULL ORDER BY c.id
            """
        ).all()
        let children = try rows.map { row in
            let child = try ModelRows.decode(ChildModel.self, from: row)
            child.$authority.value = try ModelRows.decode(AuthorityModel.self, from: row, prefix: "a_")
            return child
        }
        guard !children.isEmpty else { return [] }
        let names = try ModelRows.decodeAll(
            ChildNameModel.self,
            from: await sql.raw(
                "SELECT * FROM child_names WHERE child_id IN (\(binds: children.map { $0.id! })) ORDER BY id"
            ).all())
        let byChild = Dictionary(grouping: names, by: \.$child.id)
        for child in children { child.$otherNames.value = byChild[child.id!] ?? [] }
        return children
    }

    static func authorities(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [AuthorityModel] {
        try ModelRows.decodeAll(
            AuthorityModel.self, from: await sql.raw("SELECT * FROM authorities WHERE id IN (\(binds: ids))").all())
    }

    /// Every involvement of these children, active or ended, with its organisation and practitioner loaded
    /// (as Fluent's `with(\.$organisation).with(\.$practitioner)` would, in one statement).
    static func involvements(_ childIDs: [UUID], on sql: any SQLDatabase) async throws -> [InvolvementModel] {
        let rows = try await sql.raw(
            """
            SELECT i.*, \(unsafeRaw: organisationColumns), \(unsafeRaw: practitionerColumns)
            FROM involvements i
            JOIN organisations o ON o.id = i.organisation_id
            JOIN practitioners p ON p.id = i.practitioner_id
            WHERE i.child_id IN (\(binds: childIDs))
            """
        ).all()
        return try rows.map { row in
            let involvement = try ModelRows.decode(InvolvementModel.self, from: row)
            involvement.$organisation.value = try ModelRows.decode(OrganisationModel.self, from: row, prefix: "o_")
            involvement.$practitioner.value = try ModelRows.decode(PractitionerModel.self, from: row, prefix: "p_")
            return involvement
        }
    }

    /// How this practitioner may have reached this child now: the reason of their latest unexpired reasoned
    /// search, and of a break-glass in this sign-in's scope (none without a scope), in one statement.
    static func routes(
        _ practitionerID: UUID, childID: UUID, scope: UUID?, now: Date, on sql: any SQLDatabase
    ) async throws -> (searchReason: String?, breakGlassReason: String?) {
        let row = try await sql.raw(
            """
            SELECT
              (SELECT reason FROM search_grants WHERE practitioner_id = \(bind: practitionerID)
                 AND child_id = \(bind: childID) AND expires_at > \(bind: now)
                 ORDER BY expires_at DESC LIMIT 1) AS search_reason,
              (SELECT reason FROM break_glass_grants WHERE practitioner_id = \(bind: practitionerID)
                 AND child_id = \(bind: childID) AND scope_id = \(bind: scope) AND expires_at > \(bind: now)
                 LIMIT 1) AS break_glass_reason
            """
        ).first()
        guard let row else { return (nil, nil) }
        return (
            try row.decode(column: "search_reason", as: String?.self),
            try row.decode(column: "break_glass_reason", as: String?.self)
        )
    }
}
