import Fluent
import Foundation
import SignpostCore

/// Recording consent, withdrawing it, and recording a lawful basis for a sharing decision. The team
/// and the authority's data managers may do this (`ChildAction.recordConsent`).
struct ConsentService {
    let context: ServiceContext
    static let givers = ["child", "parent"]
    static let methods = ["written", "verbal", "electronic"]

    struct ConsentInput: Codable, Sendable {
        /// `child` (a competent child) or `parent` (a person with parental responsibility).
        var givenBy: String
        var giverName: String
        var competenceJudgement: String?
        var purposes: [String]
        var organisations: [String]?
        var method: String
        /// Defaults to today.
        var givenOn: String?
        var expiresOn: String?
    }

    struct WithdrawalInput: Codable, Sendable {
        var note: String?
    }

    struct BasisInput: Codable, Sendable {
        var purpose: String
        var basis: String
        var reason: String?
    }

    func record(_ input: ConsentInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> GovernanceView.Consent
    {
        let today = CalendarDate(context.now)
        let checked = try Self.checkConsent(input, today: today)
        return try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(childID, action: "consent.recorded", by: actor, on: tx)
            try await Self.requireKnownOrganisations(checked.organisations, on: tx)
            let consent = Self.newConsent(input, checked, childID: loaded.id, by: actor, at: context.now)
            try await consent.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "consent.recorded", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString,
                    details: [
                        "consent": try consent.requireID().uuidString, "givenBy": input.givenBy,
                        "purposes": consent.purposes,
                        "organisations": consent.organisations, "expiresOn": consent.expiresOn ?? "",
                        "method": input.method,
                    ]),
                context: context, on: tx)
            return try GovernanceView.consentView(consent, today: today)
        }
    }

    /// Every named organisation must exist: checked in the transaction, after authorisation.
    private static func requireKnownOrganisations(_ organisations: [String], on tx: any Database) async throws {
        guard !organisations.isEmpty else { return }
        let known = try await OrganisationModel.query(on: tx).filter(\.$code ~~ organisations).all().map(\.code)
        let unknown = organisations.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw ServiceError.validation([
                .init(
                    field: "organisations",
                    message: "These organisation codes are not known: \(unknown.joined(separator: ", ")).")
            ])
        }
    }

    /// An unsaved consent from checked answers. Organisations are kept only when the consent covers
    /// sharing with them.
    private static func newConsent(
        _ input: ConsentInput, _ checked: CheckedConsent, childID: UUID, by actor: AuthenticatedPractitioner,
        at now: Date
    ) -> ConsentModel {
        let consent = ConsentModel()
        consent.$child.id = childID
        consent.givenBy = input.givenBy
        consent.giverName = checked.giver
        consent.competenceJudgement = checked.judgement.isEmpty ? nil : checked.judgement
        consent.purposes = checked.purposes.map(\.rawValue).joined(separator: ",")
        consent.organisations =
            checked.purposes.contains(.shareWithOrganisations) ? checked.organisations.joined(separator: ",") : ""
        consent.method = input.method
        consent.givenOn = checked.givenOn.iso
        consent.expiresOn = checked.expiresOn?.iso
        consent.recordedBy = actor.id
        consent.recordedAt = now
        return consent
    }

    /// Withdrawal takes effect on the very next request: the policy reads consents on every decision.
    func withdraw(consentID: UUID, note: String?, by actor: AuthenticatedPractitioner) async throws
        -> GovernanceView.Consent
    {
        try await context.auditedTransaction { context, tx in
            guard let consent = try await ConsentModel.find(consentID, on: tx) else {
                throw ServiceError.notFound("There is no consent record with this identifier.")
            }
            let loaded = try await authorise(consent.$child.id, action: "consent.withdrawn", by: actor, on: tx)
            guard consent.withdrawnAt == nil else { throw ServiceError.conflict("This consent was withdrawn already.") }
            consent.withdrawnAt = context.now
            consent.withdrawnBy = actor.id
            let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            consent.withdrawalNote = text.isEmpty ? nil : text
            try await consent.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "consent.withdrawn", actor: actor, subjectType: "child",
                    subjectID: consent.$child.id.uuidString,
                    details: ["consent": consentID.uuidString, "purposes": consent.purposes, "sharing": "stopped"]),
                context: context, on: tx)
            // That it happened, never the note.
            try await ChronologyLog.appendSystemEntry(
                "Consent was withdrawn, recorded by \(actor.name) (\(actor.organisationName)).", category: .team,
                child: loaded, by: actor, context: context, on: tx)
            return try GovernanceView.consentView(consent, today: CalendarDate(context.now))
        }
    }

    /// A sharing decision with its lawful basis. Safeguarding without consent needs a written reason
    /// and notifies the authority's data managers.
    func recordBasis(_ input: BasisInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws
        -> GovernanceView.Basis
    {
        let (purpose, basis, reason) = try Self.checkBasis(input)
        return try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(childID, action: "lawful-basis.recorded", by: actor, on: tx)
            try await SharingDecisionModel.query(on: tx)
                .filter(\.$child.$id == loaded.id)
                .filter(\.$purpose == purpose.rawValue)
                .filter(\.$supersededAt == nil)
                .set(\.$supersededAt, to: context.now)
                .update()
            let decision = SharingDecisionModel()
            decision.$child.id = loaded.id
            decision.purpose = purpose.rawValue
            decision.basis = basis.rawValue
            decision.reason = reason.isEmpty ? nil : reason
            decision.decidedBy = actor.id
            decision.decidedAt = context.now
            try await decision.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "lawful-basis.recorded", actor: actor, subjectType: "child",
                    subjectID: loaded.id.uuidString,
                    reason: reason.isEmpty ? nil : reason,
                    details: ["purpose": purpose.rawValue, "basis": basis.rawValue]),
                context: context, on: tx)
            try await Self.notifyDataManagers(
                of: basis, for: purpose, reason: reason, child: loaded, by: actor, context: context, on: tx)
            return GovernanceView.Basis(
                purpose: purpose.rawValue, basis: basis.rawValue,
                summary: GovernanceView.basisSummary(purpose: purpose.rawValue, basis: basis.rawValue),
                reason: decision.reason, decidedAt: context.now, decidedOn: CalendarDate(context.now).iso)
        }
    }

    /// Tells the authority's data managers of a basis that needs their eye. `loaded.decisions` are the
    /// decisions as they stood before this one.
    private static func notifyDataManagers(
        of basis: LawfulBasis, for purpose: SharingPurpose, reason: String, child loaded: LoadedChild,
        by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database
    ) async throws {
        let previous = ChildFactsLoader.currentBasis(purpose, in: loaded.decisions)
        if basis != .safeguarding && previous == .consent && basis != .consent {
            // Moving a purpose off consent could talk round a withdrawal: the data manager is told.
            try await Notifications.notify(
                authority: loaded.facts.authorityCode, childID: loaded.id, kind: "basis-changed",
                message:
                    "\(actor.name) (\(actor.organisationName)) changed the basis for \(purpose.rawValue) of \(loaded.child.givenName) \(loaded.child.familyName) from consent to \(basis.rawValue): \(reason)",
                context: context, on: tx)
        }
        if basis == .safeguarding {
            try await Notifications.notify(
                authority: loaded.facts.authorityCode, childID: loaded.id, kind: "safeguarding-without-consent",
                message:
                    "\(actor.name) (\(actor.organisationName)) recorded safeguarding without consent for \(loaded.child.givenName) \(loaded.child.familyName) (\(purpose.rawValue)): \(reason)",
                context: context, on: tx)
        }
    }

    func list(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> GovernanceView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await authorise(childID, action: "consent.listed", by: actor, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "consent.listed", actor: actor, subjectType: "child", subjectID: loaded.id.uuidString),
                context: context, on: tx)
            let dataManager = Policy.decide(
                actor.actor, .shield, child: loaded.facts, context: AccessContext(today: CalendarDate(context.now))
            ).isAllowed
            return try await GovernanceView.make(
                loaded, for: actor.actor, today: CalendarDate(context.now), dataManager: dataManager, on: tx)
        }
    }

    private func authorise(_ childID: UUID, action: String, by actor: AuthenticatedPractitioner, on tx: any Database)
        async throws -> LoadedChild
    {
        try await ChildGate.authorise(childID, .recordConsent, audit: action, by: actor, context: context, on: tx).0
    }
}
