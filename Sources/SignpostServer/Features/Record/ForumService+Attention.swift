import Fluent
import Foundation
import SignpostCore

extension ForumService {
    /// A concern raised for attention and not yet acknowledged, for the lead's (or, once overdue, the
    /// data manager's) home page.
    struct OpenConcern: Sendable, Codable, Equatable {
        var childID: UUID
        var childName: String
        var postID: UUID
        var raisedAt: Date
        /// Older than 2 working days: it has gone to the authority's data managers.
        var overdue: Bool
    }

    static let noteLimit = 1_000

    /// The raised concerns of the children this person is in the team of, and of their authority's
    /// children: the candidates `Policy.seesOpenConcern` decides from.
    private static func raisedConcerns(for actor: AuthenticatedPractitioner, on db: any Database) async throws
        -> [ForumPostModel]
    {
        var childIDs = try await TeamMembershipModel.query(on: db).filter(\.$practitionerID == actor.id)
            .filter(\.$endedAt == nil).all().map(\.childID)
        // The authority's children too: `Policy.seesOpenConcern` then decides who is shown which.
        if let authority = try await AuthorityModel.query(on: db).filter(\.$onsCode == actor.authorityCode).first() {
            let raisedChildren = try await ForumPostModel.query(on: db).filter(\.$raisesAttention == true).all()
                .map(\.childID)
            childIDs += try await ChildModel.query(on: db).filter(\.$id ~~ Set(raisedChildren))
                .filter(\.$authority.$id == authority.id!).all().compactMap(\.id)
        }
        guard !childIDs.isEmpty else { return [] }
        return try await ForumPostModel.query(on: db).filter(\.$raisesAttention == true)
            .filter(\.$childID ~~ Set(childIDs)).sort(\.$postedAt).all()
    }

    /// The lead professional (or a data manager) acknowledges a concern with a note; the poster is told.
    func acknowledge(postID: UUID, childID: UUID, note: String, by actor: AuthenticatedPractitioner) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.isEmpty || note.count > Self.noteLimit {
            throw ServiceError.validation([
                .init(
                    field: "note",
                    message: note.isEmpty
                        ? "Say what you have done about the concern."
                        : "The note must be \(Self.noteLimit) characters or fewer.")
            ])
        }
        try await context.auditedTransaction { context, tx in
            let audit = "forum.concern-acknowledged"
            let (loaded, access) = try await ChildGate.authorise(
                childID, .acknowledgeConcern, audit: audit, by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            // Only a concern the actor may read in full is theirs to acknowledge.
            guard let post = try await ForumPostModel.find(postID, on: tx), ids.contains(post.childID),
                post.raisesAttention,
                Policy.disclosure(
                    of: SharedRecordItem(organisationCode: post.organisationCode, sensitive: post.anonymous),
                    to: actor.actor, child: loaded.facts, context: access) == .full
            else {
                try await Self.refuse(
                    audit, childID: childID, detail: ["post": postID.uuidString], by: actor, context: context, on: tx)
            }
            guard try await AttentionAcknowledgementModel.query(on: tx).filter(\.$postID == postID).first() == nil
            else { throw ServiceError.conflict("This concern has been acknowledged already.") }
            let cipher = try await DataKeyStore.cipher(
                for: loaded.authority.onsCode, creating: true, context: context, on: tx)
            let acknowledgement = AttentionAcknowledgementModel()
            let id = UUID()
            acknowledgement.id = id
            acknowledgement.postID = postID
            acknowledgement.childID = post.childID
            acknowledgement.acknowledgedBy = actor.id
            acknowledgement.acknowledgedAt = context.now
            acknowledgement.noteSealed = try cipher.seal(note, context: "attention-ack:\(id.uuidString)")
            acknowledgement.keyAuthority = loaded.authority.onsCode
            try await acknowledgement.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["post": postID.uuidString]),
                context: context, on: tx)
            try await Notifications.notify(
                practitioner: post.authorID, childID: childID, kind: audit,
                message:
                    "Your concern about \(loaded.child.givenName) \(loaded.child.familyName) was acknowledged by \(actor.name).",
                context: context, on: tx)
            try await ChronologyLog.appendSystemEntry(
                "A concern raised for attention was acknowledged by \(actor.name).", category: .team, child: loaded,
                by: actor, aboutSensitiveService: post.anonymous, context: context, on: tx)
        }
    }

    /// Open concerns the actor is to acknowledge: as lead professional at once, as the authority's data
    /// manager once 2 working days have passed (`Policy.seesOpenConcern`). A list with any is audited as one read.
    func openConcerns(by actor: AuthenticatedPractitioner) async throws -> [OpenConcern] {
        try await context.auditedTransaction { context, tx in
            let raised = try await Self.raisedConcerns(for: actor, on: tx)
            let acknowledged = try await Self.acknowledgements(of: raised.compactMap(\.id), on: tx)
            let open = raised.filter { acknowledged[$0.id!] == nil }
            let today = DisplayTime.londonDayAndTime(context.now).0
            var concerns: [OpenConcern] = []
            // One batch load for every child with an open concern (merged records are left out).
            let children = try await ChildModel.query(on: tx).filter(\.$id ~~ Set(open.map(\.childID)))
                .filter(\.$mergedIntoID == nil).all()
            let facts = try await ChildFactsLoader.load(children, on: tx)
            for post in open {
                guard let loaded = facts[post.childID],
                    Policy.seesOpenConcern(
                        actor.actor, child: loaded.facts, raisedOn: DisplayTime.londonDayAndTime(post.postedAt).0,
                        today: today),
                    Policy.disclosure(
                        of: SharedRecordItem(organisationCode: post.organisationCode, sensitive: post.anonymous),
                        to: actor.actor, child: loaded.facts, context: AccessContext(today: today)) == .full
                else { continue }
                concerns.append(
                    OpenConcern(
                        childID: loaded.id, childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                        postID: post.id!, raisedAt: post.postedAt,
                        overdue: WorkingDays.isOverdue(
                            raisedOn: DisplayTime.londonDayAndTime(post.postedAt).0, today: today)))
            }
            guard !concerns.isEmpty else { return concerns }
            try await AuditLog.append(
                AuditDraft(
                    action: "forum.open-concerns-viewed", actor: actor, subjectType: "children",
                    details: [
                        "shown": String(concerns.count),
                        "children": Set(concerns.map(\.childID.uuidString)).sorted().joined(separator: ","),
                    ]),
                context: context, on: tx)
            return concerns
        }
    }
}
