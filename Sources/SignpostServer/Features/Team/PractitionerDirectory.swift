import Fluent
import FluentSQL
import Foundation
import SignpostCore

/// Finding a practitioner to invite: active accounts with the practitioner role, by their own name or
/// their organisation's. The directory holds staff, not children; who may search it for a child's team
/// is decided before it is asked (`Policy.decide(.inviteToTeam)`).
enum PractitionerDirectory {
    /// Every word typed must appear, in any case, in the person's name or their organisation's name. The
    /// match is made in SQL with `LOWER(...) LIKE`, which both engines read alike (a bare `LIKE` ignores
    /// case on SQLite but not on PostgreSQL).
    static func find(named text: String, limit: Int, on db: any Database) async throws -> [PractitionerModel] {
        let people = SQLIdentifier(PractitionerModel.schema)
        let organisations = SQLIdentifier(OrganisationModel.schema)
        var query = PractitionerModel.query(on: db)
            .join(OrganisationModel.self, on: \PractitionerModel.$organisation.$id == \OrganisationModel.$id)
            .filter(\.$status == AccountStatus.active.rawValue)
            .filter(\.$roles ~~ SystemRole.practitioner.rawValue)
        for word in text.lowercased().split(separator: " ") {
            let pattern = "%" + likeEscaped(String(word)) + "%"
            query = query.filter(
                .sql(
                    embed: """
                        (LOWER(\(people).\(ident: "name")) LIKE \(bind: pattern) ESCAPE '!' \
                        OR LOWER(\(organisations).\(ident: "name")) LIKE \(bind: pattern) ESCAPE '!')
                        """))
        }
        // The roles column is a list: the LIKE above narrows it, the parsed list decides.
        let found = try await query.with(\.$organisation).sort(\.$name).sort(\.$id).limit(limit * 2).all()
        return Array(found.filter(invitable).prefix(limit))
    }

    /// The account, when it is one that can be invited.
    static func invitable(_ id: UUID, on db: any Database) async throws -> PractitionerModel? {
        let person = try await PractitionerModel.query(on: db).filter(\.$id == id).with(\.$organisation).first()
        return person.flatMap { invitable($0) ? $0 : nil }
    }

    private static func invitable(_ person: PractitionerModel) -> Bool {
        person.status == AccountStatus.active.rawValue
            && SystemRole.parseList(person.roles)?.contains(.practitioner) == true
    }

    /// `%`, `_` and the escape character itself match only themselves.
    private static func likeEscaped(_ word: String) -> String {
        word.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
    }
}
