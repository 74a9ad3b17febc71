import Fluent
import Foundation
import SignpostCore

/// Adding, listing and ending involvements: practitioners act for their own organisation only.
struct InvolvementService {
    let context: ServiceContext

    struct NewInvolvement: Codable, Sendable {
        var role: String
        var contactPhone: String?
        var contactEmail: String?
        var leadProfessional: Bool?
        /// A colleague in the actor's own organisation; the actor when absent.
        var practitionerID: UUID?
        /// Required for a sensitive service: `child-consent` or `significant-harm`, with a note.
        var sensitiveBasis: String?
        var sensitiveBasisNote: String?
    }

    static let sensitiveBases = [
        "child-consent": "The competent child's explicit consent",
        "significant-harm": "The provider's judgement of significant harm",
    ]

    /// A new active involvement, not yet saved: the one row every way of recording an involvement writes.
    static func newActive(
        childID: UUID, organisationID: UUID, practitionerID: UUID, role: String, contactPhone: String?,
        contactEmail: String?, startedOn: String, leadProfessional: Bool,
        sensitive: (basis: String, note: String)?, by actor: AuthenticatedPractitioner
    ) -> InvolvementModel {
        let involvement = InvolvementModel()
        involvement.$child.id = childID
        involvement.$organisation.id = organisationID
        involvement.$practitioner.id = practitionerID
        involvement.role = role
        involvement.contactPhone = contactPhone
        involvement.contactEmail = contactEmail
        involvement.startedOn = startedOn
        involvement.status = InvolvementStatus.active.rawValue
        involvement.leadProfessional = leadProfessional
        involvement.holdsAssessment = false
        involvement.sensitiveBasis = sensitive?.basis
        involvement.sensitiveBasisNote = sensitive?.note
        involvement.createdBy = actor.id
        return involvement
    }

    /// A sensitive service's involvement is recorded only with the competent child's explicit consent
    /// or on the provider's recorded judgement of significant harm; other services record no basis.
    static func sensitiveBasis(organisationIsSensitive: Bool, basis: String?, note: String?, fieldPrefix: String = "")
        throws -> (basis: String, note: String)?
    {
        let basis = basis?.trimmingCharacters(in: .whitespaces) ?? ""
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard organisationIsSensitive else {
            guard basis.isEmpty else {
                throw ServiceError.validation([
                    .init(
                        field: fieldPrefix + "sensitiveBasis",
                        message: "Only a sensitive service records a sensitive basis.")
                ])
            }
            return nil
        }
        var errors: [ServiceError.FieldError] = []
        if sensitiveBases[basis] == nil {
            errors.append(
                .init(
                    field: fieldPrefix + "sensitiveBasis",
                    message:
                        "A sensitive service's involvement is recorded only with the competent child's explicit consent (child-consent) or on your judgement of significant harm (significant-harm)."
                ))
        }
        if note.isEmpty {
            errors.append(
                .init(
                    field: fieldPrefix + "sensitiveBasisNote",
                    message: "Record how the child consented, or the harm you judged significant."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return (basis, note)
    }

    func list(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> [SignpostView.Involvement] {
        try await context.auditedTransaction { context, tx in
            let loaded = try await ChildGate.loadOrRefuse(
                childID, action: "child.involvements-viewed", by: actor, context: context, on: tx)
            let (access, reason) = try await ChildFactsLoader.context(
                for: actor, childID: childID, now: context.now, on: tx)
            let decision = Policy.decide(actor.actor, .viewInvolvements, child: loaded.facts, context: access)
            try await AccessRecorder.recordRead(
                loaded, action: "child.involvements-viewed", what: "involvements", by: actor, access: access,
                reason: reason,
                allowed: decision.isAllowed, context: context, on: tx)
            guard decision.isAllowed else { throw Refusal.notFound() }
            let active = loaded.active
            return try Policy.disclose(loaded.facts, to: actor.actor, context: access).shownInvolvements
                .map { try ChildRendering.involvementView(active[$0]) }
        }
    }

    func add(_ input: NewInvolvement, childID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> SignpostView.Involvement
    {
        let role = try Self.validatedRole(of: input)
        return try await context.auditedTransaction { context, tx in
            let (loaded, _) = try await ChildGate.authorise(
                childID, .addInvolvement, audit: "involvement.added", by: actor, context: context, on: tx)
            let child = loaded.child
            let sensitive = try Self.sensitiveBasis(
                organisationIsSensitive: actor.organisationSensitive, basis: input.sensitiveBasis,
                note: input.sensitiveBasisNote)
            let practitionerID = input.practitionerID ?? actor.id
            let practitioner = try await Self.colleague(practitionerID, of: actor, on: tx)
            let involvement = Self.newActive(
                childID: try child.requireID(), organisationID: actor.organisationID, practitionerID: practitionerID,
                role: role, contactPhone: input.contactPhone.flatMap { $0.isEmpty ? nil : $0 },
                contactEmail: input.contactEmail.flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? practitioner.email,
                startedOn: CalendarDate(context.now).iso, leadProfessional: input.leadProfessional ?? false,
                sensitive: sensitive, by: actor)
            try await involvement.create(on: tx)
            try await involvement.$organisation.load(on: tx)
            try await involvement.$practitioner.load(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "involvement.added", actor: actor, subjectType: "child",
                    subjectID: try child.requireID().uuidString,
                    details: [
                        "involvement": try involvement.requireID().uuidString, "organisation": actor.organisationCode,
                    ]),
                context: context, on: tx)
            try await ChronologyLog.appendSystemEntry(
                "\(actor.organisationName) started an involvement: \(role), \(involvement.practitioner.name).",
                category: .team, child: loaded, by: actor, context: context, on: tx)
            return try ChildRendering.involvementView(involvement)
        }
    }

    /// The trimmed role, once the role and the contact details are checked: before the transaction
    /// opens, so nothing is read for a request that cannot succeed.
    private static func validatedRole(of input: NewInvolvement) throws -> String {
        let role = input.role.trimmingCharacters(in: .whitespaces)
        var errors: [ServiceError.FieldError] = []
        if role.isEmpty {
            errors.append(.init(field: "role", message: "Enter the role, such as key worker or school nurse."))
        }
        TextFieldChecks.singleLine(
            input.role, field: "role", label: "The role", limit: TextRules.labelLimit, into: &errors)
        TextFieldChecks.singleLine(
            input.contactPhone, field: "contactPhone", label: "The phone number", limit: TextRules.labelLimit,
            into: &errors)
        TextFieldChecks.singleLine(
            input.contactEmail, field: "contactEmail", label: "The email address", limit: TextRules.lineLimit,
            into: &errors)
        if let phone = input.contactPhone, !phone.isEmpty, !AccountService.isPlausiblePhone(phone) {
            errors.append(
                .init(
                    field: "contactPhone",
                    message: "Enter a phone number using digits, spaces and an optional leading +."))
        }
        if let email = input.contactEmail, !email.isEmpty, !AccountService.isPlausibleEmail(email.lowercased()) {
            errors.append(.init(field: "contactEmail", message: "Enter a secure email address in the correct format."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return role
    }

    /// The practitioner who will hold the involvement, who must belong to the actor's own organisation.
    private static func colleague(_ practitionerID: UUID, of actor: AuthenticatedPractitioner, on tx: any Database)
        async throws -> PractitionerModel
    {
        guard let practitioner = try await PractitionerModel.find(practitionerID, on: tx),
            practitioner.$organisation.id == actor.organisationID
        else {
            throw ServiceError.validation([
                .init(
                    field: "practitionerID",
                    message: "You can only record involvements for people in your own organisation.")
            ])
        }
        return practitioner
    }

    /// Ends an involvement of the actor's own organisation. The last active involvement cannot be
    /// ended here: a child with none leaves the index through the retention process, not by accident.
    func end(involvementID: UUID, by actor: AuthenticatedPractitioner) async throws {
        try await context.auditedTransaction { context, tx in
            guard let involvement = try await InvolvementModel.find(involvementID, on: tx),
                involvement.status == InvolvementStatus.active.rawValue,
                let loaded = try await ChildFactsLoader.load(involvement.$child.id, on: tx),
                let active = loaded.active.first(where: { $0.id == involvementID })
            else {
                try await Refusal.asMissing(
                    "involvement.ended", type: "involvement", id: involvementID, by: actor, context: context, on: tx)
            }
            let (access, _) = try await ChildFactsLoader.context(
                for: actor, childID: loaded.id, now: context.now, on: tx)
            let decision = Policy.mayEnd(loaded.member(active), of: loaded.facts, by: actor.actor, context: access)
            if case .deny(let reason) = decision {
                try await AuditLog.append(
                    AuditDraft(
                        action: "involvement.ended", actor: actor, subjectType: "involvement",
                        subjectID: involvementID.uuidString,
                        outcome: .refused, details: ["why": decision.isHidden ? "not found" : "forbidden"]),
                    context: context, on: tx)
                throw decision.isHidden ? Refusal.notFound() : Refusal.forbidden(reason)
            }
            if loaded.active.count <= 1 {
                throw ServiceError.conflict(
                    "This is the child's only active involvement. Ask the authority's data manager to close the record instead."
                )
            }
            involvement.status = InvolvementStatus.ended.rawValue
            involvement.endedOn = CalendarDate(context.now).iso
            try await involvement.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "involvement.ended", actor: actor, subjectType: "child",
                    subjectID: involvement.$child.id.uuidString,
                    details: ["involvement": involvementID.uuidString]),
                context: context, on: tx)
            try await ChronologyLog.appendSystemEntry(
                "\(actor.organisationName) ended an involvement: \(involvement.role).", category: .team, child: loaded,
                by: actor, context: context, on: tx)
        }
    }
}
