import Fluent
import Foundation
import SignpostCore

extension ForumService {
    struct AcknowledgementView: Sendable, Codable, Equatable {
        var by: String
        var at: Date
        var note: String
    }

    struct PostView: Sendable, Codable, Equatable {
        var id: UUID
        var kind: ForumPostKind
        var body: String
        /// The author and their service, or "Another service".
        var author: String
        var postedAt: Date
        var raisesAttention: Bool
        var acknowledgement: AcknowledgementView?
        /// The viewer may acknowledge this concern (raised, not yet acknowledged, and the viewer leads).
        var mayAcknowledge: Bool
        /// `anotherService`: a sensitive service's post, shown only as having happened.
        var disclosure: SharedRecordDisclosure = .full
    }

    struct ThreadView: Sendable, Codable, Equatable {
        var id: UUID
        var title: String
        var posts: [PostView]
    }

    struct ForumPage: Sendable, Codable {
        var childName: String
        var mayPost: Bool
        /// Whether the viewer's service is sensitive: they post as "another service" unless they name it.
        var postsAsAnotherService: Bool
        /// Newest activity first.
        var threads: [ThreadView]
    }

    func forum(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> ForumPage {
        try await context.auditedTransaction { context, tx in
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewSharedRecord, audit: "forum.viewed", by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            let threads = try await ForumThreadModel.query(on: tx).filter(\.$childID ~~ ids).all()
            let posts = try await ForumPostModel.query(on: tx).filter(\.$childID ~~ ids).sort(\.$postedAt).all()
            // A sensitive service's post (one that did not name the service) is that service's item.
            func shown(_ organisation: String, anonymous: Bool) -> SharedRecordDisclosure {
                Policy.disclosure(
                    of: SharedRecordItem(organisationCode: organisation, sensitive: anonymous), to: actor.actor,
                    child: loaded.facts, context: access)
            }
            let disclosed = posts.map { (post: $0, shown: shown($0.organisationCode, anonymous: $0.anonymous)) }
            let full = Set(disclosed.filter { $0.shown == .full }.compactMap(\.post.id))
            let visible = disclosed.filter { $0.shown != .hidden }.map(\.post)
            let acknowledgements = try await Self.acknowledgements(of: visible.compactMap(\.id), on: tx)
            let (people, organisations) = try await Self.namesShown(visible, acknowledgements, on: tx)
            let mayAcknowledge = Policy.decide(actor.actor, .acknowledgeConcern, child: loaded.facts, context: access)
                .isAllowed
            var ciphers = SealedText(context: context)
            var views: [ThreadView] = []
            for thread in threads {
                let own = visible.filter { $0.threadID == thread.id }
                guard !own.isEmpty, let threadID = thread.id else { continue }
                var postViews: [PostView] = []
                for post in own {
                    guard full.contains(post.id!) else {
                        postViews.append(Self.anotherService(post))
                        continue
                    }
                    let author = Self.author(of: post, people: people, organisations: organisations, to: actor, loaded)
                    postViews.append(
                        try await Self.view(
                            post, author: author, acknowledgement: acknowledgements[post.id!], people: people,
                            mayAcknowledge: mayAcknowledge, ciphers: &ciphers, on: tx))
                }
                let title =
                    shown(thread.organisationCode, anonymous: thread.anonymous) == .full
                    ? try await ciphers.open(
                        thread.titleSealed, authority: thread.keyAuthority,
                        context: "forum-thread:\(threadID.uuidString)", on: tx) : "A thread"
                views.append(ThreadView(id: threadID, title: title, posts: postViews))
            }
            views.sort { ($0.posts.last?.postedAt ?? .distantPast) > ($1.posts.last?.postedAt ?? .distantPast) }
            try await AuditLog.append(
                AuditDraft(
                    action: "forum.viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["threads": String(views.count), "posts": String(visible.count)]),
                context: context, on: tx)
            return ForumPage(
                childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                mayPost: Policy.decide(actor.actor, .addToSharedRecord, child: loaded.facts, context: access).isAllowed,
                postsAsAnotherService: actor.organisationSensitive, threads: views)
        }
    }

    /// The people and organisations the posts and acknowledgements name, by id and by code.
    private static func namesShown(
        _ posts: [ForumPostModel], _ acknowledgements: [UUID: AttentionAcknowledgementModel], on db: any Database
    ) async throws -> (people: [UUID: String], organisations: [String: String]) {
        let people = try await names(Set(posts.map(\.authorID) + acknowledgements.values.map(\.acknowledgedBy)), on: db)
        let organisations = try await OrganisationModel.query(on: db)
            .filter(\.$code ~~ Set(posts.map(\.organisationCode))).all()
            .reduce(into: [String: String]()) { $0[$1.code] = $1.name }
        return (people, organisations)
    }

    /// "Name (Service)", or "Another service" where the policy keeps the author from this viewer.
    private static func author(
        of post: ForumPostModel, people: [UUID: String], organisations: [String: String],
        to actor: AuthenticatedPractitioner, _ loaded: LoadedChild
    ) -> String {
        let shows = Policy.showsPostAuthor(
            postOrganisation: post.organisationCode, postedAnonymously: post.anonymous, to: actor.actor,
            child: loaded.facts)
        let service = organisations[post.organisationCode] ?? post.organisationCode
        return shows ? "\(people[post.authorID] ?? "A practitioner") (\(service))" : "Another service"
    }

    /// A sensitive service's post, to a team member who sees the brokered-contact notice: that another
    /// service posted, and when; nothing else.
    private static func anotherService(_ post: ForumPostModel) -> PostView {
        PostView(
            id: post.id!, kind: .observation, body: "", author: "Another service posted something",
            postedAt: post.postedAt, raisesAttention: false, acknowledgement: nil, mayAcknowledge: false,
            disclosure: .anotherService)
    }

    /// One post with its acknowledgement, decrypted.
    private static func view(
        _ post: ForumPostModel, author: String, acknowledgement: AttentionAcknowledgementModel?,
        people: [UUID: String], mayAcknowledge: Bool, ciphers: inout SealedText, on db: any Database
    ) async throws -> PostView {
        var acknowledged: AcknowledgementView?
        if let acknowledgement {
            acknowledged = AcknowledgementView(
                by: people[acknowledgement.acknowledgedBy] ?? "The lead professional",
                at: acknowledgement.acknowledgedAt,
                note: try await ciphers.open(
                    acknowledgement.noteSealed, authority: acknowledgement.keyAuthority,
                    context: "attention-ack:\(acknowledgement.id!.uuidString)", on: db))
        }
        return PostView(
            id: post.id!, kind: ForumPostKind(rawValue: post.kind) ?? .observation,
            body: try await ciphers.open(
                post.bodySealed, authority: post.keyAuthority, context: "forum-post:\(post.id!.uuidString)", on: db),
            author: author, postedAt: post.postedAt, raisesAttention: post.raisesAttention,
            acknowledgement: acknowledged, mayAcknowledge: mayAcknowledge && post.raisesAttention && acknowledged == nil
        )
    }

    static func acknowledgements(of postIDs: [UUID], on db: any Database) async throws
        -> [UUID: AttentionAcknowledgementModel]
    {
        var found: [UUID: AttentionAcknowledgementModel] = [:]
        for chunk in postIDs.chunked(500) {
            for row in try await AttentionAcknowledgementModel.query(on: db).filter(\.$postID ~~ chunk).all() {
                found[row.postID] = row
            }
        }
        return found
    }

    static func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        try await PractitionerModel.query(on: db).filter(\.$id ~~ ids).all()
            .reduce(into: [UUID: String]()) { map, person in if let id = person.id { map[id] = person.name } }
    }
}

/// Opens sealed text with each authority's cipher, fetched once per request.
struct SealedText {
    let context: ServiceContext
    private var ciphers: [String: FieldCipher] = [:]

    init(context: ServiceContext) { self.context = context }

    mutating func open(_ sealed: String, authority: String, context sealing: String, on db: any Database)
        async throws -> String
    {
        if ciphers[authority] == nil {
            ciphers[authority] = try await DataKeyStore.cipher(
                for: authority, creating: false, context: context, on: db)
        }
        return try ciphers[authority]!.open(sealed, context: sealing)
    }
}
