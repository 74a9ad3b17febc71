import Fluent
import Foundation
import SignpostCore
import Vapor

/// Purpose-bound search: a reason, enough detail, no wildcards, a rate limit, ranked results with
/// their band, and an audit event for every search, including those that find nothing.
struct SearchService {
    let context: ServiceContext
    static let maximumResults = 20

    func search(_ request: SearchRequest, by actor: AuthenticatedPractitioner, limiter: SearchRateLimiter) async throws -> [SearchResult] {
        if case .deny(let reason) = Policy.decide(actor.actor, .searchHit, child: ChildFacts(authorityCode: "", tier: 2, team: []), context: AccessContext()) {
            throw ServiceError.forbidden(reason)
        }
        let (query, upn, reasonText) = try Self.validate(request)
        guard await limiter.allow(actor.id, now: context.now) else {
            throw ServiceError(status: .tooManyRequests, title: "Too many searches", detail: "You can make \(limiter.perMinute) searches a minute. Wait a minute, then try again.")
        }
        let criteriaHash = context.masterKey.keyedHash(Self.canonical(request.criteria), purpose: "search-criteria")
        let context = self.context
        // The read of the index, its grants and its audit event commit together.
        return try await context.db.transaction { tx in
            var inTransaction = context
            inTransaction.db = tx
            let results = try await SearchService(context: inTransaction).rank(query, upn: upn, actor: actor)
            try await Self.grant(results.map(\.id), to: actor, reason: request.reason, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(action: "child.searched", actor: actor, subjectType: "child-index", reason: reasonText,
                           details: ["reasonCode": request.reason, "criteriaHash": criteriaHash, "results": String(results.count),
                                     "fields": Self.fieldsUsed(request.criteria)]),
                context: context, on: tx)
            return results
        }
    }

    /// Candidates from the indexed keys, scored by the matcher against every name the child is known
    /// by, kept at `possible` or better, best first.
    func rank(_ query: MatchRecord, upn: String?, actor: AuthenticatedPractitioner) async throws -> [SearchResult] {
        let ids = try await ChildIndexing.candidateIDs(for: query, upn: upn, on: context.db)
        guard !ids.isEmpty else { return [] }
        let children = try await ChildModel.query(on: context.db)
            .filter(\.$id ~~ ids)
            .filter(\.$mergedIntoID == nil)
            .with(\.$authority)
            .with(\.$otherNames)
            .all()
        let matcher = Matcher()
        let prepared = PreparedRecord(query)
        var scored: [SearchResult] = []
        for child in children {
            var best = -Double.infinity
            for record in ChildIndexing.matchRecords(child, otherNames: child.otherNames) {
                best = max(best, matcher.compare(prepared, PreparedRecord(record)).score)
            }
            if let upn, child.upn == upn { best = max(best, matcher.thresholds.match + 4) }
            let band = matcher.band(for: best)
            guard band != .nonMatch else { continue }
            scored.append(SearchResult(
                id: try child.requireID(), givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth,
                gender: child.gender, authority: child.authority.name, band: band.rawValue, score: (best * 10).rounded() / 10))
        }
        return Array(scored.sorted { $0.score > $1.score }.prefix(Self.maximumResults))
    }

    static func grant(_ childIDs: [UUID], to actor: AuthenticatedPractitioner, reason: String, context: ServiceContext, on db: any Database) async throws {
        let expires = context.now.addingTimeInterval(ChildService.searchGrantSeconds)
        let rows = childIDs.map { id -> SearchGrantModel in
            let grant = SearchGrantModel()
            grant.practitionerID = actor.id
            grant.childID = id
            grant.reason = reason
            grant.expiresAt = expires
            return grant
        }
        if !rows.isEmpty { try await rows.create(on: db) }
    }

    /// Minimum criteria: an identifier, or a name with a date of birth or postcode. No wildcards.
    static func validate(_ request: SearchRequest) throws -> (MatchRecord, String?, String) {
        var errors: [ServiceError.FieldError] = []
        guard let reasonLabel = ChildVocabulary.searchReasons[request.reason] else {
            throw ServiceError.validation([.init(field: "reason", message: "Choose why you are searching: \(ChildVocabulary.searchReasons.keys.sorted().joined(separator: ", ")).")])
        }
        let reasonText = request.reasonText?.trimmingCharacters(in: .whitespaces) ?? ""
        if request.reason == "other" && reasonText.isEmpty {
            errors.append(.init(field: "reasonText", message: "Say why you are searching."))
        }
        let c = request.criteria
        func clean(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        for (field, value) in [("givenName", c.givenName), ("familyName", c.familyName), ("postcode", c.postcode), ("nhsNumber", c.nhsNumber), ("upn", c.upn)] {
            if let value, value.contains(where: { "*%?_".contains($0) }) {
                errors.append(.init(field: field, message: "Search does not accept wildcards (* % ? _). Enter the details you know in full."))
            }
        }
        var nhs: NHSNumber?
        if let text = clean(c.nhsNumber) {
            switch NHSNumber.parse(text) {
            case .success(let number): nhs = number
            case .failure(let problem): errors.append(.init(field: "nhsNumber", message: problem.message))
            }
        }
        var upn: String?
        if let text = clean(c.upn) {
            switch UniquePupilNumber.parse(text) {
            case .success(let value): upn = value.value
            case .failure(let problem): errors.append(.init(field: "upn", message: problem.message))
            }
        }
        var dob: CalendarDate?
        if let text = clean(c.dateOfBirth) {
            dob = CalendarDate(iso: text)
            if dob == nil { errors.append(.init(field: "dateOfBirth", message: "Enter the date of birth as a real date in the form YYYY-MM-DD.")) }
        }
        var postcode: Postcode?
        if let text = clean(c.postcode) {
            postcode = Postcode(text)
            if postcode == nil { errors.append(.init(field: "postcode", message: "Enter a UK postcode like SW1A 1AA.")) }
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let hasName = clean(c.givenName) != nil || clean(c.familyName) != nil
        if nhs == nil && upn == nil && !(hasName && (dob != nil || postcode != nil)) {
            throw ServiceError.validation([.init(
                field: "givenName",
                message: "Enter an NHS number or UPN, or a name with a date of birth or postcode. Searches with less detail are not allowed.")])
        }
        let query = MatchRecord(
            id: "query", givenName: clean(c.givenName) ?? "", familyName: clean(c.familyName) ?? "", dateOfBirth: dob,
            postcode: postcode?.normalised ?? "", nhsNumber: nhs?.digits ?? "")
        return (query, upn, reasonText.isEmpty ? reasonLabel : "\(reasonLabel): \(reasonText)")
    }

    static func canonical(_ criteria: SearchCriteria) -> String {
        [criteria.givenName, criteria.familyName, criteria.dateOfBirth, criteria.postcode, criteria.nhsNumber, criteria.upn]
            .map { NameNormalisation.normalise($0 ?? "") + "|" + ($0 ?? "").filter(\.isNumber) }
            .joined(separator: "\u{1F}")
    }

    static func fieldsUsed(_ criteria: SearchCriteria) -> String {
        [("givenName", criteria.givenName), ("familyName", criteria.familyName), ("dateOfBirth", criteria.dateOfBirth),
         ("postcode", criteria.postcode), ("nhsNumber", criteria.nhsNumber), ("upn", criteria.upn)]
            .filter { !($0.1 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }.map(\.0).joined(separator: ",")
    }
}

/// 60 searches a minute per practitioner, in a sliding window. Held in memory per server: behind a
/// load balancer each server enforces the limit on the requests it sees.
actor SearchRateLimiter {
    let perMinute: Int
    private var recent: [UUID: [Date]] = [:]

    init(perMinute: Int = 60) {
        self.perMinute = perMinute
    }

    func allow(_ practitioner: UUID, now: Date) -> Bool {
        var times = recent[practitioner, default: []].filter { now.timeIntervalSince($0) < 60 }
        guard times.count < perMinute else {
            recent[practitioner] = times
            return false
        }
        times.append(now)
        recent[practitioner] = times
        return true
    }
}
