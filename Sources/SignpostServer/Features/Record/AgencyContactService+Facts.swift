import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import SignpostCore

extension AgencyContactService {
    /// What the schedule and the pictures read of a contact: its organisation, whether it is sensitive,
    /// and its facts, never its note. Read with one plain SQL query (on SQLite by `SQLiteRows`), because
    /// decoding thousands of Fluent models (by reflection, row by row) cost the graph some 200 ms.
    struct FactRow: Sendable, Equatable {
        var organisationCode: String
        var sensitive: Bool
        var occurredOn: String
        var kind: String
        var outcome: String
        var childSeen: Bool
        var sessionsPossible: Int?
        var sessionsAttended: Int?

        var item: SharedRecordItem { SharedRecordItem(organisationCode: organisationCode, sensitive: sensitive) }

        init(_ row: AgencyContactModel) {
            organisationCode = row.organisationCode
            sensitive = row.sensitive
            occurredOn = row.occurredOn
            kind = row.kind
            outcome = row.outcome
            childSeen = row.childSeen
            sessionsPossible = row.sessionsPossible
            sessionsAttended = row.sessionsAttended
        }

        init(_ row: SQLiteRow) throws {
            organisationCode = try SQLiteRows.text(row, "organisation_code")
            sensitive = try SQLiteRows.bool(row, "sensitive")
            occurredOn = try SQLiteRows.text(row, "occurred_on")
            kind = try SQLiteRows.text(row, "kind")
            outcome = try SQLiteRows.text(row, "outcome")
            childSeen = try SQLiteRows.bool(row, "child_seen")
            sessionsPossible = try SQLiteRows.optionalInt(row, "sessions_possible")
            sessionsAttended = try SQLiteRows.optionalInt(row, "sessions_attended")
        }

        init(_ row: any SQLRow) throws {
            organisationCode = try row.decode(column: "organisation_code", as: String.self)
            sensitive = try row.decode(column: "sensitive", as: Bool.self)
            occurredOn = try row.decode(column: "occurred_on", as: String.self)
            kind = try row.decode(column: "kind", as: String.self)
            outcome = try row.decode(column: "outcome", as: String.self)
            childSeen = try row.decode(column: "child_seen", as: Bool.self)
            sessionsPossible = try row.decode(column: "sessions_possible", as: Int?.self)
            sessionsAttended = try row.decode(column: "sessions_attended", as: Int?.self)
        }
    }

    /// Every contact of the records `ids` (a child and those merged into it), as facts.
    static func factRows(_ ids: [UUID], on db: any Database) async throws -> [FactRow] {
        let columns = """
            organisation_code, sensitive, occurred_on, kind, outcome, child_seen, sessions_possible, \
            sessions_attended
            """
        if let rows = try await SQLiteRows.all(
            """
            SELECT \(columns) FROM \(AgencyContactModel.schema) \
            WHERE child_id IN (\(SQLiteRows.marks(ids.count)))
            """, ids.map { .text($0.uuidString) }, on: db)
        {
            return try rows.map(FactRow.init)
        }
        guard let sql = db as? any SQLDatabase else {
            return try await AgencyContactModel.query(on: db).filter(\.$childID ~~ ids).all().map(FactRow.init)
        }
        return try await sql.raw(
            "SELECT \(unsafeRaw: columns) FROM \(ident: AgencyContactModel.schema) WHERE child_id IN (\(binds: ids))"
        ).all().map(FactRow.init)
    }

    /// The viewer's disclosure of each row, asked of `Policy` once per organisation and sensitivity.
    static func disclosures(
        of rows: [FactRow], child: LoadedChild, access: AccessContext, actor: AuthenticatedPractitioner
    ) -> [SharedRecordDisclosure] {
        var decided: [SharedRecordItem: SharedRecordDisclosure] = [:]
        return rows.map { row in
            if let known = decided[row.item] { return known }
            let shown = Policy.disclosure(of: row.item, to: actor.actor, child: child.facts, context: access)
            decided[row.item] = shown
            return shown
        }
    }
}
