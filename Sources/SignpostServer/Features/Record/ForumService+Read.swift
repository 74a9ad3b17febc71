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
            func shown(_ organisation: String) -> Bool {
                Policy.disclosure(
                    of: SharedRecordItem(organisationCode: organisation, sensitive: false), to: actor.actor,
                    child: loaded.facts, context: access) == .full
            }
            let visible = posts.filter { shown($0.organisationCode) }
            let acknowledgements = try await Self.acknowledgements(of: visible.compactMap(\.id), on: tx)
            let people = try await Self.names(
                Set(visible.map(\.authorID) + acknowledgements.values.map(\.acknowledgedBy)), on: tx)
            let organisations = try await OrganisationModel.query(on: tx)
                .filter(\.$code ~~ Set(visible.map(\.organisationCode))).all()
                .reduce(into: [String: String]()) { $0[$1.code] = $1.name }
            let mayAcknowledge = Policy.decide(actor.actor, .acknowledgeConcern, child: loaded.facts, context: access)
                .isAllowed
            var ciphers = SealedText(context: context)
            var views: [ThreadView] = []
            for thread in threads {
                let own = visible.filter { $0.threadID == thread.id }
                guard !own.isEmpty, let threadID = thread.id else { continue }
                var postViews: [PostView] = []
                for post in own {
                    let showsAuthor = Policy.showsPostAuthor(
                        postOrganisation: post.organisationCode, postedAnonymously: post.anonymous, to: actor.actor,
                        child: loaded.facts)
                    let author =
                        showsAuthor
                        ? "\(people[post.authorID] ?? "A practitioner") (\(organisations[post.organisationCode] ?? post.organisationCode))"
                        : "Another service"
                    postViews.append(
                        try await Self.view(
                            post, author: author, acknowledgement: acknowledgements[post.id!], people: people,
                            mayAcknowledge: mayAcknowledge, ciphers: &ciphers, on: tx))
                }
                let title =
                    shown(thread.organisationCode)
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
