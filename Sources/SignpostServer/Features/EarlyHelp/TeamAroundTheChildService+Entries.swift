import Fluent
import Foundation
import SignpostCore

/// The one way meetings, actions and reviews are written: sealed, audited, in one transaction.
extension TeamAroundTheChildService {
    /// The kinds of team work the chronology records, and how it says so.
    static let chronicled: [String: (category: ChronologyCategory, words: String)] = [
        "meeting": (.meeting, "Team Around the Child meeting held"),
        "review": (.review, "Early-help review held"),
    ]

    func addEntry(
        _ episodeID: UUID, kind: String, on date: CalendarDate, next: CalendarDate?, ownerInvolvementID: UUID? = nil,
        status: String? = nil,
        text: some Encodable & Sendable, by actor: AuthenticatedPractitioner
    ) async throws -> EpisodeView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .recordTeamWork, audit: "episode.\(kind)-recorded", by: actor, context: context, on: tx)
            try Self.requireCompleted(loaded)
            // An action's owner is a current team member invited to this episode's team (or the assessor),
            // checked after the permission.
            var owner: UUID?
            if let ownerInvolvementID {
                let invited =
                    try await EpisodeMemberModel.query(on: tx).filter(\.$episodeID == episodeID)
                    .filter(\.$involvementID == ownerInvolvementID).first() != nil
                    || loaded.episode.assessorInvolvementID == ownerInvolvementID
                guard let involvement = loaded.child.active.first(where: { $0.id == ownerInvolvementID }),
                    Policy.mayOwnAction(
                        loaded.child.member(involvement), invitedToEpisode: invited, of: loaded.child.facts,
                        assignedBy: actor.actor, context: AccessContext(today: CalendarDate(context.now)))
                else {
                    throw ServiceError.validation([
                        .init(field: "ownerInvolvementID", message: "Choose an owner from the team.")
                    ])
                }
                owner = involvement.$practitioner.id
            }
            let entry = EpisodeEntryModel()
            entry.id = UUID()
            entry.episodeID = episodeID
            entry.kind = kind
            entry.onDate = date.iso
            entry.nextOn = next?.iso
            entry.ownerID = owner
            entry.status = status
            entry.sealed = try loaded.cipher.sealJSON(text, context: LoadedEpisode.entryContext(entry.id!))
            entry.recordedBy = actor.id
            entry.recordedAt = context.now
            try await entry.create(on: tx)
            if kind == "review", let next {
                loaded.episode.nextReviewOn = next.iso
                loaded.episode.updatedAt = context.now
                try await loaded.episode.save(on: tx)
            }
            try await Self.audit(
                "episode.\(kind)-recorded", loaded, actor, ["entry": entry.id!.uuidString], context, tx)
            if let chronicled = Self.chronicled[kind] {
                // That the team met or reviewed, and when: what was said stays in the episode.
                try await ChronologyLog.appendSystemEntry(
                    "\(chronicled.words) on \(DisplayTime.day(date.iso)), recorded by \(actor.name).",
                    category: chronicled.category, child: loaded.child, by: actor, context: context, on: tx)
            }
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }
}
