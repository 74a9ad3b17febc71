import Fluent
import Foundation
import SignpostCore

/// Purpose-bound search: a reason, enough detail, no wildcards, a rate limit, ranked results with
/// their band, and an audit event for every search, including those that find nothing.
struct SearchService {
    let context: ServiceContext
    static let maximumResults = 20
    /// How long a search hit stays open to the searcher (the "search grant").
    static let grantSeconds: TimeInterval = 60 * 60

    func search(_ request: SearchRequest, by actor: AuthenticatedPractitioner, limiter: SearchRateLimiter) async throws
        -> [SearchResult]
    {
        try await context.auditedTransaction { context, _ in
            try await SearchService(context: context).run(request, purpose: .search, by: actor, limiter: limiter)
                .results
        }
    }

    /// Why the index is being searched: a search, or the duplicate check before adding a child.
    enum Purpose: String, Sendable {
        case search
        case duplicateCheck = "duplicate-check"

        var auditAction: String { self == .search ? "child.searched" : "child.duplicate-check" }
    }

    /// One reasoned search inside the caller's audited transaction: the permission, the criteria, the
    /// rate limit, the policy on every hit, the search grants and one audit event, refusals included.
    /// The audit event names the fields used and the reason given, never the criteria themselves.
    func run(
        _ request: SearchRequest, purpose: Purpose, refine: (@Sendable (inout MatchRecord) -> Void)? = nil,
        by actor: AuthenticatedPractitioner, limiter: SearchRateLimiter
    ) async throws -> RankOutcome {
        let fields = Self.fieldsUsed(request.criteria)
        func refuse(_ error: ServiceError, why: String) async throws -> Never {
            try await AuditLog.append(
                AuditDraft(
                    action: purpose.auditAction, actor: actor, subjectType: "child-index",
                    reason: ChildVocabulary.searchReasons[request.reason].map { label in
                        let text = request.reasonText?.trimmingCharacters(in: .whitespaces) ?? ""
                        return text.isEmpty ? label : "\(label): \(String(text.prefix(500)))"
                    },
                    outcome: .refused,
                    details: [
                        "why": why, "fields": fields, "reasonCode": String(request.reason.prefix(40)),
                        "status": String(error.status.code),
                    ]),
                context: context, on: context.db)
            throw Refusal(error: error)
        }
        if case .deny(let reason) = Policy.decide(actor.actor, .searchChildren) {
            try await refuse(.forbidden(reason), why: "forbidden")
        }
        var (query, upn, reasonText): (MatchRecord, String?, String)
        do {
            (query, upn, reasonText) = try Self.validate(request)
        } catch let error as ServiceError {
            try await refuse(error, why: "invalid")
        }
        refine?(&query)
        if case .refused(let seconds) = try await limiter.claim(actor.id, context: context) {
            try await refuse(
                limiter.refusal(retryAfterSeconds: seconds),
                why: "rate-limited")
        }
        let criteriaHash = context.masterKey.keyedHash(Self.canonical(request.criteria), purpose: "search-criteria")
        let hidden = Self.usesHiddenField(request.criteria)
        let tx = context.db
        let outcome = try await rank(query, upn: upn, actor: actor, hiddenFieldUsed: hidden)
        try await Self.grant(outcome.results.map(\.id), to: actor, reason: request.reason, context: context, on: tx)
        try await AuditLog.append(
            AuditDraft(
                action: purpose.auditAction, actor: actor, subjectType: "child-index", reason: reasonText,
                details: [
                    "reasonCode": request.reason, "criteriaHash": criteriaHash,
                    "results": String(outcome.results.count),
                    "fields": fields, "shared": outcome.shared, "purpose": purpose.rawValue,
                    "withheldShielded": String(outcome.suppressedShielded.count),
                    "withheldByPolicy": String(outcome.withheldByPolicy),
                ]),
            context: context, on: tx)
        try await Self.recordSuppressed(outcome.suppressedShielded, by: actor, fields: fields, context: context, on: tx)
        return outcome
    }

    /// A search on a hidden field that would have found a shielded child returns nothing for that
    /// child; the audit log records it and auditors are alerted.
    static func recordSuppressed(
        _ children: [LoadedChild], by actor: AuthenticatedPractitioner, fields: String, context: ServiceContext,
        on tx: any Database
    ) async throws {
        for loaded in children {
            try await AuditLog.append(
                AuditDraft(
                    action: "child.search-withheld-shielded", actor: actor, subjectType: "child",
                    subjectID: loaded.id.uuidString,
                    outcome: .refused, details: ["fields": fields, "why": "search used a field hidden by the shield"]),
                context: context, on: tx)
            try await Alerts.raise(
                .hiddenFieldSearchOnShielded, practitionerID: actor.id, childID: loaded.id,
                authority: loaded.facts.authorityCode,
                detail:
                    "\(actor.name) (\(actor.organisationName)) searched using \(fieldsInWords(fields)) and would have "
                    + "found a shielded child.",
                context: context, on: tx)
        }
    }

    /// Postcode, NHS number and UPN are hidden on a shielded child's signpost.
    static func usesHiddenField(_ criteria: SearchCriteria) -> Bool {
        [criteria.postcode, criteria.nhsNumber, criteria.upn].contains {
            !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    struct RankOutcome: Sendable {
        var results: [SearchResult]
        /// Shielded children the search matched through a hidden field, withheld by the policy.
        var suppressedShielded: [LoadedChild]
        /// `child=route` for each result: golden rule 7, what was shared and on which basis.
        var shared: String
        /// Matches the policy did not share (no lawful basis, known only to a sensitive service...): a
        /// no-share decision, counted in the audit event without saying which children.
        var withheldByPolicy: Int = 0
    }

    /// Candidates from the indexed keys, scored by the matcher against every name the child is known
    /// by, kept at `possible` or better, then filtered by `Policy.decide(.searchHit)` child by child.
    func rank(_ query: MatchRecord, upn: String?, actor: AuthenticatedPractitioner, hiddenFieldUsed: Bool) async throws
        -> RankOutcome
    {
        let matcher = Matcher(model: context.environment.settings.matchModel)
        let scored = try await Self.scoredCandidates(query, upn: upn, matcher: matcher, on: context.db)
        guard !scored.isEmpty else { return RankOutcome(results: [], suppressedShielded: [], shared: "") }
        let loaded = try await ChildFactsLoader.load(scored.map(\.child), on: context.db)
        let today = CalendarDate(context.now)
        var visible: [ScoredCandidate] = []
        var suppressed: [LoadedChild] = []
        var shared: [String] = []
        var withheld = 0
        for candidate in scored {
            let child = candidate.child
            guard visible.count < Self.maximumResults, let facts = loaded[child.id!] else { continue }
            // Former names and aliases are hidden on a shielded child's signpost, like the postcode.
            let hidden = hiddenFieldUsed || candidate.viaOtherNamesOnly
            let access = AccessContext(foundByReasonedSearch: true, searchUsedHiddenField: hidden, today: today)
            guard Policy.decide(actor.actor, .searchHit, child: facts.facts, context: access).isAllowed else {
                var visibleFieldsOnly = access
                visibleFieldsOnly.searchUsedHiddenField = false
                if hidden
                    && Policy.decide(actor.actor, .searchHit, child: facts.facts, context: visibleFieldsOnly).isAllowed
                {
                    suppressed.append(facts)
                } else {
                    withheld += 1
                }
                continue
            }
            shared.append("\(child.id!.uuidString)=\(Policy.route(of: actor.actor, to: facts.facts, context: access))")
            visible.append(candidate)
        }
        // Only the children this searcher may see share the odds: a hidden rival must not change a visible band.
        let results = Self.sharingTheOdds(visible, matcher: matcher).map { candidate, band, score in
            let child = candidate.child
            return SearchResult(
                id: child.id!, givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth,
                gender: child.gender, authority: child.authority.name, band: band.rawValue,
                score: (score * 10).rounded() / 10)
        }
        return RankOutcome(
            results: results, suppressedShielded: suppressed, shared: shared.joined(separator: ","),
            withheldByPolicy: withheld)
    }

    /// The searcher may open these children's signposts for `grantSeconds`, for the reason given.
    static func grant(
        _ childIDs: [UUID], to actor: AuthenticatedPractitioner, reason: String, context: ServiceContext,
        on db: any Database
    ) async throws {
        let expires = context.now.addingTimeInterval(SearchService.grantSeconds)
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

    static func canonical(_ criteria: SearchCriteria) -> String {
        [
            criteria.givenName, criteria.familyName, criteria.dateOfBirth, criteria.postcode, criteria.nhsNumber,
            criteria.upn,
        ]
        .map { NameNormalisation.normalise($0 ?? "") + "|" + ($0 ?? "").filter(\.isNumber) }
        .joined(separator: "\u{1F}")
    }

    static func fieldsUsed(_ criteria: SearchCriteria) -> String {
        [
            ("givenName", criteria.givenName), ("familyName", criteria.familyName),
            ("dateOfBirth", criteria.dateOfBirth),
            ("postcode", criteria.postcode), ("nhsNumber", criteria.nhsNumber), ("upn", criteria.upn),
        ]
        .filter { !($0.1 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }.map(\.0).joined(separator: ",")
    }

    static let fieldNames = [
        "givenName": "given name", "familyName": "family name", "dateOfBirth": "date of birth",
        "postcode": "postcode", "nhsNumber": "NHS number", "upn": "unique pupil number",
    ]

    /// `fieldsUsed` as a person would say it: "given name, family name and postcode".
    static func fieldsInWords(_ fields: String) -> String {
        PlainEnglish.list(
            fields.split(separator: ",").map { fieldNames[String($0)] ?? String($0) }, conjunction: "and")
    }
}
