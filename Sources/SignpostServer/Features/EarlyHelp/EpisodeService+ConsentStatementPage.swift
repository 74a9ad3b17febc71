import Fluent
import Foundation
import SignpostCore

/// The consent statement page as one use case each way: reading it (the episode and the child's
/// consents in force, one audit event), and recording it (a new consent and the statement, in one
/// transaction, so a statement that fails leaves no half-recorded consent behind).
extension EpisodeService {
    struct ConsentStatementContent: Sendable {
        var episode: EpisodeView
        var consentsInForce: [GovernanceView.Consent]
    }

    enum ConsentStatementChoice: Sendable {
        /// A consent already recorded for the child (nil: none chosen).
        case existing(UUID?)
        /// A consent given now, recorded with the statement.
        case newConsent(ConsentService.ConsentInput)
        /// The family declined: the assessment is the assessor's alone.
        case declined
    }

    func consentStatementContent(episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> ConsentStatementContent
    {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .view, audit: "episode.viewed", by: actor, context: context, on: tx)
            // The consents are the child's governance: the same permission as reading them anywhere else.
            _ = try await ChildGate.authorise(
                loaded.child.id, .recordConsent, audit: "consent.listed", by: actor, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.viewed", actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString, "page": "consent-statement"]),
                context: context, on: tx)
            let today = CalendarDate(context.now)
            let consents = try loaded.child.consents
                .map { try GovernanceView.consentView($0, today: today) }
                .filter { $0.status == ConsentState.inForce.rawValue }
            return ConsentStatementContent(
                episode: try await loaded.view(for: actor, now: context.now, on: tx), consentsInForce: consents)
        }
    }

    func recordConsentStatement(
        _ choice: ConsentStatementChoice, episodeID: UUID, by actor: AuthenticatedPractitioner
    ) async throws {
        try await context.auditedTransaction { context, tx in
            var statement = ConsentStatementInput(consentID: nil, declined: nil)
            switch choice {
            case .declined:
                statement.declined = true
            case .existing(let consentID):
                statement.consentID = consentID
            case .newConsent(let input):
                let loaded = try await Self.authorise(
                    episodeID, .edit, audit: "episode.consent-recorded", by: actor, context: context, on: tx)
                statement.consentID = try await ConsentService(context: context).record(
                    input, childID: loaded.child.id, by: actor
                ).id
            }
            _ = try await EpisodeService(context: context).recordConsentStatement(
                statement, episodeID: episodeID, by: actor)
        }
    }
}
