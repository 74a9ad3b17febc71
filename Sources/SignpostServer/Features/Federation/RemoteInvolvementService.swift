import Fluent
import Foundation
import SignpostCore

/// The holding node's side of a signed involvement request from another authority's node: its own
/// `FederationAccess` decides the answer (consent, shielding, sensitive services), and the request is
/// audited in its log with the asking node, purpose and reference, whatever the answer.
struct RemoteInvolvementService {
    let context: ServiceContext
    /// The authority this node lists with the hub (its key's node name).
    let holdingAuthority: String

    func answer(_ request: RemoteInvolvementRequest, from node: String) async throws -> RemoteInvolvementAnswer {
        if let problem = Self.problem(with: request) {
            // Refused before any child is looked at, and audited under the asking node's name.
            _ = try await context.auditedTransaction { context, tx -> Bool in
                var draft = AuditDraft(
                    action: "federation.involvements-answered", actor: nil, subjectType: "child", outcome: .refused,
                    details: ["why": "invalid", "field": problem.field])
                draft.actorID = node
                draft.actorRole = "node"
                draft.actorOrganisation = node
                try await AuditLog.append(draft, context: context, on: tx)
                throw Refusal(error: .validation([problem]))
            }
        }
        let today = CalendarDate(context.now)
        // The handle is this node's record id under the epoch's keyed permutation; any other text is no child.
        let epoch = request.epoch ?? context.environment.settings.federation?.secret.epoch ?? ""
        let childID = HubHandles(nodeKey: context.masterKey.key, node: holdingAuthority, epoch: epoch).id(
            for: request.handle)
        return try await context.auditedTransaction { context, tx in
            var draft = AuditDraft(
                action: "federation.involvements-answered", actor: nil, subjectType: "child",
                reason: request.purpose, outcome: .refused,
                details: ["reference": request.requestReference, "epoch": epoch])
            draft.actorID = node
            draft.actorRole = "node"
            draft.actorOrganisation = node
            guard let id = childID, let loaded = try await ChildFactsLoader.load(id, on: tx)
            else {
                try await AuditLog.append(draft, context: context, on: tx)
                throw Refusal.notFound("No child this node may share has that handle.")
            }
            // Named only once it is a child of this node: an unknown handle reads back as a random id.
            draft.subjectID = id.uuidString.lowercased()
            let decision = FederationAccess.answer(for: loaded.facts, asNodeOf: holdingAuthority, today: today)
            guard let answer = Self.answer(decision, loaded: loaded) else {
                try await AuditLog.append(draft, context: context, on: tx)
                throw Refusal.notFound("No child this node may share has that handle.")
            }
            draft.outcome = .success
            draft.details["answer"] = answer.kind.rawValue
            draft.details["involvements"] = String(answer.involvements.count)
            try await AuditLog.append(draft, context: context, on: tx)
            return answer
        }
    }

    /// The policy's decision in the wire form: only the involvements it let through, by organisation.
    static func answer(_ decision: FederationAccess.RemoteAnswer, loaded: LoadedChild) -> RemoteInvolvementAnswer? {
        var answer = RemoteInvolvementAnswer(
            kind: .brokeringRoute, authority: loaded.authority.onsCode, authorityName: loaded.authority.name,
            brokeringRoute: loaded.authority.officeHoursPhone, involvements: [])
        switch decision {
        case .notFound:
            return nil
        case .brokeringRoute:
            return answer
        case .involvements(let allowed):
            answer.kind = .involvements
            answer.involvements = loaded.active.filter { model in
                allowed.contains(loaded.member(model))
            }.map {
                RemoteInvolvementAnswer.Involvement(
                    organisation: $0.organisation.name, role: $0.role, contactPhone: $0.contactPhone,
                    leadProfessional: $0.leadProfessional)
            }
            return answer
        }
    }

    /// The first field of a request that fails its check, if any.
    static func problem(with request: RemoteInvolvementRequest) -> ServiceError.FieldError? {
        guard ChildVocabulary.searchReasons[request.purpose] != nil else {
            return .init(field: "purpose", message: "The purpose is one of the search reasons' codes.")
        }
        if let epoch = request.epoch, !LinkageSecret.isValidEpoch(epoch) {
            return .init(field: "epoch", message: "The epoch is 1 to 32 letters, digits, dots or dashes.")
        }
        guard OpaqueReference.isValid(request.requestReference) else {
            return .init(
                field: "requestReference",
                message: "The request reference is 1 to 64 letters, digits, dashes or underscores.")
        }
        return nil
    }
}
