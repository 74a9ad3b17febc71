import Fluent
import Foundation
import SignpostCore

/// Closing the episode, and moving the child to another authority when the family moves.
extension TeamAroundTheChildService {
    struct ClosureInput: Codable, Sendable {
        var reason: String
        var note: String?
        var receivingAuthority: String?
        /// For a move: `consent` (covering the assessment), `public-task` or `safeguarding`.
        var transferBasis: String?
        var referralSource: String?
        var primaryNeed: String?
    }

    /// Closes the episode with a reason; closed episodes are read-only.
    func close(_ input: ClosureInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView
    {
        let reason = try Self.closureReason(input)
        let closure = try Self.closureText(input, reason: reason)
        return try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .close, audit: "episode.closed", by: actor, context: context, on: tx)
            guard loaded.episode.status != EpisodeStatus.consent.rawValue else {
                throw ServiceError.conflict(
                    "Record the consent statement, or that the family declined, before closing.")
            }
            var details = ["episode": episodeID.uuidString, "reason": reason.rawValue]
            if reason == .movedAuthority, let code = closure.receivingAuthority {
                let shares = try await Self.transfer(
                    loaded, to: code, basis: closure.transferBasis, context: context, on: tx)
                details["receivingAuthority"] = code
                details["assessmentShared"] = String(shares)
            }
            loaded.episode.status = EpisodeStatus.closed.rawValue
            loaded.episode.closedAt = context.now
            loaded.episode.closureReason = reason.rawValue
            loaded.episode.closureSealed = try loaded.cipher.sealJSON(
                closure, context: LoadedEpisode.closureContext(episodeID))
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await Self.audit("episode.closed", loaded, actor, details, context, tx)
            let moved = reason == .movedAuthority ? ": the child moved to another authority" : ""
            try await ChronologyLog.appendSystemEntry(
                "\(actor.name) (\(actor.organisationName)) closed the early-help episode\(moved).", category: .plan,
                child: loaded.child, by: actor, context: context, on: tx)
            guard let reloaded = try await LoadedEpisode.load(episodeID, context: context, on: tx) else {
                throw ServiceError.notFound()
            }
            return try await reloaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The reason for closing, one of `ClosureReason`; anything else is refused listing the reasons there are.
    static func closureReason(_ input: ClosureInput) throws -> ClosureReason {
        guard let reason = ClosureReason(rawValue: input.reason) else {
            throw ServiceError.validation([
                .init(
                    field: "reason",
                    message:
                        "Choose why the episode is closing: \(ClosureReason.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            ])
        }
        return reason
    }

    /// What the closure records, checked before any transaction: a move needs the receiving authority and
    /// the basis for the transfer, a step up needs the Children in Need census codes.
    static func closureText(_ input: ClosureInput, reason: ClosureReason) throws -> ClosureText {
        var errors: [ServiceError.FieldError] = []
        var text = ClosureText(note: Self.optional(input.note))
        switch reason {
        case .movedAuthority:
            let basis = input.transferBasis.flatMap(LawfulBasis.init(rawValue:))
            if basis == nil {
                errors.append(
                    .init(
                        field: "transferBasis",
                        message: "Record the basis for the transfer: consent, public-task or safeguarding."))
            }
            if (input.receivingAuthority ?? "").isEmpty {
                errors.append(.init(field: "receivingAuthority", message: "Enter the receiving authority's ONS code."))
            }
            text.receivingAuthority = input.receivingAuthority
            text.transferBasis = basis?.rawValue
        case .steppedUp:
            if CINCodes.referralSource[input.referralSource ?? ""] == nil {
                errors.append(
                    .init(
                        field: "referralSource",
                        message:
                            "Choose the referral source from the Children in Need census codes (for example 2A for schools)."
                    ))
            }
            if CINCodes.primaryNeed[input.primaryNeed ?? ""] == nil {
                errors.append(.init(field: "primaryNeed", message: "Choose the primary need, N0 to N9."))
            }
            text.referralSource = input.referralSource
            text.primaryNeed = input.primaryNeed
        case .needsMet, .disengaged, .consentWithdrawn:
            break
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return text
    }

    /// Makes the receiving authority responsible for the child and tells it; returns whether the
    /// assessment is shared with it. The episode's flag is set here and saved with the closure.
    static func transfer(
        _ loaded: LoadedEpisode, to code: String, basis: String?, context: ServiceContext, on tx: any Database
    ) async throws -> Bool {
        guard let receiving = try await AuthorityModel.query(on: tx).filter(\.$onsCode == code).first(),
            code != loaded.child.facts.authorityCode
        else {
            throw ServiceError.validation([
                .init(
                    field: "receivingAuthority",
                    message: "Enter the ONS code of another authority known to Signpost.")
            ])
        }
        // The receiving authority becomes responsible: its practitioners reach the signpost through it.
        // The assessment goes with the child only when consent (or the recorded basis) covers it.
        // Whatever basis moves the index record, the assessment goes only where consent to share it
        // (or a recorded basis for sharing it, or Tier 1) covers it; the policy re-checks on every read.
        let shares = Policy.assessmentSharingBasis(loaded.child.facts, today: CalendarDate(context.now)) != nil
        loaded.episode.sharedOnTransfer = shares
        loaded.child.child.$authority.id = try receiving.requireID()
        try await loaded.child.child.save(on: tx)
        let child = "\(loaded.child.child.givenName) \(loaded.child.child.familyName)"
        let basisName = basis.flatMap(LawfulBasis.init(rawValue:))?.displayName ?? "not recorded"
        let shared =
            shares
            ? "The early-help assessment is shared with you."
            : "The assessment was not shared: consent does not cover it."
        try await Notifications.notify(
            authority: code, childID: loaded.child.id, kind: "transfer-in",
            message: "\(child) moved to your authority from \(loaded.child.authority.name) (basis: \(basisName)). "
                + shared,
            context: context, on: tx)
        return shares
    }
}
