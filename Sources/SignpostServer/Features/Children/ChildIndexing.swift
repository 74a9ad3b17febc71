import Fluent
import Foundation
import SQLKit
import SignpostCore

/// Keeps the candidate keys of a child in step with its record: one set per name the child is known by.
enum ChildIndexing {
    static func matchRecords(_ child: ChildModel, otherNames: [ChildNameModel]) -> [MatchRecord] {
        let sex = MatchRecord.Sex(loose: child.gender)
        let dob = child.dateOfBirth.flatMap(CalendarDate.init(iso:))
        let id = child.id?.uuidString ?? ""
        var records = [
            MatchRecord(
                id: id, givenName: child.givenName, familyName: child.familyName, dateOfBirth: dob, sex: sex,
                postcode: child.postcode ?? "", addressLine: child.addressLine ?? "", nhsNumber: child.nhsNumber ?? "")
        ]
        for name in otherNames {
            records.append(
                MatchRecord(
                    id: id, givenName: name.givenName, familyName: name.familyName, dateOfBirth: dob, sex: sex,
                    postcode: child.postcode ?? "", addressLine: child.addressLine ?? "",
                    nhsNumber: child.nhsNumber ?? ""))
        }
        return records
    }

    /// `prepared` is the child's own record (the first of `matchRecords`) prepared already, if the caller has it.
    static func keys(_ child: ChildModel, otherNames: [ChildNameModel], prepared: PreparedRecord? = nil) -> Set<String>
    {
        var keys = Set<String>()
        for (index, record) in matchRecords(child, otherNames: otherNames).enumerated() {
            keys.formUnion(
                CandidateKeys.indexKeys(index == 0 ? prepared ?? PreparedRecord(record) : PreparedRecord(record)))
        }
        if let upn = child.upn { keys.insert("u:\(upn)") }
        return keys
    }

    /// Replaces the child's keys; a merged-away record has none, so search never finds it.
    static func reindex(_ child: ChildModel, otherNames: [ChildNameModel], on db: any Database) async throws {
        let childID = try child.requireID()
        try await ChildMatchKeyModel.query(on: db).filter(\.$childID == childID).delete()
        guard child.mergedIntoID == nil else { return }
        let rows = keys(child, otherNames: otherNames).map { ChildMatchKeyModel(childID: childID, key: $0) }
        if !rows.isEmpty { try await rows.create(on: db) }
    }

    /// A new record as the matcher compares it with the children on the index.
    static func probe(_ cleaned: ChildInput, id: String) -> MatchRecord {
        MatchRecord(
            id: id, givenName: cleaned.givenName, familyName: cleaned.familyName,
            dateOfBirth: cleaned.dateOfBirth.flatMap(CalendarDate.init(iso:)),
            sex: MatchRecord.Sex(loose: cleaned.gender ?? ""), postcode: cleaned.postcode ?? "",
            addressLine: cleaned.addressLine ?? "", nhsNumber: cleaned.nhsNumber ?? "")
    }

    /// Which of these candidate keys a child on the index holds (with `shieldedOnly`, a child with a shield in
    /// force), in statements of at most 10,000 keys: a batch's look-up before it searches row by row.
    static func keysOnIndex(_ keys: Set<String>, shieldedOnly: Bool = false, on db: any Database) async throws
        -> Set<String>
    {
        let sql = try ModelRows.sql(db)
        let all = Array(keys)
        let shielded = shieldedOnly ? " JOIN shields s ON s.child_id = k.child_id AND s.lifted_at IS NULL" : ""
        var found = Set<String>()
        var start = 0
        while start < all.count {
            let chunk = Array(all[start..<min(start + 10_000, all.count)])
            for row in try await sql.raw(
                """
                SELECT DISTINCT k.key FROM child_match_keys k\(unsafeRaw: shielded) WHERE k.key IN (\(binds: chunk))
                """
            ).all() {
                found.insert(try row.decode(column: "key", as: String.self))
            }
            start += chunk.count
        }
        return found
    }

    /// The keys a query looks candidates up by: its blocking keys, and its UPN.
    static func queryKeys(for query: MatchRecord, upn: String?, prepared: PreparedRecord? = nil) -> Set<String> {
        var keys = CandidateKeys.queryKeys(prepared ?? PreparedRecord(query))
        if let upn { keys.insert("u:\(upn)") }
        return keys
    }

    /// Candidate children for a query, by their indexed keys: those sharing the most keys with the
    /// query first, so a very common name cannot crowd the right child out of the candidate list.
    /// `excluding` is left out before the limit, so those children cannot crowd the others out.
    static func candidateIDs(
        for query: MatchRecord, upn: String?, excluding: Set<UUID> = [], on db: any Database, limit: Int = 100
    ) async throws -> Set<UUID> {
        let keys = queryKeys(for: query, upn: upn)
        guard !keys.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var childID: UUID
            enum CodingKeys: String, CodingKey { case childID = "child_id" }
        }
        let select = sql.select()
            .column("child_id")
            .from(ChildMatchKeyModel.schema)
            .where("key", .in, Array(keys))
        if !excluding.isEmpty { select.where("child_id", .notIn, Array(excluding)) }
        let rows =
            try await select
            .groupBy("child_id")
            .orderBy(SQLFunction("COUNT", args: SQLLiteral.all), SQLDirection.descending)
            .limit(limit)
            .all(decoding: Row.self)
        return Set(rows.map(\.childID))
    }
}
