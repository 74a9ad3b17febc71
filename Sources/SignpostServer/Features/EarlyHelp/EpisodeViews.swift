import Fluent
import Foundation
import SignpostCore

/// What an episode shows: only what the viewer may see (sensitive members are named only to those who may see them).
struct EpisodeView: Codable, Sendable {
    struct Member: Codable, Sendable {
        var involvementID: UUID
        var description: String
        var leadProfessional: Bool
        var invited: Bool
    }

    struct Meeting: Codable, Sendable {
        var id: UUID
        var heldOn: String
        var attendees: String
        var decisions: String
    }

    struct Action: Codable, Sendable {
        var id: UUID
        var owner: String
        var dueOn: String
        var status: String
        var description: String
        var desiredOutcome: String
        var overdue: Bool
    }

    struct Review: Codable, Sendable {
        var id: UUID
        var heldOn: String
        var attendees: String
        var progress: String
        var nextSteps: String
        var childComments: String?
        var parentComments: String?
        var nextReviewOn: String
    }

    struct Closure: Codable, Sendable {
        var reason: String
        var reasonName: String
        var note: String?
        var receivingAuthority: String?
        /// The receiving authority's name, for the pages (the API's `receivingAuthority` is its ONS code).
        var receivingAuthorityName: String?
        var transferBasis: String?
        var referralSource: String?
        var primaryNeed: String?
        var closedOn: String
    }

    struct Permissions: Codable, Sendable {
        var edit: Bool
        var manageTeam: Bool
        var recordTeamWork: Bool
        var close: Bool
        var export: Bool
    }

    var id: UUID
    var childID: UUID
    var childName: String
    var status: String
    var route: String
    var routeName: String
    var version: Int
    var assessor: String
    var consentID: UUID?
    var consentDeclined: Bool
    /// Whether consent (or another basis) lets the team see the assessment now.
    var sharedWithTeam: Bool
    var content: AssessmentContent
    var completedAt: Date?
    var nextReviewOn: String?
    var reviewOverdue: Bool
    var members: [Member]
    var meetings: [Meeting]
    var actions: [Action]
    var reviews: [Review]
    var closure: Closure?
    var may: Permissions
}

/// Sealed free text of entries.
struct MeetingText: Codable {
    var attendees: String
    var decisions: String
}
struct ActionText: Codable {
    var description: String
    var desiredOutcome: String
}
struct ReviewText: Codable {
    var attendees: String
    var progress: String
    var nextSteps: String
    var childComments: String?
    var parentComments: String?
}
struct ClosureText: Codable {
    var note: String?
    var receivingAuthority: String?
    var transferBasis: String?
    var referralSource: String?
    var primaryNeed: String?
    var safeguardingReasons: String?
}

/// An episode with its child, the policy's facts and the authority's cipher, loaded in one place.
struct LoadedEpisode: Sendable {
    var episode: EpisodeModel
    var child: LoadedChild
    var cipher: FieldCipher

    var id: UUID { episode.id! }
    var facts: EpisodeFacts { Self.facts(episode, child: child) }

    static func facts(_ episode: EpisodeModel, child: LoadedChild) -> EpisodeFacts {
        EpisodeFacts(
            assessorID: episode.assessorID.uuidString, closed: episode.status == EpisodeStatus.closed.rawValue,
            authorityCode: episode.authorityCode,
            sharedOnTransfer: episode.sharedOnTransfer,
            assessorOrganisation: child.involvements.first { $0.id == episode.assessorInvolvementID }?.organisation
                .code,
            teamSharingDeclined: episode.consentDeclined)
    }

    static func contentContext(_ id: UUID) -> String { "episode:\(id.uuidString):content" }
    static func closureContext(_ id: UUID) -> String { "episode:\(id.uuidString):closure" }
    static func entryContext(_ id: UUID) -> String { "episode-entry:\(id.uuidString)" }

    func content() throws -> AssessmentContent {
        try cipher.openJSON(AssessmentContent.self, episode.contentSealed, context: Self.contentContext(id))
    }

    /// The episode and its child, without touching any key: the policy decides before anything is decrypted.
    static func loadFacts(_ episodeID: UUID, on db: any Database) async throws -> (EpisodeModel, LoadedChild)? {
        guard let episode = try await EpisodeModel.find(episodeID, on: db),
            let child = try await ChildFactsLoader.load(episode.childID, on: db)
        else { return nil }
        return (episode, child)
    }

    static func load(_ episodeID: UUID, context: ServiceContext, on db: any Database) async throws -> LoadedEpisode? {
        guard let (episode, child) = try await loadFacts(episodeID, on: db) else { return nil }
        let cipher = try await DataKeyStore.cipher(
            for: episode.authorityCode, creating: false, context: context, on: db)
        return LoadedEpisode(episode: episode, child: child, cipher: cipher)
    }

    /// The assessor, unless they work for a sensitive service the viewer may not see: then "another service".
    static func assessorName(
        _ episode: EpisodeModel, child: LoadedChild, for actor: AuthenticatedPractitioner, now: Date,
        on db: any Database
    ) async throws -> String {
        if let involvement = child.involvements.first(where: { $0.id == episode.assessorInvolvementID }),
            !Policy.namesInvolvement(
                child.member(involvement), of: child.facts, to: actor.actor,
                context: AccessContext(today: CalendarDate(now)))
        {
            return "Another service (contact the authority's data manager)"
        }
        return try await PractitionerModel.find(episode.assessorID, on: db)?.name ?? ""
    }

    func decide(_ actor: AuthenticatedPractitioner, _ action: EpisodeAction, now: Date) -> Decision {
        Policy.decide(
            actor.actor, action, episode: facts, child: child.facts, context: AccessContext(today: CalendarDate(now)))
    }

    /// The whole episode as this actor may see it.
    func view(for actor: AuthenticatedPractitioner, now: Date, on db: any Database) async throws -> EpisodeView {
        let today = CalendarDate(now)
        let access = AccessContext(today: today)
        let who = actor.actor
        let disclosure = Policy.disclose(facts, child: child.facts, to: who, context: access)
        func may(_ action: EpisodeAction) -> Bool { disclosure.may(action) }
        let invited = Set(
            try await EpisodeMemberModel.query(on: db).filter(\.$episodeID == id).all().map(\.involvementID))
        let (members, names) = team(invited: invited, for: who, context: access)
        let entries = try await entryViews(ownerNames: names, today: today, on: db)
        let closure = try await closureView(on: db)
        let route = ChecklistRoute(rawValue: episode.route)
        let assessorName = try await Self.assessorName(episode, child: child, for: actor, now: now, on: db)
        return EpisodeView(
            id: id, childID: child.id, childName: "\(child.child.givenName) \(child.child.familyName)",
            status: episode.status,
            route: episode.route, routeName: route?.displayName ?? episode.route, version: episode.version,
            assessor: assessorName, consentID: episode.consentID, consentDeclined: episode.consentDeclined,
            sharedWithTeam: disclosure.sharedWithTeam,
            content: try content(), completedAt: episode.completedAt, nextReviewOn: episode.nextReviewOn,
            reviewOverdue: episode.status != EpisodeStatus.closed.rawValue
                && Deadlines.isOverdue(dueOn: episode.nextReviewOn, today: today),
            members: members, meetings: entries.meetings, actions: entries.actions, reviews: entries.reviews,
            closure: closure,
            may: .init(
                edit: may(.edit), manageTeam: may(.manageTeam), recordTeamWork: may(.recordTeamWork),
                close: may(.close), export: may(.export)))
    }

    /// The members this viewer may see, and a label for every active practitioner to name action owners
    /// by: one the viewer may not see is "Another service" there, and left out of the members.
    private func team(invited: Set<UUID>, for who: Actor, context access: AccessContext)
        -> (members: [EpisodeView.Member], names: [UUID: String])
    {
        var names: [UUID: String] = [:]
        var members: [EpisodeView.Member] = []
        for involvement in child.active {
            let visible = Policy.namesInvolvement(child.member(involvement), of: child.facts, to: who, context: access)
            let label =
                visible
                ? "\(involvement.practitioner.name), \(involvement.role), \(involvement.organisation.name)"
                : "Another service"
            names[involvement.$practitioner.id] = label
            guard visible else { continue }
            members.append(
                .init(
                    involvementID: involvement.id!, description: label, leadProfessional: involvement.leadProfessional,
                    invited: invited.contains(involvement.id!)))
        }
        return (members, names)
    }

    /// The meetings, actions and reviews, unsealed, in date order.
    private func entryViews(ownerNames names: [UUID: String], today: CalendarDate, on db: any Database) async throws
        -> (meetings: [EpisodeView.Meeting], actions: [EpisodeView.Action], reviews: [EpisodeView.Review])
    {
        var meetings: [EpisodeView.Meeting] = []
        var actions: [EpisodeView.Action] = []
        var reviews: [EpisodeView.Review] = []
        for entry in try await EpisodeEntryModel.query(on: db).filter(\.$episodeID == id).sort(\.$onDate).all() {
            let entryContext = Self.entryContext(entry.id!)
            switch entry.kind {
            case "meeting":
                let text = try cipher.openJSON(MeetingText.self, entry.sealed, context: entryContext)
                meetings.append(
                    .init(id: entry.id!, heldOn: entry.onDate, attendees: text.attendees, decisions: text.decisions))
            case "action":
                let text = try cipher.openJSON(ActionText.self, entry.sealed, context: entryContext)
                let status = ActionStatus(rawValue: entry.status ?? "") ?? .notStarted
                actions.append(
                    .init(
                        id: entry.id!, owner: entry.ownerID.flatMap { names[$0] } ?? "A former team member",
                        dueOn: entry.onDate, status: status.rawValue,
                        description: text.description, desiredOutcome: text.desiredOutcome,
                        overdue: status.isOpen && Deadlines.isOverdue(dueOn: entry.onDate, today: today)))
            default:
                let text = try cipher.openJSON(ReviewText.self, entry.sealed, context: entryContext)
                reviews.append(
                    .init(
                        id: entry.id!, heldOn: entry.onDate, attendees: text.attendees, progress: text.progress,
                        nextSteps: text.nextSteps,
                        childComments: text.childComments, parentComments: text.parentComments,
                        nextReviewOn: entry.nextOn ?? ""))
            }
        }
        return (meetings, actions, reviews)
    }

    /// How the episode closed, unsealed; nil while it is open.
    private func closureView(on db: any Database) async throws -> EpisodeView.Closure? {
        guard let reason = episode.closureReason else { return nil }
        let text = try episode.closureSealed.map {
            try cipher.openJSON(ClosureText.self, $0, context: Self.closureContext(id))
        }
        var authorityName: String?
        if let code = text?.receivingAuthority {
            authorityName = try await AuthorityModel.query(on: db).filter(\.$onsCode == code).first()?.name
        }
        return .init(
            reason: reason,
            reasonName: ClosureReason(rawValue: reason)?.displayName ?? ChecklistRoute(rawValue: reason)?
                .displayName ?? reason,
            note: text?.note ?? text?.safeguardingReasons, receivingAuthority: text?.receivingAuthority,
            receivingAuthorityName: authorityName, transferBasis: text?.transferBasis,
            referralSource: text?.referralSource, primaryNeed: text?.primaryNeed,
            closedOn: episode.closedAt.map { CalendarDate($0).iso } ?? "")
    }
}
