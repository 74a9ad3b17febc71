import Fluent
import Foundation
import SignpostCore

/// The Team Around the Child after the assessment: members, the lead professional chosen with the
/// family, meetings, the action plan, reviews and closure.
struct TeamAroundTheChildService {
    let context: ServiceContext

    struct MemberInput: Codable, Sendable { var involvementID: UUID }
    struct LeadInput: Codable, Sendable {
        var involvementID: UUID
        var chosenWithFamily: Bool?
    }
    struct MeetingInput: Codable, Sendable {
        var heldOn: String
        var attendees: String
        var decisions: String
    }
    struct ActionInput: Codable, Sendable {
        var ownerInvolvementID: UUID
        var dueOn: String
        var description: String
        var desiredOutcome: String
    }
    struct ActionStatusInput: Codable, Sendable { var status: String }
    struct ReviewInput: Codable, Sendable {
        var heldOn: String
        var attendees: String
        var progress: String
        var nextSteps: String
        var childComments: String?
        var parentComments: String?
        var nextReviewOn: String
    }
    struct ClosureInput: Codable, Sendable {
        var reason: String
        var note: String?
        var receivingAuthority: String?
        /// For a move: `consent` (covering the assessment), `public-task` or `safeguarding`.
        var transferBasis: String?
        var referralSource: String?
        var primaryNeed: String?
    }

    /// Invites one of the child's involvements to the team. Needs consent (or another basis) to share the assessment.
    func invite(_ input: MemberInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView
    {
        try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .manageTeam, audit: "episode.member-invited", by: actor, context: context, on: tx)
            try Self.requireCompleted(loaded)
            let access = AccessContext(today: CalendarDate(context.now))
            guard let involvement = loaded.child.active.first(where: { $0.id == input.involvementID }),
                Policy.namesInvolvement(
                    loaded.child.member(involvement), of: loaded.child.facts, to: actor.actor, context: access)
            else {
                throw ServiceError.validation([
                    .init(field: "involvementID", message: "Choose one of the services working with this child.")
                ])
            }
            guard !loaded.episode.consentDeclined else {
                try await EpisodeService.refuseChange(
                    "The family declined sharing this assessment: nobody can be invited to see it.",
                    audit: "episode.member-invited", loaded, by: actor, context: context, on: tx)
            }
            guard Policy.assessmentSharingBasis(loaded.child.facts, today: access.today) != nil else {
                try await EpisodeService.refuseChange(
                    "Consent does not cover sharing the assessment with the team. Record the family's consent to 'share the assessment with the team around the child' first.",
                    audit: "episode.member-invited", loaded, by: actor, context: context, on: tx)
            }
            if try await EpisodeMemberModel.query(on: tx).filter(\.$episodeID == episodeID).filter(
                \.$involvementID == input.involvementID
            ).first() == nil {
                let member = EpisodeMemberModel()
                member.episodeID = episodeID
                member.involvementID = input.involvementID
                member.invitedBy = actor.id
                member.invitedAt = context.now
                try await member.create(on: tx)
                try await Notifications.notify(
                    practitioner: involvement.$practitioner.id, childID: loaded.child.id, kind: "tac-invitation",
                    message:
                        "\(actor.name) invited you to the team around \(loaded.child.child.givenName) \(loaded.child.child.familyName).",
                    context: context, on: tx)
            }
            try await Self.audit(
                "episode.member-invited", loaded, actor, ["involvement": input.involvementID.uuidString], context, tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// The lead professional is chosen with the family; the choice is recorded on the involvement.
    func chooseLead(_ input: LeadInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        guard input.chosenWithFamily == true else {
            throw ServiceError.validation([
                .init(
                    field: "chosenWithFamily",
                    message: "Agree the lead professional with the family, then confirm that you did.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .manageTeam, audit: "episode.lead-chosen", by: actor, context: context, on: tx)
            try Self.requireCompleted(loaded)
            guard let chosen = loaded.child.active.first(where: { $0.id == input.involvementID }),
                Policy.mayLead(loaded.child.member(chosen))
            else {
                throw ServiceError.validation([
                    .init(field: "involvementID", message: "Choose one of the services working with this child.")
                ])
            }
            for involvement in loaded.child.active
            where involvement.leadProfessional != (involvement.id == input.involvementID) {
                involvement.leadProfessional = involvement.id == input.involvementID
                try await involvement.save(on: tx)
            }
            try await Self.audit(
                "episode.lead-chosen", loaded, actor, ["involvement": input.involvementID.uuidString], context, tx)
            guard let reloaded = try await LoadedEpisode.load(episodeID, context: context, on: tx) else {
                throw ServiceError.notFound()
            }
            return try await reloaded.view(for: actor, now: context.now, on: tx)
        }
    }

    func recordMeeting(_ input: MeetingInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let held = Self.date(input.heldOn, field: "heldOn", notAfter: today, errors: &errors)
        let attendees = Self.text(input.attendees, field: "attendees", message: "Say who attended.", errors: &errors)
        let decisions = Self.text(
            input.decisions, field: "decisions", message: "Record what the meeting decided.", errors: &errors)
        guard errors.isEmpty, let held else { throw ServiceError.validation(errors) }
        return try await addEntry(
            episodeID, kind: "meeting", on: held, next: nil,
            text: MeetingText(attendees: attendees, decisions: decisions), by: actor)
    }

    func addAction(_ input: ActionInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let due = Self.date(input.dueOn, field: "dueOn", notBefore: today, errors: &errors)
        let description = Self.text(
            input.description, field: "description", message: "Describe the action.", errors: &errors)
        let outcome = Self.text(
            input.desiredOutcome, field: "desiredOutcome", message: "Say what outcome the action should achieve.",
            errors: &errors)
        guard errors.isEmpty, let due else { throw ServiceError.validation(errors) }
        return try await addEntry(
            episodeID, kind: "action", on: due, next: nil, ownerInvolvementID: input.ownerInvolvementID,
            status: ActionStatus.notStarted.rawValue,
            text: ActionText(description: description, desiredOutcome: outcome), by: actor)
    }

    func updateAction(_ input: ActionStatusInput, actionID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        guard let status = ActionStatus(rawValue: input.status) else {
            throw ServiceError.validation([
                .init(field: "status", message: "The status is not-started, in-progress, done or dropped.")
            ])
        }
        return try await context.auditedTransaction { context, tx in
            guard let entry = try await EpisodeEntryModel.find(actionID, on: tx), entry.kind == "action" else {
                throw ServiceError.notFound("There is no action at this address.")
            }
            let loaded = try await EpisodeService.authorise(
                entry.episodeID, .recordTeamWork, audit: "episode.action-updated", by: actor, context: context, on: tx)
            entry.status = status.rawValue
            try await entry.save(on: tx)
            try await Self.audit(
                "episode.action-updated", loaded, actor, ["action": actionID.uuidString, "status": status.rawValue],
                context, tx)
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    /// A review, with the next one due in 4 to 12 weeks.
    func recordReview(_ input: ReviewInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> EpisodeView
    {
        let today = CalendarDate(context.now)
        var errors: [ServiceError.FieldError] = []
        let held = Self.date(input.heldOn, field: "heldOn", notAfter: today, errors: &errors)
        let next = Self.date(input.nextReviewOn, field: "nextReviewOn", errors: &errors)
        let attendees = Self.text(input.attendees, field: "attendees", message: "Say who attended.", errors: &errors)
        let progress = Self.text(
            input.progress, field: "progress", message: "Record the progress made.", errors: &errors)
        let nextSteps = Self.text(
            input.nextSteps, field: "nextSteps", message: "Record the next steps.", errors: &errors)
        if let held, let next, !EpisodeRules.isValidNextReview(next, after: held) {
            errors.append(
                .init(
                    field: "nextReviewOn",
                    message:
                        "Set the next review 4 to 12 weeks after this one: between \(held.adding(days: 28).iso) and \(held.adding(days: 84).iso)."
                ))
        }
        guard errors.isEmpty, let held, let next else { throw ServiceError.validation(errors) }
        let text = ReviewText(
            attendees: attendees, progress: progress, nextSteps: nextSteps,
            childComments: Self.optional(input.childComments), parentComments: Self.optional(input.parentComments))
        return try await addEntry(episodeID, kind: "review", on: held, next: next, text: text, by: actor)
    }

    /// Closes the episode with a reason; closed episodes are read-only.
    func close(_ input: ClosureInput, episodeID: UUID, by actor: AuthenticatedPractitioner) async throws -> EpisodeView
    {
        guard let reason = ClosureReason(rawValue: input.reason) else {
            throw ServiceError.validation([
                .init(
                    field: "reason",
                    message:
                        "Choose why the episode is closing: \(ClosureReason.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            ])
        }
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
        let closure = text
        return try await context.auditedTransaction { context, tx in
            let loaded = try await EpisodeService.authorise(
                episodeID, .close, audit: "episode.closed", by: actor, context: context, on: tx)
            guard loaded.episode.status != EpisodeStatus.consent.rawValue else {
                throw ServiceError.conflict(
                    "Record the consent statement, or that the family declined, before closing.")
            }
            var details = ["episode": episodeID.uuidString, "reason": reason.rawValue]
            if reason == .movedAuthority, let code = closure.receivingAuthority {
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
                try await Notifications.notify(
                    authority: code, childID: loaded.child.id, kind: "transfer-in",
                    message:
                        "\(loaded.child.child.givenName) \(loaded.child.child.familyName) moved to your authority from \(loaded.child.authority.name) (basis: \(closure.transferBasis ?? "")). \(shares ? "The early-help assessment is shared with you." : "The assessment was not shared: consent does not cover it.")",
                    context: context, on: tx)
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
            guard let reloaded = try await LoadedEpisode.load(episodeID, context: context, on: tx) else {
                throw ServiceError.notFound()
            }
            return try await reloaded.view(for: actor, now: context.now, on: tx)
        }
    }

    // MARK: Overdue work, for dashboards

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

    // MARK: Helpers

    private func addEntry(
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
            return try await loaded.view(for: actor, now: context.now, on: tx)
        }
    }

    private static func requireCompleted(_ loaded: LoadedEpisode) throws {
        guard loaded.episode.status == EpisodeStatus.completed.rawValue else {
            throw ServiceError.conflict("The team's work starts once the assessment is completed.")
        }
    }

    private static func audit(
        _ action: String, _ loaded: LoadedEpisode, _ actor: AuthenticatedPractitioner, _ details: [String: String],
        _ context: ServiceContext, _ tx: any Database
    ) async throws {
        var all = details
        all["episode"] = loaded.id.uuidString
        try await AuditLog.append(
            AuditDraft(
                action: action, actor: actor, subjectType: "child", subjectID: loaded.child.id.uuidString, details: all),
            context: context, on: tx)
    }

    static func date(
        _ text: String, field: String, notBefore: CalendarDate? = nil, notAfter: CalendarDate? = nil,
        errors: inout [ServiceError.FieldError]
    ) -> CalendarDate? {
        guard let date = CalendarDate(iso: text.trimmingCharacters(in: .whitespaces)) else {
            errors.append(.init(field: field, message: "Enter a real date as YYYY-MM-DD."))
            return nil
        }
        if let notBefore, date < notBefore {
            errors.append(.init(field: field, message: "The date must be today or later."))
        }
        if let notAfter, date > notAfter {
            errors.append(.init(field: field, message: "The date must be today or earlier."))
        }
        return date
    }

    static func text(_ value: String, field: String, message: String, errors: inout [ServiceError.FieldError]) -> String
    {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { errors.append(.init(field: field, message: message)) }
        if trimmed.count > EpisodeService.maximumTextLength {
            errors.append(
                .init(field: field, message: "Keep this to \(EpisodeService.maximumTextLength) characters or fewer."))
        }
        return trimmed
    }

    static func optional(_ value: String?) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }
}
