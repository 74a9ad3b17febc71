import Fluent
import Foundation
import SignpostCore

/// Brokered contact: a practitioner who cannot see a route (a sensitive service, or a shielded
/// child's team) asks the authority's data manager, who passes the request on without saying to whom.
struct BrokeredContactService {
    let context: ServiceContext

    struct RequestInput: Codable, Sendable {
        var message: String
    }

    struct RequestReceipt: Codable, Sendable {
        var id: UUID
        var status: String
        var detail: String
    }

    struct PassOnInput: Codable, Sendable {
        var involvementID: UUID
    }

    struct DeclineInput: Codable, Sendable {
        var note: String?
    }

    /// For the data manager: the request, and every active involvement it could go to (sensitive
    /// ones included: brokering them is the data manager's job).
    struct OpenRequest: Codable, Sendable {
        struct Route: Codable, Sendable {
            var involvementID: UUID
            var description: String
            var sensitive: Bool
        }

        var id: UUID
        var childID: UUID
        var childName: String
        var requester: String
        var requesterContact: String
        var message: String
        var requestedAt: Date
        var routes: [Route]
    }

    func request(_ input: RequestInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> RequestReceipt
    {
        let message = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty else {
            throw ServiceError.validation([.init(field: "message", message: "Say what you need and how to reach you.")])
        }
        guard message.count <= 2000 else {
            throw ServiceError.validation([
                .init(field: "message", message: "The message must be 2,000 characters or fewer.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .requestBrokeredContact, audit: "brokered-contact.requested", by: actor, context: context,
                on: tx)
            let row = BrokeredContactModel()
            row.childID = loaded.id
            row.authority = loaded.facts.authorityCode
            row.requesterID = actor.id
            row.message = message
            row.requestedAt = context.now
            row.status = BrokeredContactStatus.open.rawValue
            try await row.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "brokered-contact.requested", actor: actor, subjectType: "child",
                    subjectID: loaded.id.uuidString,
                    details: ["request": try row.requireID().uuidString]),
                context: context, on: tx)
            try await Notifications.notify(
                authority: loaded.facts.authorityCode, childID: loaded.id, kind: "brokered-contact-request",
                message:
                    "\(actor.name) (\(actor.organisationName)) asks for brokered contact about \(loaded.child.givenName) \(loaded.child.familyName).",
                context: context, on: tx)
            return RequestReceipt(
                id: try row.requireID(), status: BrokeredContactStatus.open.rawValue,
                detail:
                    "Your request has gone to the \(loaded.authority.name) data manager, who will pass it on. You will be told when they have."
            )
        }
    }

    func openRequests(by actor: AuthenticatedPractitioner) async throws -> [OpenRequest] {
        if case .deny(let reason) = Policy.decide(actor.actor, .manageInformationGovernance) {
            throw ServiceError.forbidden(reason)
        }
        return try await context.auditedTransaction { context, tx in
            let rows = try await BrokeredContactModel.query(on: tx)
                .filter(\.$authority == actor.authorityCode)
                .filter(\.$status == BrokeredContactStatus.open.rawValue)
                .sort(\.$requestedAt)
                .all()
            // Batched: the children (with their involvements) and the requesters in a fixed number of queries.
            let children = try await ChildModel.query(on: tx).filter(\.$id ~~ rows.map(\.childID)).filter(
                \.$mergedIntoID == nil
            ).all()
            let loadedChildren = try await ChildFactsLoader.load(children, on: tx)
            let requesters = Dictionary(
                uniqueKeysWithValues: try await PractitionerModel.query(on: tx)
                    .filter(\.$id ~~ Array(Set(rows.map(\.requesterID)))).with(\.$organisation).all().map {
                        ($0.id!, $0)
                    })
            var open: [OpenRequest] = []
            for row in rows {
                guard let loaded = loadedChildren[row.childID], let requester = requesters[row.requesterID] else {
                    continue
                }
                open.append(
                    OpenRequest(
                        id: try row.requireID(), childID: loaded.id,
                        childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                        requester: "\(requester.name), \(requester.organisation.name)",
                        requesterContact: [requester.email, requester.phone].compactMap { $0 }.joined(separator: ", "),
                        message: row.message, requestedAt: row.requestedAt,
                        routes: try loaded.active.map {
                            .init(
                                involvementID: try $0.requireID(),
                                description: "\($0.practitioner.name), \($0.role), \($0.organisation.name)",
                                sensitive: $0.organisation.sensitive)
                        }))
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "brokered-contact.listed", actor: actor, subjectType: "brokered-contacts",
                    details: [
                        "count": String(open.count), "children": open.map(\.childID.uuidString).joined(separator: ","),
                    ]),
                context: context, on: tx)
            return open
        }
    }

    func passOn(requestID: UUID, involvementID: UUID, by actor: AuthenticatedPractitioner) async throws {
        try await context.auditedTransaction { context, tx in
            let (row, loaded) = try await authorise(
                requestID, action: "brokered-contact.passed-on", by: actor, context: context, on: tx)
            guard let involvement = loaded.active.first(where: { $0.id == involvementID }) else {
                throw ServiceError.validation([
                    .init(field: "involvementID", message: "Choose one of this child's active involvements.")
                ])
            }
            guard
                let requester = try await PractitionerModel.query(on: tx).filter(\.$id == row.requesterID).with(
                    \.$organisation
                ).first()
            else {
                throw ServiceError.notFound("The requester's account no longer exists.")
            }
            row.status = BrokeredContactStatus.passedOn.rawValue
            row.handledBy = actor.id
            row.handledAt = context.now
            row.passedToInvolvement = involvementID
            try await row.save(on: tx)
            let childName = "\(loaded.child.givenName) \(loaded.child.familyName)"
            try await Notifications.notify(
                practitioner: involvement.$practitioner.id, childID: loaded.id, kind: "brokered-contact",
                message:
                    "The \(loaded.authority.name) data manager passes on a request about \(childName) from \(requester.name) (\(requester.organisation.name), \([requester.email, requester.phone].compactMap { $0 }.joined(separator: ", "))): \(row.message)",
                context: context, on: tx)
            // The requester learns that it was passed on, never to whom.
            try await Notifications.notify(
                practitioner: row.requesterID, childID: nil, kind: "brokered-contact-passed-on",
                message:
                    "The \(loaded.authority.name) data manager has passed on your request about \(childName). The service will contact you if it can help.",
                context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "brokered-contact.passed-on", actor: actor, subjectType: "child",
                    subjectID: loaded.id.uuidString,
                    details: ["request": requestID.uuidString, "involvement": involvementID.uuidString]),
                context: context, on: tx)
        }
    }

    func decline(requestID: UUID, note: String?, by actor: AuthenticatedPractitioner) async throws {
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else {
            throw ServiceError.validation([.init(field: "note", message: "Say why the request cannot be passed on.")])
        }
        try await context.auditedTransaction { context, tx in
            let (row, loaded) = try await authorise(
                requestID, action: "brokered-contact.declined", by: actor, context: context, on: tx)
            row.status = BrokeredContactStatus.declined.rawValue
            row.handledBy = actor.id
            row.handledAt = context.now
            try await row.save(on: tx)
            try await Notifications.notify(
                practitioner: row.requesterID, childID: nil, kind: "brokered-contact-declined",
                message:
                    "The \(loaded.authority.name) data manager could not pass on your request about \(loaded.child.givenName) \(loaded.child.familyName): \(text)",
                context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "brokered-contact.declined", actor: actor, subjectType: "child",
                    subjectID: loaded.id.uuidString, reason: text,
                    details: ["request": requestID.uuidString]),
                context: context, on: tx)
        }
    }

    /// A brokered-contact request is seen only by the data managers of the child's authority: for anyone
    /// else it does not exist (the same audited 404 as a missing one).
    private func authorise(
        _ requestID: UUID, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws -> (BrokeredContactModel, LoadedChild) {
        guard let row = try await BrokeredContactModel.find(requestID, on: tx),
            row.status == BrokeredContactStatus.open.rawValue,
            let loaded = try await ChildFactsLoader.load(row.childID, on: tx),
            Policy.decide(
                actor.actor, .brokerContact, child: loaded.facts,
                context: AccessContext(today: CalendarDate(context.now))
            ).isAllowed
        else {
            try await Refusal.asMissing(
                action, type: "brokered-contact", id: requestID, by: actor, context: context, on: tx)
        }
        return (row, loaded)
    }
}
