import Fluent
import Foundation
import SignpostCore

/// Agency contacts with a child: a team member records their own service's, a sending system posts
/// them by its own reference, and a CSV import loads many. Append-only; a repeated reference changes
/// nothing. Read by the team and the data managers as `Policy.disclosure` decides, with the picture of
/// contact (`ContactSchedule`) computed from what the viewer may see.
struct AgencyContactService {
    let context: ServiceContext

    struct ContactInput: Sendable, Codable {
        var occurredOn: String
        var kind: String
        var outcome: String
        var childSeen: Bool?
        var seenAlone: Bool?
        var note: String?
        var sessionsPossible: Int?
        var sessionsAttended: Int?
        /// The sender's own reference: the same reference again from the same organisation is the same contact.
        var reference: String?
    }

    /// A contact, checked.
    struct Checked: Sendable {
        var on: CalendarDate
        var kind: ContactKind
        var outcome: ContactOutcome
        var childSeen: Bool
        var seenAlone: Bool?
        var note: String?
        var sessionsPossible: Int?
        var sessionsAttended: Int?
        var reference: String?
    }

    struct Recorded: Sendable {
        var contact: ContactView
        /// False when the reference had been sent before: nothing new was written.
        var created: Bool
    }

    func record(_ input: ContactInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> Recorded {
        let checked = try Self.checked(input, today: CalendarDate(context.now))
        return try await context.auditedTransaction { context, tx in
            let audit = "contact.recorded"
            let (loaded, _) = try await ChildGate.authorise(
                childID, .addToSharedRecord, audit: audit, by: actor, context: context, on: tx)
            if let reference = checked.reference,
                let existing = try await AgencyContactModel.query(on: tx)
                    .filter(\.$organisationCode == actor.organisationCode).filter(\.$senderReference == reference)
                    .first()
            {
                guard existing.childID == childID else {
                    throw ServiceError.conflict("This reference was sent before for another child.")
                }
                let view = try await Self.views(of: [existing], context: context, on: tx)[0]
                try await AuditLog.append(
                    AuditDraft(
                        action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                        details: ["contact": existing.id!.uuidString, "repeatedReference": "yes"]),
                    context: context, on: tx)
                return Recorded(contact: view, created: false)
            }
            let authority = loaded.authority.onsCode
            let cipher =
                checked.note == nil
                ? nil : try await DataKeyStore.cipher(for: authority, creating: true, context: context, on: tx)
            let contact = try Self.model(
                checked, childID: childID, authority: authority, organisationCode: actor.organisationCode,
                sensitive: actor.organisationSensitive, author: actor.id,
                source: checked.reference == nil ? "practitioner" : "feed", cipher: cipher, now: context.now)
            do {
                try await contact.create(on: tx)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // The same reference arrived twice at once: the other request recorded it.
                throw ServiceError.conflict("This reference is being recorded by another request; send it again.")
            }
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["contact": contact.id!.uuidString, "kind": contact.kind, "outcome": contact.outcome]),
                context: context, on: tx)
            return Recorded(contact: try await Self.views(of: [contact], context: context, on: tx)[0], created: true)
        }
    }

    /// A new contact, its note sealed with the child's authority's key (`cipher`, needed only for a note).
    static func model(
        _ checked: Checked, childID: UUID, authority: String, organisationCode: String, sensitive: Bool,
        author: UUID?, source: String, cipher: FieldCipher?, now: Date
    ) throws -> AgencyContactModel {
        let contact = AgencyContactModel()
        let id = UUID()
        contact.id = id
        contact.childID = childID
        contact.occurredOn = checked.on.iso
        contact.recordedAt = now
        contact.organisationCode = organisationCode
        contact.sensitive = sensitive
        contact.authorID = author
        contact.kind = checked.kind.rawValue
        contact.outcome = checked.outcome.rawValue
        contact.childSeen = checked.childSeen
        contact.seenAlone = checked.seenAlone
        if let note = checked.note, let cipher {
            contact.noteSealed = try cipher.seal(note, context: sealingContext(id))
        }
        contact.keyAuthority = authority
        contact.sessionsPossible = checked.sessionsPossible
        contact.sessionsAttended = checked.sessionsAttended
        contact.senderReference = checked.reference
        contact.source = source
        return contact
    }

    static func sealingContext(_ contactID: UUID) -> String { "contact:\(contactID.uuidString)" }
}
