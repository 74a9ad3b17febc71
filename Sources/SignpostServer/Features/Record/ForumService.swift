import Fluent
import Foundation
import SignpostCore

/// The child's forum: threads of immutable posts (observation, progress, concern); a correction is a
/// reply. A concern may be raised for attention: the lead professional and the team are told at once,
/// and it stays open until the lead professional acknowledges it with a note; after 2 working days
/// unacknowledged it goes to the authority's data managers. A practitioner of a sensitive service
/// posts as "another service" unless they choose to name their service.
struct ForumService {
    let context: ServiceContext
    static let bodyLimit = 2_000

    struct PostInput: Sendable, Codable {
        /// For a new thread only.
        var title: String?
        var kind: String
        var body: String
        var raiseAttention: Bool?
        /// A sensitive service's practitioner names their service (after the page's warning).
        var nameMyService: Bool?
    }

    struct Checked: Sendable {
        var title: String?
        var kind: ForumPostKind
        var body: String
        var raiseAttention: Bool
        var nameMyService: Bool
    }

    func startThread(_ input: PostInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> UUID {
        let checked = try Self.checked(input, newThread: true)
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: "forum.thread-started", by: actor, context: context, on: tx)
            let cipher = try await DataKeyStore.cipher(
                for: loaded.authority.onsCode, creating: true, context: context, on: tx)
            let thread = ForumThreadModel()
            let threadID = UUID()
            thread.id = threadID
            thread.childID = childID
            thread.titleSealed = try cipher.seal(checked.title ?? "", context: "forum-thread:\(threadID.uuidString)")
            thread.keyAuthority = loaded.authority.onsCode
            thread.startedBy = actor.id
            thread.organisationCode = actor.organisationCode
            thread.anonymous = actor.organisationSensitive && !checked.nameMyService
            thread.startedAt = context.now
            try await thread.create(on: tx)
            try await Self.post(
                checked, in: threadID, child: loaded, cipher: cipher, by: actor, context: context, on: tx)
            return threadID
        }
    }

    func reply(_ input: PostInput, threadID: UUID, childID: UUID, by actor: AuthenticatedPractitioner) async throws {
        let checked = try Self.checked(input, newThread: false)
        try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: "forum.posted", by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            guard let thread = try await ForumThreadModel.find(threadID, on: tx), ids.contains(thread.childID) else {
                try await Self.refuse(
                    "forum.posted", childID: childID, detail: ["thread": threadID.uuidString],
                    by: actor, context: context, on: tx)
            }
            let cipher = try await DataKeyStore.cipher(
                for: loaded.authority.onsCode, creating: true, context: context, on: tx)
            try await Self.post(
                checked, in: threadID, child: loaded, cipher: cipher, by: actor, context: context, on: tx)
        }
    }

    /// Appends the post, audits it, and for a concern raised for attention tells the lead professional
    /// and the team (never in words that name a service posting as "another service").
    private static func post(
        _ checked: Checked, in threadID: UUID, child: LoadedChild, cipher: FieldCipher,
        by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database
    ) async throws {
        let post = ForumPostModel()
        let id = UUID()
        post.id = id
        post.threadID = threadID
        post.childID = child.id
        post.kind = checked.kind.rawValue
        post.bodySealed = try cipher.seal(checked.body, context: "forum-post:\(id.uuidString)")
        post.keyAuthority = child.authority.onsCode
        post.authorID = actor.id
        post.organisationCode = actor.organisationCode
        post.anonymous = actor.organisationSensitive && !checked.nameMyService
        post.raisesAttention = checked.raiseAttention
        post.postedAt = context.now
        try await post.create(on: tx)
        try await AuditLog.append(
            AuditDraft(
                action: "forum.posted", actor: actor, subjectType: "child", subjectID: child.id.uuidString,
                details: [
                    "thread": threadID.uuidString, "post": id.uuidString, "kind": post.kind,
                    "raisesAttention": String(post.raisesAttention),
                ]),
            context: context, on: tx)
        guard checked.raiseAttention else { return }
        try await Self.tellTheTeam(about: post, by: actor, child: child, context: context, on: tx)
    }

    /// Each team member who may know of the post is told at once, in words the policy lets them read:
    /// who raised it where they may see the author, "another service" where they may know only that.
    private static func tellTheTeam(
        about post: ForumPostModel, by actor: AuthenticatedPractitioner, child: LoadedChild,
        context: ServiceContext, on tx: any Database
    ) async throws {
        let item = SharedRecordItem(organisationCode: post.organisationCode, sensitive: post.anonymous)
        let memberIDs = child.memberships.map(\.practitionerID).filter { $0 != actor.id }
        let members = try await PractitionerModel.query(on: tx).filter(\.$id ~~ memberIDs)
            .with(\.$organisation) { $0.with(\.$authority) }.all()
        let access = AccessContext(today: CalendarDate(context.now))
        for member in members {
            let recipient = ChildFactsLoader.actor(of: member)
            let shown = Policy.disclosure(of: item, to: recipient, child: child.facts, context: access)
            guard shown != .hidden, let id = member.id else { continue }
            let named =
                shown == .full
                && Policy.showsPostAuthor(
                    postOrganisation: post.organisationCode, postedAnonymously: post.anonymous, to: recipient,
                    child: child.facts)
            let who = named ? "\(actor.name) (\(actor.organisationName))" : "another service"
            try await Notifications.notify(
                practitioner: id, childID: child.id, kind: "forum.attention-raised",
                message:
                    "A concern about \(child.child.givenName) \(child.child.familyName) was raised for attention by \(who).",
                context: context, on: tx)
        }
    }

    /// A thread or post that is not this child's, or not one the actor may read: audited, and answered
    /// as if it did not exist.
    static func refuse(
        _ action: String, childID: UUID, detail: [String: String], by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> Never {
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
                details: detail.merging(["why": "not found"]) { $1 }),
            context: context, on: tx)
        throw Refusal.notFound("There is no such post in this child's forum.")
    }

    static func checked(_ input: PostInput, newThread: Bool) throws -> Checked {
        var errors: [ServiceError.FieldError] = []
        let title = input.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if newThread && title.isEmpty { errors.append(.init(field: "title", message: "Enter a title for the thread.")) }
        if title.count > 120 {
            errors.append(.init(field: "title", message: "The title must be 120 characters or fewer."))
        }
        let kind = ForumPostKind(rawValue: input.kind)
        if kind == nil {
            errors.append(
                .init(field: "kind", message: "Choose whether this is an observation, progress or a concern."))
        }
        let body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { errors.append(.init(field: "body", message: "Enter your post.")) }
        if body.count > bodyLimit {
            errors.append(.init(field: "body", message: "The post must be \(bodyLimit) characters or fewer."))
        }
        let raise = input.raiseAttention ?? false
        if raise && kind != .concern {
            errors.append(.init(field: "raiseAttention", message: "Only a concern can be raised for attention."))
        }
        guard errors.isEmpty, let kind else { throw ServiceError.validation(errors) }
        return Checked(
            title: newThread ? title : nil, kind: kind, body: body, raiseAttention: raise,
            nameMyService: input.nameMyService ?? false)
    }
}
