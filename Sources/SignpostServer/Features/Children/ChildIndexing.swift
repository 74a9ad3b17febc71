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

    /// Replaces the keys of many children at once, as `reindex` does one: a DELETE and multi-row INSERTs for
    /// the lot, where `reindex` makes two statements a child (a migration re-keying the whole index).
    /// `children` carry their other names, as `ChildFactsQueries.candidates` loads them.
    static func reindex(_ children: [ChildModel], on db: any Database) async throws {
        let sql = try ModelRows.sql(db)
        let ids = try children.map { try $0.requireID() }
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 10_000, ids.count)])
            try await sql.raw("DELETE FROM child_match_keys WHERE child_id IN (\(binds: chunk))").run()
            start += chunk.count
        }
        let rows = children.filter { $0.mergedIntoID == nil }.flatMap { child in
            keys(child, otherNames: child.otherNames).sorted().map { ChildMatchKeyModel(childID: child.id!, key: $0) }
        }
        try await ModelRows.insert(rows, on: db)
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
    /// query first (ties by id), so a very common name cannot crowd the right child out of the candidate list.
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
            // Ties by id, so the children kept at the limit are the same on both engines and in a batch.
            .orderBy("child_id")
            .limit(limit)
            .all(decoding: Row.self)
        return Set(rows.map(\.childID))
    }
    /// `candidateIDs` for many queries, by their query keys, in one ranked statement for every few hundred queries:
    /// each query's children sharing the most keys with it, at most `limit` (ties by id). A batch's rows are
    /// searched together this way rather than with three statements a row.
    static func candidateIDs(
        eachOf queries: [Set<String>], on db: any Database, limit: Int = 100, keysPerStatement: Int = 15_000
    ) async throws -> [[UUID]] {
        // Two parameters a key, under SQLite's 32,766.
        precondition((1...16_000).contains(keysPerStatement), "keysPerStatement must be 1 to 16,000")
        let sql = try ModelRows.sql(db)
        var found = Array(repeating: [UUID](), count: queries.count)
        var start = 0
        while start < queries.count {
            // Two parameters a key: 15,000 keys stay under both engines' limits. Whole queries only.
            var end = start
            var keyCount = 0
            while end < queries.count, end == start || keyCount + queries[end].count <= keysPerStatement {
                keyCount += queries[end].count
                end += 1
            }
            let pairs = (start..<end).flatMap { query in queries[query].sorted().map { (query, $0) } }
            if !pairs.isEmpty {
                let values = pairs.map { query, key -> SQLQueryString in "(\(bind: query), \(bind: key))" }
                let rows = try await sql.raw(
                    """
                    WITH q(query, key) AS (VALUES \(values.joined(separator: ", ")))
                    SELECT query, child_id FROM (
                        SELECT q.query AS query, k.child_id AS child_id,
                            ROW_NUMBER() OVER (PARTITION BY q.query ORDER BY COUNT(*) DESC, k.child_id) AS place
                        FROM q JOIN child_match_keys k ON k.key = q.key
                        GROUP BY q.query, k.child_id
                    ) ranked WHERE place <= \(literal: limit)
                    """
                ).all()
                for row in rows {
                    found[try row.decode(column: "query", as: Int.self)].append(
                        try row.decode(column: "child_id", as: UUID.self))
                }
            }
            start = end
        }
        return found
    }
}
