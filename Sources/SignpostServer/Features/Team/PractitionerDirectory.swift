import Fluent
import Foundation
import SignpostCore

/// Finding a practitioner to invite: active accounts with the practitioner role, by their own name or
/// their organisation's. The directory holds staff, not children; who may search it for a child's team
/// is decided before it is asked (`Policy.decide(.inviteToTeam)`).
enum PractitionerDirectory {
    /// Matches are case-insensitive and anywhere in the name, ordered by name. The two engines compare
    /// text differently (SQLite's LIKE ignores ASCII case, PostgreSQL's does not), so the match is made
    /// here over the active accounts, read a page at a time.
    static func find(named text: String, limit: Int, on db: any Database) async throws -> [PractitionerModel] {
        let words = text.lowercased().split(separator: " ").map(String.init)
        var found: [PractitionerModel] = []
        let pageSize = 2000
        var offset = 0
        while found.count < limit {
            let page = try await PractitionerModel.query(on: db)
                .filter(\.$status == AccountStatus.active.rawValue)
                .with(\.$organisation).sort(\.$name).sort(\.$id).range(offset..<(offset + pageSize)).all()
            for person in page where invitable(person) && matches(person, words) {
                found.append(person)
                if found.count == limit { break }
            }
            if page.count < pageSize { break }
            offset += pageSize
        }
        return found
    }

    /// The account, when it is one that can be invited.
    static func invitable(_ id: UUID, on db: any Database) async throws -> PractitionerModel? {
        let person = try await PractitionerModel.query(on: db).filter(\.$id == id).with(\.$organisation).first()
        return person.flatMap { invitable($0) && $0.status == AccountStatus.active.rawValue ? $0 : nil }
    }

    private static func invitable(_ person: PractitionerModel) -> Bool {
        SystemRole.parseList(person.roles)?.contains(.practitioner) == true
    }

    private static func matches(_ person: PractitionerModel, _ words: [String]) -> Bool {
        let haystack = "\(person.name) \(person.organisation.name)".lowercased()
        return words.allSatisfy(haystack.contains)
    }
}
