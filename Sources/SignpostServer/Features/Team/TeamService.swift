import Fluent
import Foundation
import SignpostCore

/// Team membership: the grant that opens a child's case content. A practitioner asks to join; the
/// lead professional or a data manager of the child's authority admits or declines, with a reason; a
/// data manager may admit directly. The team is told, and every step is audited. Nothing done under
/// break-glass can start any of it (`Policy.decide(.requestToJoin)` ignores break-glass).
struct TeamService {
    let context: ServiceContext

    struct JoinRequestView: Codable, Sendable {
        var id: UUID
        var childID: UUID
        var childName: String
        var practitioner: String
        var organisation: String
        var reason: String
        var status: String
        var requestedAt: Date
        var decisionReason: String?
    }

    struct MemberView: Codable, Sendable {
        var practitionerID: UUID
        var name: String
        var organisation: String
        var basis: String
        var admittedAt: Date
    }

    static let maximumReasonLength = 2000

    static func cleanReason(_ text: String?, field: String = "reason", missing: String) throws -> String {
        let reason = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty else { throw ServiceError.validation([.init(field: field, message: missing)]) }
        guard reason.count <= maximumReasonLength else {
            throw ServiceError.validation([
                .init(field: field, message: "The reason must be 2,000 characters or fewer.")
            ])
        }
        return reason
    }

    /// Asks to join the child's team. The lead professional and the authority's data managers are told.
    func requestToJoin(childID: UUID, reason: String?, by actor: AuthenticatedPractitioner) async throws
        -> JoinRequestView
    {
        let why = try Self.cleanReason(reason, missing: "Say why you need to join this child's team.")
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .requestToJoin, audit: "team.join-requested", by: actor, context: context, on: tx)
            if try await JoinRequestModel.query(on: tx).filter(\.$childID == childID)
                .filter(\.$practitionerID == actor.id).filter(\.$status == JoinRequestStatus.pending.rawValue).first()
                != nil
            {
                throw ServiceError.conflict(
                    "You have asked to join this child's team already; the request is waiting for a decision.")
            }
            let request = JoinRequestModel()
            request.childID = childID
            request.practitionerID = actor.id
            request.reason = why
            request.status = JoinRequestStatus.pending.rawValue
            request.requestedAt = context.now
            try await request.create(on: tx)
            let requestID = try request.requireID()
            let message =
                "\(actor.name) (\(actor.organisationName)) asked to join the team of "
                + "\(loaded.child.givenName) \(loaded.child.familyName): \(why)"
            for lead in loaded.active
            where lead.leadProfessional && loaded.facts.members.contains(lead.$practitioner.id.uuidString) {
                try await Notifications.notify(
                    practitioner: lead.$practitioner.id, childID: childID, kind: "join-request", message: message,
                    context: context, on: tx)
            }
            try await Notifications.notify(
                authority: loaded.facts.authorityCode, childID: childID, kind: "join-request", message: message,
                context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "team.join-requested", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    reason: why, details: ["request": requestID.uuidString]),
                context: context, on: tx)
            return JoinRequestView(
                id: requestID, childID: childID, childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                practitioner: actor.name, organisation: actor.organisationName, reason: why,
                status: JoinRequestStatus.pending.rawValue,
                requestedAt: context.now, decisionReason: nil)
        }
    }

    /// Admits or declines a pending request, with a reason. The requester and the team are told.
    func decide(requestID: UUID, admit: Bool, reason: String?, by actor: AuthenticatedPractitioner) async throws
        -> JoinRequestView
    {
        let why = try Self.cleanReason(
            reason, missing: admit ? "Say why this practitioner should join the team." : "Say why you are declining.")
        let audit = admit ? "team.join-admitted" : "team.join-declined"
        return try await context.auditedTransaction { context, tx in
            guard let request = try await JoinRequestModel.find(requestID, on: tx) else {
                try await Refusal.asMissing(
                    audit, type: "join-request", id: requestID, by: actor, context: context, on: tx)
            }
            let (loaded, _) = try await ChildGate.authorise(
                request.childID, .decideJoinRequest, audit: audit, by: actor, context: context, on: tx)
            guard request.status == JoinRequestStatus.pending.rawValue else {
                throw ServiceError.conflict("This request was \(request.status) already.")
            }
            request.status = (admit ? JoinRequestStatus.admitted : .declined).rawValue
            request.decidedBy = actor.id
            request.decidedAt = context.now
            request.decisionReason = why
            try await request.save(on: tx)
            if admit {
                try await Self.admit(
                    request.practitionerID, to: loaded, basis: "admitted", by: actor, context: context, on: tx)
            }
            let requester = try await PractitionerModel.query(on: tx).filter(\.$id == request.practitionerID).with(
                \.$organisation
            ).first()
            let childName = "\(loaded.child.givenName) \(loaded.child.familyName)"
            try await Notifications.notify(
                practitioner: request.practitionerID, childID: loaded.id, kind: audit,
                message: admit
                    ? "You were admitted to the team of \(childName): \(why)"
                    : "Your request to join the team of \(childName) was declined: \(why)",
                context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: loaded.id.uuidString, reason: why,
                    details: ["request": requestID.uuidString, "practitioner": request.practitionerID.uuidString]),
                context: context, on: tx)
            return JoinRequestView(
                id: requestID, childID: loaded.id, childName: childName, practitioner: requester?.name ?? "",
                organisation: requester?.organisation.name ?? "", reason: request.reason, status: request.status,
                requestedAt: request.requestedAt,
                decisionReason: why)
        }
    }

    /// A data manager of the child's authority admits a practitioner without a request.
    func admitDirectly(childID: UUID, practitionerID: UUID, reason: String?, by actor: AuthenticatedPractitioner)
        async throws
    {
        let why = try Self.cleanReason(reason, missing: "Say why this practitioner should join the team.")
        try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .admitDirectly, audit: "team.admitted-directly", by: actor, context: context, on: tx)
            guard let practitioner = try await PractitionerModel.find(practitionerID, on: tx),
                SystemRole.parseList(practitioner.roles)?.contains(.practitioner) == true
            else {
                throw ServiceError.validation([
                    .init(field: "practitionerID", message: "Choose a practitioner's account.")
                ])
            }
            try await Self.admit(practitionerID, to: loaded, basis: "direct", by: actor, context: context, on: tx)
            try await Notifications.notify(
                practitioner: practitionerID, childID: childID, kind: "team.admitted-directly",
                message:
                    "You were admitted to the team of \(loaded.child.givenName) \(loaded.child.familyName): \(why)",
                context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "team.admitted-directly", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    reason: why, details: ["practitioner": practitionerID.uuidString]),
                context: context, on: tx)
        }
    }

    /// Pending requests the actor may decide: as lead professional, or for their authority's children.
    func pendingRequests(by actor: AuthenticatedPractitioner) async throws -> [JoinRequestView] {
        if case .deny(let reason) = Policy.decide(actor.actor, .viewJoinRequests) {
            throw ServiceError.forbidden(reason)
        }
        return try await context.auditedTransaction { context, tx in
            let pending = try await JoinRequestModel.query(on: tx).filter(
                \.$status == JoinRequestStatus.pending.rawValue
            ).sort(\.$requestedAt).limit(500).all()
            let children = try await ChildModel.query(on: tx).filter(\.$id ~~ Array(Set(pending.map(\.childID)))).all()
            let loaded = try await ChildFactsLoader.load(children, on: tx)
            let today = AccessContext(today: CalendarDate(context.now))
            let decidable = pending.filter { request in
                guard let child = loaded[request.childID] else { return false }
                return Policy.decide(actor.actor, .decideJoinRequest, child: child.facts, context: today).isAllowed
            }
            let people = try await PractitionerModel.query(on: tx).filter(\.$id ~~ decidable.map(\.practitionerID))
                .with(\.$organisation).all()
            let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
            try await AuditLog.append(
                AuditDraft(
                    action: "team.join-requests-viewed", actor: actor, subjectType: "join-requests",
                    details: [
                        "count": String(decidable.count),
                        "children": decidable.map(\.childID.uuidString).joined(separator: ","),
                    ]),
                context: context, on: tx)
            return decidable.map { request in
                let child = loaded[request.childID]!.child
                let person = byID[request.practitionerID]
                return JoinRequestView(
                    id: request.id!, childID: request.childID, childName: "\(child.givenName) \(child.familyName)",
                    practitioner: person?.name ?? "", organisation: person?.organisation.name ?? "",
                    reason: request.reason,
                    status: request.status, requestedAt: request.requestedAt, decisionReason: nil)
            }
        }
    }

    /// Makes a practitioner a member in the caller's transaction; a member already stays as they are.
    static func admit(
        _ practitionerID: UUID, to loaded: LoadedChild, basis: String, by actor: AuthenticatedPractitioner?,
        admittedBy: UUID? = nil, context: ServiceContext, on tx: any Database
    ) async throws {
        guard !loaded.facts.members.contains(practitionerID.uuidString) else { return }
        try await TeamMembershipModel(
            childID: loaded.id, practitionerID: practitionerID, basis: basis, admittedBy: admittedBy ?? actor?.id,
            at: context.now
        ).create(on: tx)
        let newcomer = try await PractitionerModel.query(on: tx).filter(\.$id == practitionerID)
            .with(\.$organisation) { $0.with(\.$authority) }.first()
        let newcomerSensitive = newcomer.map { ChildFactsLoader.actor(of: $0).organisationSensitive } ?? false
        if let actor, let newcomer {
            try await ChronologyLog.appendSystemEntry(
                "\(newcomer.name) (\(newcomer.organisation.name)) joined the team.", category: .team, child: loaded,
                by: actor, aboutSensitiveService: newcomerSensitive, context: context, on: tx)
        }
        // The team is told of a newcomer only as the chronology is: never of a sensitive service's.
        if let actor, !Policy.writesSystemEntry(by: actor.actor, aboutSensitiveService: newcomerSensitive) { return }
        if actor == nil && newcomerSensitive { return }
        let message =
            "\(newcomer?.name ?? "A practitioner") joined the team of \(loaded.child.givenName) \(loaded.child.familyName)."
        for member in loaded.memberships where member.practitionerID != actor?.id {
            try await Notifications.notify(
                practitioner: member.practitionerID, childID: loaded.id, kind: "team.joined", message: message,
                context: context, on: tx)
        }
    }
}
