import Foundation
import SignpostCore

/// The calls a node makes to the hub and to other nodes, as plain values; `App/HubClient` implements them
/// over signed HTTP. A service that takes one knows nothing of HTTP.
protocol FederationGateway: Sendable {
    /// The hub's pointers for an encoding.
    func queryHub(_ query: HubQueryInput) async throws -> [HubPointer]
    /// The holding node's answer (the request signed for that node), or nil when it answers 404.
    func askNode(_ node: String, at baseURL: String, _ request: RemoteInvolvementRequest) async throws
        -> RemoteInvolvementAnswer?
}

/// A practitioner's national look-up: the same reason, criteria rules and rate limit as a local search;
/// the criteria are encoded with the node's linkage secret (never sent anywhere), the hub answers with
/// pointers, and each holding node answers through its own policy. One audit event in the asking node's
/// log names the reason, the authorities pointed to and what each answered, never the criteria.
struct FederationLookupService {
    let context: ServiceContext
    let gateway: any FederationGateway
    let secret: LinkageSecret

    struct LookupRequest: Codable, Sendable {
        var reason: String
        var reasonText: String?
        var criteria: SearchCriteria
        /// Improves the match: the hub's encodings include sex.
        var gender: String?
    }

    struct Found: Codable, Sendable, Equatable {
        var authority: String
        var band: HubAnswerRules.Band
        /// Two of the authority's children are close: confirm which with them.
        var ambiguous: Bool
        var contactRoute: String
        /// The holding node's answer; nil when it did not answer (unreachable, or it may not share).
        var answer: RemoteInvolvementAnswer?
    }

    /// At most this many pointers are followed up with their holding nodes (all are shown).
    static let maxPointers = 5

    func lookUp(_ request: LookupRequest, by actor: AuthenticatedPractitioner, limiter: SearchRateLimiter)
        async throws -> [Found]
    {
        let search = SearchRequest(reason: request.reason, reasonText: request.reasonText, criteria: request.criteria)
        if case .deny(let reason) = Policy.decide(actor.actor, .searchChildren) {
            try await refuse(.forbidden(reason), why: "forbidden", request, by: actor)
        }
        var query: MatchRecord
        let reasonText: String
        do {
            (query, _, reasonText) = try SearchService.validate(search)
        } catch let error as ServiceError {
            try await refuse(error, why: "invalid", request, by: actor)
        }
        query.sex = MatchRecord.Sex(loose: request.gender ?? "")
        if case .refused(let seconds) = try await limiter.claim(actor.id, context: context) {
            try await refuse(
                limiter.refusal(retryAfterSeconds: seconds),
                why: "rate-limited", request, by: actor)
        }
        let reference = UUID().uuidString.lowercased()
        let encoding = LinkageEncoder(secret: secret).encode(query)
        let pointers: [HubPointer]
        do {
            pointers = try await gateway.queryHub(
                HubQueryInput(encoding: encoding, purpose: request.reason, requestReference: reference))
        } catch {
            try await refuse(
                ServiceError(
                    kind: .unavailable, title: "The national hub did not answer",
                    detail: "The national signposting hub could not be reached. Search locally, or try again later."),
                why: "hub-unavailable", request, by: actor)
        }
        let found = try await follow(pointers, reason: request.reason, reference: reference)
        let answers = found.map { "\($0.authority):\($0.answer?.kind.rawValue ?? "none")" }.joined(separator: " ")
        try await context.auditedTransaction { context, tx in
            try await AuditLog.append(
                AuditDraft(
                    action: "federation.looked-up", actor: actor, subjectType: "national-index", reason: reasonText,
                    details: [
                        "reference": reference, "reasonCode": request.reason,
                        "fields": SearchService.fieldsUsed(request.criteria),
                        "pointers": String(pointers.count), "shown": String(found.count),
                        "answers": answers,
                    ]), context: context, on: tx)
        }
        return found
    }

    /// The pointers, each of the first few with its holding node's answer.
    private func follow(_ pointers: [HubPointer], reason: String, reference: String) async throws -> [Found] {
        // Each holding node is asked at the address in this node's own copy of the directory, never at one
        // the hub's answer names, and only the first few. Every pointer is shown, with the route from that copy
        // (`DirectoryEndorsement.route`); with a pinned custodian key, a pointer to no trusted peer is not.
        let pinned = context.environment.settings.directoryCustodian
        // Only the pointed-to peers' endorsements are checked: one signature each, not one for every node.
        let pointed = Set(pointers.map(\.authority))
        let rows = try await SignedNodeRequests.nodes(in: SignedNodeRequests.peersTable, on: ModelRows.sql(context.db))
            .filter { pointed.contains($0.node) }
        let peers = Dictionary(
            DirectoryEndorsement.trusted(rows, pinned: pinned, today: CalendarDate(context.now).iso).trusted.map {
                ($0.node, $0)
            },
            uniquingKeysWith: { first, _ in first })
        var found: [Found] = []
        for pointer in pointers {
            let peer = peers[pointer.authority]
            guard
                let route = DirectoryEndorsement.route(
                    forPointerTo: pointer.authority, hubRoute: pointer.contactRoute, peer: peer, pinned: pinned)
            else { continue }
            var answer: RemoteInvolvementAnswer?
            if found.count < Self.maxPointers, let baseURL = peer?.baseURL {
                answer = try? await gateway.askNode(
                    pointer.authority, at: baseURL,
                    RemoteInvolvementRequest(
                        handle: pointer.handle, purpose: reason, requestReference: reference, epoch: secret.epoch))
                if answer?.authority != pointer.authority { answer = nil }
                // A brokering route names no services, whatever a faulty or hostile peer sends with it.
                if answer?.kind == .brokeringRoute { answer?.involvements = [] }
            }
            found.append(
                Found(
                    authority: pointer.authority, band: pointer.band, ambiguous: pointer.ambiguous,
                    contactRoute: route, answer: answer))
        }
        return found
    }

    /// Audits a refused look-up in its own transaction and throws the refusal.
    private func refuse(
        _ error: ServiceError, why: String, _ request: LookupRequest, by actor: AuthenticatedPractitioner
    )
        async throws -> Never
    {
        // The refusal commits its audit event and is thrown back out of the transaction.
        _ = try await context.auditedTransaction { context, tx -> Bool in
            try await AuditLog.append(
                AuditDraft(
                    action: "federation.looked-up", actor: actor, subjectType: "national-index", outcome: .refused,
                    details: [
                        "why": why, "reasonCode": String(request.reason.prefix(40)),
                        "fields": SearchService.fieldsUsed(request.criteria), "status": String(error.status.code),
                    ]), context: context, on: tx)
            throw Refusal(error: error)
        }
        throw error
    }
}
