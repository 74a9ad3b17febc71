import Fluent
import Foundation
import SignpostCore

/// The checklist that starts an episode and decides its route.
extension EpisodeService {
    func start(_ input: ChecklistInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView
    {
        let answers = ChecklistAnswers(
            riskOfSignificantHarm: input.riskOfSignificantHarm, concernsAboutProgress: input.concernsAboutProgress,
            needsMetBySingleService: input.needsMetBySingleService, needsUnclearOrBroad: input.needsUnclearOrBroad)
        let route = answers.route
        let reasons = try Self.referralReasons(input.reasons, route: route)
        return try await context.auditedTransaction { context, tx in
            let (child, _) = try await ChildGate.authorise(
                childID, .startAssessment, audit: "episode.started", by: actor, context: context, on: tx)
            // The assessment is held through the assessor's own involvement: record it first.
            guard let involvement = child.active.first(where: { $0.$practitioner.id == actor.id }) else {
                try await AuditLog.append(
                    AuditDraft(
                        action: "episode.started", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                        outcome: .refused),
                    context: context, on: tx)
                throw Refusal.forbidden(
                    "Record your involvement with this child before you start an early-help assessment.")
            }
            let cipher = try await DataKeyStore.cipher(
                for: child.facts.authorityCode, creating: true, context: context, on: tx)
            let episode = try Self.newEpisode(
                answers, route: route, reasons: reasons, child: child, involvement: involvement, by: actor,
                cipher: cipher, now: context.now)
            try await episode.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.started", actor: actor, subjectType: "child", subjectID: child.id.uuidString,
                    details: ["episode": episode.id!.uuidString, "route": route.rawValue]),
                context: context, on: tx)
            if route == .safeguardingReferral {
                // Bypasses consent by design: the authority hears at once.
                try await Notifications.notify(
                    authority: child.facts.authorityCode, childID: child.id, kind: "safeguarding-referral",
                    // The reasons stay in the encrypted episode; the notification only points to it.
                    message:
                        "\(actor.name) (\(actor.organisationName)) made an immediate safeguarding referral for \(child.child.givenName) \(child.child.familyName). The reasons are in the episode: /assessments/\(episode.id!.uuidString)",
                    context: context, on: tx)
            }
            let loaded = LoadedEpisode(episode: episode, child: child, cipher: cipher)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The checklist's reasons, trimmed: an immediate safeguarding referral cannot be made without them.
    static func referralReasons(_ text: String?, route: ChecklistRoute) throws -> String {
        let reasons = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if route == .safeguardingReferral && reasons.isEmpty {
            throw ServiceError.validation([
                .init(
                    field: "reasons",
                    message: "An immediate safeguarding referral needs your reasons: what you saw or heard, and when.")
            ])
        }
        try Self.checkLength(reasons, field: "reasons")
        return reasons
    }

    /// The episode the checklist creates, not yet saved, its content sealed with the authority's key.
    /// Only the full assessment route goes on to consent; every other route is closed at once.
    static func newEpisode(
        _ answers: ChecklistAnswers, route: ChecklistRoute, reasons: String, child: LoadedChild,
        involvement: InvolvementModel, by actor: AuthenticatedPractitioner, cipher: FieldCipher, now: Date
    ) throws -> EpisodeModel {
        let episode = EpisodeModel()
        episode.id = UUID()
        episode.childID = child.id
        episode.authorityCode = child.facts.authorityCode
        episode.assessorID = actor.id
        episode.assessorInvolvementID = try involvement.requireID()
        episode.route = route.rawValue
        episode.checklist = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        episode.consentDeclined = false
        episode.contentSealed = try cipher.sealJSON(
            AssessmentContent(), context: LoadedEpisode.contentContext(episode.id!))
        episode.version = 1
        episode.sharedOnTransfer = false
        episode.createdAt = now
        episode.updatedAt = now
        switch route {
        case .fullAssessment:
            episode.status = EpisodeStatus.consent.rawValue
        case .noFurtherAction, .singleAgency, .safeguardingReferral:
            // The checklist is the whole episode: recorded, and closed with its route as the reason.
            episode.status = EpisodeStatus.closed.rawValue
            episode.closedAt = now
            episode.closureReason = route.rawValue
            episode.closureSealed = try cipher.sealJSON(
                ClosureText(safeguardingReasons: reasons.isEmpty ? nil : reasons),
                context: LoadedEpisode.closureContext(episode.id!))
        }
        return episode
    }
}
