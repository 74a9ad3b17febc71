import Fluent
import Foundation
import SQLKit
import SignpostCore

/// What `signpost-bench` needs from the server, kept small and public: bulk-load synthetic children,
/// make a practitioner, and run one search the way the API does.
public struct BenchmarkSupport: Sendable {
    /// A fresh context for each call (its clock reads the time when asked).
    let makeContext: @Sendable () -> ServiceContext
    let limiter: SearchRateLimiter
    private var db: any Database { makeContext().db }

    init(makeContext: @escaping @Sendable () -> ServiceContext, limiter: SearchRateLimiter) {
        self.makeContext = makeContext
        self.limiter = limiter
    }

    public struct Searcher: Sendable {
        let actor: AuthenticatedPractitioner
        public let email: String
        public let password: String
        public let totpSecret: String
    }

    /// An authority, an organisation and a practitioner to search as.
    public func prepareSearcher(reuse: Bool = false) async throws -> Searcher {
        let context = makeContext()
        if reuse {
            // A fresh account on the loaded database: new password and TOTP secret.
            try await PractitionerModel.query(on: db).filter(\.$email == "bench@bench.example").set(
                \.$email, to: "old-\(UUID().uuidString)@bench.example"
            ).update()
        } else {
            try await addReference(context)
        }
        return try await makeSearcher(context)
    }

    private func addReference(_ context: ServiceContext) async throws {
        _ = try await ReferenceDataService(context: context).addAuthority(
            onsCode: "E06000999", name: "Benchmark Council", officeHoursPhone: "01632 960901",
            emergencyDutyPhone: "01632 960902")
        _ = try await ReferenceDataService(context: context).addOrganisation(
            code: "BENCH-CSC", name: "Benchmark Children's Services", kind: "childrens-social-care",
            authorityCode: "E06000999", sensitive: false)
        _ = try await ReferenceDataService(context: context).addOrganisation(
            code: "BENCH-EH", name: "Benchmark Early Help", kind: "early-help", authorityCode: "E06000999",
            sensitive: false)
        let today = CalendarDate(context.now).adding(years: -1).iso
        // Every loaded child has this key worker's involvement, so the searcher is outside every team
        // and each result goes through the full policy (facts, lawful basis, route).
        _ = try await AccountService(context: context).create(
            .init(
                email: "keyworker@bench.example", name: "Bench Key Worker", organisationCode: "BENCH-EH",
                roles: ["practitioner"], jobTitle: "Key worker",
                phone: nil, dbsCheckedOn: today, trainedOn: today, agreementSignedOn: today),
            by: nil)
    }

    private func makeSearcher(_ context: ServiceContext) async throws -> Searcher {
        let today = CalendarDate(context.now).adding(years: -1).iso
        let created = try await AccountService(context: context).create(
            .init(
                email: "bench@bench.example", name: "Bench Worker", organisationCode: "BENCH-CSC",
                roles: ["practitioner"], jobTitle: "Worker",
                phone: nil, dbsCheckedOn: today, trainedOn: today, agreementSignedOn: today),
            by: nil)
        guard
            let model = try await PractitionerModel.query(on: db).filter(\.$id == created.practitionerID)
                .with(\.$organisation, { $0.with(\.$authority) }).first()
        else { throw ServiceError.notFound() }
        return Searcher(
            actor: try AuthenticationService.authenticated(model), email: created.email,
            password: created.initialPassword, totpSecret: created.totpSecret)
    }

    /// Inserts children and their candidate keys directly, in batches, for benchmarks only. PostgreSQL takes
    /// `writers` batches at once (its server works on one a connection, so two keep both cores busy); SQLite has
    /// one writer.
    public func bulkLoad(
        _ records: [MatchRecord], writers: Int = 2, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws {
        guard let authority = try await AuthorityModel.query(on: db).filter(\.$onsCode == "E06000999").first(),
            let keyWorker = try await PractitionerModel.query(on: db).filter(\.$email == "keyworker@bench.example")
                .first(),
            let sql = db as? any SQLDatabase
        else { throw ServiceError.notFound() }
        let owner = LoadOwner(
            authorityID: try authority.requireID(), keyWorkerID: try keyWorker.requireID(),
            organisationID: keyWorker.$organisation.id, today: CalendarDate(Date()).iso)
        let batch = 500
        let concurrent = sql.dialect.name == "postgresql" ? max(1, writers) : 1
        let batches = stride(from: 0, to: records.count, by: batch).map { $0..<min($0 + batch, records.count) }
        var next = 0
        var done = 0
        try await withThrowingTaskGroup(of: Int.self) { group in
            while next < batches.count || done < batches.count {
                while next < batches.count, next - done < concurrent {
                    let slice = Array(records[batches[next]])
                    let db = self.db
                    group.addTask {
                        try await Self.loadBatch(slice, owner: owner, on: db)
                        return slice.count
                    }
                    next += 1
                }
                guard try await group.next() != nil else { break }
                done += 1
                progress(min(done * batch, records.count))
            }
        }
        // Fresh tables have no planner statistics; a real database gathers them as it grows.
        try await sql.raw("ANALYZE").run()
    }

    private struct LoadOwner: Sendable {
        var authorityID: UUID
        var keyWorkerID: UUID
        var organisationID: UUID
        var today: String
    }

    private static func loadBatch(_ slice: [MatchRecord], owner: LoadOwner, on db: any Database) async throws {
        try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            var children = sql.insert(into: ChildModel.schema).columns(
                "id", "given_name", "family_name", "date_of_birth", "gender", "whereabouts", "postcode",
                "address_line", "nhs_number", "tier", "authority_id")
            var keys = sql.insert(into: ChildMatchKeyModel.schema).columns("id", "child_id", "key")
            var involvements = sql.insert(into: InvolvementModel.schema).columns(
                "id", "child_id", "organisation_id", "practitioner_id", "role", "started_on", "status",
                "lead_professional", "holds_assessment")
            var keyCount = 0
            for record in slice {
                let id = UUID.random()
                children = children.values(
                    SQLBind(id), SQLBind(record.givenName), SQLBind(record.familyName),
                    SQLBind(record.dateOfBirth?.iso), SQLBind(record.sex.rawValue),
                    SQLBind("current"), SQLBind(Postcode(record.postcode)?.normalised), SQLBind(record.addressLine),
                    SQLBind(NHSNumber(record.nhsNumber)?.digits), SQLBind(2), SQLBind(owner.authorityID))
                involvements = involvements.values(
                    SQLBind(UUID.random()), SQLBind(id), SQLBind(owner.organisationID), SQLBind(owner.keyWorkerID),
                    SQLBind("Key worker"), SQLBind(owner.today),
                    SQLBind("active"), SQLBind(true), SQLBind(false))
                for key in CandidateKeys.indexKeys(PreparedRecord(record)) {
                    keys = keys.values(SQLBind(UUID.random()), SQLBind(id), SQLBind(key))
                    keyCount += 1
                }
            }
            try await children.run()
            try await involvements.run()
            if keyCount > 0 { try await keys.run() }
        }
    }

    /// One search exactly as the API runs it (validation, candidates, scoring, grants, audit).
    public func search(
        _ searcher: Searcher, givenName: String, familyName: String, dateOfBirth: String?, postcode: String?
    ) async throws -> Int {
        let request = SearchRequest(
            reason: "new-referral", reasonText: nil,
            criteria: SearchCriteria(
                givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth, postcode: postcode,
                nhsNumber: nil, upn: nil))
        return try await SearchService(context: makeContext()).search(request, by: searcher.actor, limiter: limiter)
            .count
    }

    /// Ids of loaded children, for benchmarks that open records by id.
    public func childIDs(limit: Int) async throws -> [UUID] {
        try await ChildModel.query(on: db).limit(limit).all().compactMap(\.id)
    }
}
