import Fluent
import Foundation
import SignpostCore

/// Overdue work, for dashboards.
extension TeamAroundTheChildService {
    struct OverdueItem: Codable, Sendable {
        var episodeID: UUID
        var childName: String
        var what: String
        var due: String
    }

    /// Open actions past their due date that this practitioner owns or leads, and reviews past due in
    /// episodes they assess or lead.
    func overdue(for actor: AuthenticatedPractitioner) async throws -> [OverdueItem] {
        let today = CalendarDate(context.now)
        let led = try await InvolvementModel.query(on: context.db).filter(\.$practitioner.$id == actor.id)
            .filter(\.$status == InvolvementStatus.active.rawValue).filter(\.$leadProfessional == true).all().map {
                $0.$child.id
            }
        let episodes = try await EpisodeModel.query(on: context.db).filter(
            \.$status == EpisodeStatus.completed.rawValue
        )
        .group(.or) { $0.filter(\.$assessorID == actor.id).filter(\.$childID ~~ led) }.all()
        let ledEpisodeIDs = episodes.map { $0.id! }
        let actions = try await EpisodeEntryModel.query(on: context.db).filter(\.$kind == "action")
            .group(.or) { $0.filter(\.$ownerID == actor.id).filter(\.$episodeID ~~ ledEpisodeIDs) }
            .all()
            .filter {
                ActionStatus(rawValue: $0.status ?? "")?.isOpen == true
                    && Deadlines.isOverdue(dueOn: $0.onDate, today: today)
            }
        // Three more queries however many items: the actions' episodes, then the children's names.
        var episodesByID = Dictionary(uniqueKeysWithValues: episodes.map { ($0.id!, $0) })
        let missing = Set(actions.map(\.episodeID)).subtracting(episodesByID.keys)
        if !missing.isEmpty {
            for episode in try await EpisodeModel.query(on: context.db).filter(\.$id ~~ Array(missing)).all() {
                episodesByID[episode.id!] = episode
            }
        }
        let childIDs = Array(Set(episodesByID.values.map(\.childID)))
        let names = Dictionary(
            uniqueKeysWithValues: try await ChildModel.query(on: context.db).filter(\.$id ~~ childIDs).all()
                .map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        var items: [OverdueItem] = []
        for action in actions {
            guard let episode = episodesByID[action.episodeID], episode.status == EpisodeStatus.completed.rawValue
            else { continue }
            items.append(
                .init(
                    episodeID: action.episodeID, childName: names[episode.childID] ?? "", what: "An action is overdue",
                    due: action.onDate))
        }
        for episode in episodes {
            if let next = episode.nextReviewOn, Deadlines.isOverdue(dueOn: next, today: today) {
                items.append(
                    .init(
                        episodeID: episode.id!, childName: names[episode.childID] ?? "", what: "The review is overdue",
                        due: next))
            }
        }
        return items.sorted { $0.due < $1.due }
    }
}
