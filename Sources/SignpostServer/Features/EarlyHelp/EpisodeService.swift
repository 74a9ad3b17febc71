import Fluent
import Foundation
import SQLKit
import SignpostCore

/// An early-help episode from checklist to completed assessment, with reading and the subject-access
/// export. Every read and change asks `Policy` and is audited in the same transaction.
struct EpisodeService {
    let context: ServiceContext
    static let maximumTextLength = 10_000

    struct ChecklistInput: Codable, Sendable {
        var riskOfSignificantHarm: Bool
        var concernsAboutProgress: Bool
        var needsMetBySingleService: Bool
        var needsUnclearOrBroad: Bool
        /// Required for an immediate safeguarding referral.
        var reasons: String?
    }

    struct ConsentStatementInput: Codable, Sendable {
        /// A consent record of this child, in force.
        var consentID: UUID?
        /// The family declined: the assessment goes on, seen only by the assessor. Services are never withheld.
        var declined: Bool?
    }

    struct SaveInput: Codable, Sendable {
        /// The version the editor started from; a stale one is refused, not overwritten.
        var version: Int
        var content: AssessmentContent
    }

    struct CompleteInput: Codable, Sendable {
        var version: Int
    }

    struct EpisodeSummary: Codable, Sendable {
        var id: UUID
        var status: String
        var routeName: String
        var assessor: String
        var startedOn: String
    }

    // MARK: Checklist

    func start(_ input: ChecklistInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView
    {
        let answers = ChecklistAnswers(
            riskOfSignificantHarm: input.riskOfSignificantHarm, concernsAboutProgress: input.concernsAboutProgress,
            needsMetBySingleService: input.needsMetBySingleService, needsUnclearOrBroad: input.needsUnclearOrBroad)
        let route = answers.route
        let reasons = input.reasons?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if route == .safeguardingReferral && reasons.isEmpty {
            throw ServiceError.validation([
                .init(
                    field: "reasons",
                    message: "An immediate safeguarding referral needs your reasons: what you saw or heard, and when.")
            ])
        }
        try Self.checkLength(reasons, field: "reasons")
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
            episode.createdAt = context.now
            episode.updatedAt = context.now
            switch route {
            case .fullAssessment:
                episode.status = EpisodeStatus.consent.rawValue
            case .noFurtherAction, .singleAgency, .safeguardingReferral:
                // The checklist is the whole episode: recorded, and closed with its route as the reason.
                episode.status = EpisodeStatus.closed.rawValue
                episode.closedAt = context.now
                episode.closureReason = route.rawValue
                episode.closureSealed = try cipher.sealJSON(
                    ClosureText(safeguardingReasons: reasons.isEmpty ? nil : reasons),
                    context: LoadedEpisode.closureContext(episode.id!))
            }
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

    // MARK: Consent statement

    func recordConsentStatement(_ input: ConsentStatementInput, episodeID: UUID, by actor: AuthenticatedPractitioner)
        async throws -> EpisodeView
    {
        guard (input.consentID != nil) != (input.declined == true) else {
            throw ServiceError.validation([
                .init(
                    field: "consentID",
                    message: "Choose the consent the family gave for this episode, or record that they declined.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .edit, audit: "episode.consent-recorded", by: actor, context: context, on: tx)
            guard EpisodeStatus(rawValue: loaded.episode.status)?.isBeforeCompletion == true else {
                throw ServiceError.conflict("The consent statement is recorded before the assessment is completed.")
            }
            if let consentID = input.consentID {
                guard let consent = loaded.child.consents.first(where: { $0.id == consentID }),
                    ChildFactsLoader.consentFact(consent).isInForce(on: CalendarDate(context.now))
                else {
                    throw ServiceError.validation([
                        .init(field: "consentID", message: "Choose a consent of this child that is in force.")
                    ])
                }
            }
            loaded.episode.consentID = input.consentID
            loaded.episode.consentDeclined = input.declined == true
            loaded.episode.status = EpisodeStatus.draft.rawValue
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.consent-recorded", actor: actor, subjectType: "child",
                    subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString, "consent": input.consentID?.uuidString ?? "declined"]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    // MARK: Assessment

    /// Saves the draft. Optimistic versioning: a save from a stale version is refused with 409, so two
    /// people editing at once never overwrite each other silently.
    func save(_ input: SaveInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView {
        try Self.validate(input.content)
        return try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .edit, audit: "episode.saved", by: actor, context: context, on: tx)
            guard loaded.episode.status == EpisodeStatus.draft.rawValue else {
                throw ServiceError.conflict(
                    loaded.episode.status == EpisodeStatus.consent.rawValue
                        ? "Record the consent statement before the assessment."
                        : "A completed assessment is not changed: record what changed in a review.")
            }
            try await Self.checkVersion(
                input.version, loaded, audit: "episode.saved", by: actor, context: context, on: tx)
            loaded.episode.contentSealed = try loaded.cipher.sealJSON(
                input.content, context: LoadedEpisode.contentContext(episodeID))
            loaded.episode.version += 1
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.saved", actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString, "version": String(loaded.episode.version)]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// Completes the assessment and marks the assessor's involvement as holding it: this is what the
    /// signpost shows ("an early-help assessment exists: contact X").
    func complete(_ input: CompleteInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .edit, audit: "episode.completed", by: actor, context: context, on: tx)
            guard loaded.episode.status == EpisodeStatus.draft.rawValue else {
                throw ServiceError.conflict("Only a draft assessment can be completed.")
            }
            try await Self.checkVersion(
                input.version, loaded, audit: "episode.completed", by: actor, context: context, on: tx)
            let missing = try loaded.content().missingForCompletion
            guard missing.isEmpty else {
                throw ServiceError.validation(missing.map { .init(field: $0, message: Self.missingMessage($0)) })
            }
            loaded.episode.status = EpisodeStatus.completed.rawValue
            loaded.episode.completedAt = context.now
            // The first review is due within 12 weeks; each review then sets the next.
            loaded.episode.nextReviewOn =
                CalendarDate(context.now).adding(days: EpisodeRules.reviewInterval.upperBound).iso
            loaded.episode.version += 1
            loaded.episode.updatedAt = context.now
            try await loaded.episode.save(on: tx)
            try await InvolvementModel.query(on: tx).filter(\.$id == loaded.episode.assessorInvolvementID).set(
                \.$holdsAssessment, to: true
            ).update()
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.completed", actor: actor, subjectType: "child",
                    subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            guard let reloaded = try await LoadedEpisode.load(episodeID, context: context, on: tx) else {
                throw ServiceError.notFound()
            }
            return try await reloaded.view(for: actor, now: context.now, on: tx)
        }
    }

    // MARK: Reading

    func view(episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .view, audit: "episode.viewed", by: actor, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.viewed", actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                    details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The child's episodes this actor may read.
    func list(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> [EpisodeSummary] {
        try await context.auditedTransaction { context, tx in
            let child = try await ChildGate.loadOrRefuse(
                childID, action: "episode.listed", by: actor, context: context, on: tx)
            try await Self.requireVisible(child, action: "episode.listed", by: actor, context: context, on: tx)
            var summaries: [EpisodeSummary] = []
            for episode in try await EpisodeModel.query(on: tx).filter(\.$childID == childID).sort(
                \.$createdAt, .descending
            ).all() {
                let facts = LoadedEpisode.facts(episode, child: child)
                guard
                    Policy.decide(
                        actor.actor, .view, episode: facts, child: child.facts,
                        context: AccessContext(today: CalendarDate(context.now))
                    ).isAllowed
                else { continue }
                let assessor = try await LoadedEpisode.assessorName(
                    episode, child: child, for: actor, now: context.now, on: tx)
                summaries.append(
                    .init(
                        id: episode.id!, status: episode.status,
                        routeName: ChecklistRoute(rawValue: episode.route)?.displayName ?? episode.route,
                        assessor: assessor, startedOn: CalendarDate(episode.createdAt).iso))
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.listed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["episodes": String(summaries.count)]),
                context: context, on: tx)
            return summaries
        }
    }

    /// One episode as JSON, for a subject access request. Data managers of the authority only; no bulk export.
    func export(episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.authorise(
                episodeID, .export, audit: "episode.exported", by: actor, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "episode.exported", actor: actor, subjectType: "child",
                    subjectID: loaded.child.id.uuidString,
                    reason: "subject access request", details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    // MARK: Shared checks

    /// Someone the policy gives nothing of this child gets 404, as for a record that does not exist.
    static func requireVisible(
        _ child: LoadedChild, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws {
        let (access, _) = try await ChildFactsLoader.context(for: actor, childID: child.id, now: context.now, on: tx)
        guard Policy.visibility(of: child.facts, to: actor.actor, context: access) == .nothing else { return }
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: child.id.uuidString, outcome: .refused),
            context: context, on: tx)
        throw Refusal.notFound()
    }

    /// Loads the episode and asks the policy; a refusal is audited and answered like a missing record
    /// (or 403 with the reason, for people who may see the episode but not do this).
    static func authorise(
        _ episodeID: UUID, _ action: EpisodeAction, audit: String, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> LoadedEpisode {
        if action != .view && action != .export, let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
            // Changes to one episode queue here, so a version check and its save cannot interleave.
            try await sql.raw("SELECT id FROM \(ident: EpisodeModel.schema) WHERE id = \(bind: episodeID) FOR UPDATE")
                .run()
        }
        guard let (episode, child) = try await LoadedEpisode.loadFacts(episodeID, on: tx) else {
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "episode", subjectID: episodeID.uuidString,
                    outcome: .refused),
                context: context, on: tx)
            throw Refusal.notFound("There is no early-help episode you can see at this address.")
        }
        let facts = LoadedEpisode.facts(episode, child: child)
        let access = AccessContext(today: CalendarDate(context.now))
        if case .deny(let reason) = Policy.decide(
            actor.actor, action, episode: facts, child: child.facts, context: access)
        {
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: child.id.uuidString,
                    outcome: .refused,
                    details: ["episode": episodeID.uuidString]),
                context: context, on: tx)
            if Decision.deny(reason: reason).isHidden
                || !Policy.decide(actor.actor, .view, episode: facts, child: child.facts, context: access).isAllowed
            {
                throw Refusal.notFound("There is no early-help episode you can see at this address.")
            }
            throw Refusal.forbidden(reason)
        }
        // Only now, with the policy's yes, is the authority's key touched.
        let cipher = try await DataKeyStore.cipher(
            for: episode.authorityCode, creating: false, context: context, on: tx)
        return LoadedEpisode(episode: episode, child: child, cipher: cipher)
    }

    /// A refusal of a change for the episode's state (a stale version, consent not covering sharing),
    /// audited and kept.
    static func refuseChange(
        _ detail: String, audit: String, _ loaded: LoadedEpisode, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> Never {
        try await AuditLog.append(
            AuditDraft(
                action: audit, actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString,
                outcome: .refused,
                details: ["episode": loaded.id.uuidString, "why": detail]),
            context: context, on: tx)
        throw Refusal(error: .conflict(detail))
    }

    static func checkVersion(
        _ version: Int, _ loaded: LoadedEpisode, audit: String, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws {
        guard version == loaded.episode.version else {
            try await refuseChange(
                "Someone else saved this assessment (now version \(loaded.episode.version)) after you opened version \(version). Your changes were not saved: copy them, reload the page, then make them again.",
                audit: audit, loaded, by: actor, context: context, on: tx)
        }
    }

    static func checkLength(_ text: String?, field: String) throws {
        if let text, text.count > maximumTextLength {
            throw ServiceError.validation([
                .init(field: field, message: "Keep this to \(maximumTextLength) characters or fewer.")
            ])
        }
    }

    static func validate(_ content: AssessmentContent) throws {
        var errors: [ServiceError.FieldError] = []
        for key in content.elements.keys where !AssessmentFramework.elementIDs.contains(key) {
            errors.append(.init(field: "elements.\(key)", message: "'\(key)' is not an element of the assessment."))
        }
        if let code = content.ethnicity, !code.isEmpty, CINCodes.ethnicity[code] == nil {
            errors.append(
                .init(
                    field: "ethnicity",
                    message: "Choose an ethnicity from the census list, or 'Information not yet obtained' (NOBT)."))
        }
        let texts: [(String, String?)] =
            [
                ("whatLedToIt", content.whatLedToIt), ("peoplePresent", content.peoplePresent),
                ("disabilityOrSEN", content.disabilityOrSEN),
                ("parentsAndCarers", content.parentsAndCarers), ("childViews", content.childViews),
                ("parentViews", content.parentViews),
                ("conclusions", content.conclusions), ("childLanguage", content.childLanguage),
                ("parentLanguage", content.parentLanguage),
            ]
            + content.elements.flatMap {
                [("\($0.key).strengths", $0.value.strengths), ("\($0.key).needs", $0.value.needs)]
            }
        for (field, text) in texts where (text?.count ?? 0) > maximumTextLength {
            errors.append(.init(field: field, message: "Keep this to \(maximumTextLength) characters or fewer."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
    }

    static func missingMessage(_ field: String) -> String {
        switch field {
        case "whatLedToIt": "Say what led to the assessment."
        case "conclusions": "Write the conclusions."
        default:
            "Record strengths or needs for at least one element of \(AssessmentFramework.domains.first { $0.id == field }?.title.lowercased() ?? field)."
        }
    }
}
