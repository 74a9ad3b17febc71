import Fluent
import Foundation
import SignpostCore

/// The people in a child's life, recorded by the team for the relationships wheel: a relative, a
/// carer, an adult in the household. A person's details are sealed with the authority's data key; who
/// recorded them and when stays plain. A relationship or a basis may be left blank on purpose: an adult
/// seen in the household whom nobody can yet explain is exactly what the wheel must show.
struct RelationshipService {
    let context: ServiceContext
    static let textLimit = 200

    /// As typed. Dates as `YYYY-MM-DD` (or `31/12/2026`).
    struct RelationshipInput: Sendable, Codable {
        var name: String
        var dateOfBirth: String?
        var relationship: String?
        var livesWithChild: Bool?
        var parentalResponsibility: Bool?
        var contact: String?
        var basis: String?
        var joinedHouseholdOn: String?
    }

    /// What is sealed together.
    struct Details: Sendable, Codable, Equatable {
        var name: String
        var dateOfBirth: String?
        var relationship: String?
        var contact: String?
        var basis: String?
    }

    struct Checked: Sendable {
        var details: Details
        var livesWithChild: Bool
        var parentalResponsibility: Bool
        var joinedHouseholdOn: CalendarDate?
    }

    func record(_ input: RelationshipInput, childID: UUID, by actor: AuthenticatedPractitioner) async throws -> UUID {
        let checked = try Self.checked(input, today: CalendarDate(context.now))
        return try await context.auditedTransaction { context, tx in
            let audit = "relationship.recorded"
            let (loaded, _) = try await ChildGate.authorise(
                childID, .recordRelationship, audit: audit, by: actor, context: context, on: tx)
            let authority = loaded.authority.onsCode
            let cipher = try await DataKeyStore.cipher(for: authority, creating: true, context: context, on: tx)
            let row = RelationshipModel()
            let id = UUID()
            row.id = id
            row.childID = childID
            row.detailsSealed = try cipher.sealJSON(checked.details, context: Self.sealingContext(id))
            row.keyAuthority = authority
            row.livesWithChild = checked.livesWithChild
            row.parentalResponsibility = checked.parentalResponsibility
            row.joinedHouseholdOn = checked.joinedHouseholdOn?.iso
            row.recordedBy = actor.id
            row.organisationCode = actor.organisationCode
            row.sensitive = actor.organisationSensitive
            row.recordedAt = context.now
            try await row.create(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: ["relationship": id.uuidString, "livesWithChild": checked.livesWithChild ? "yes" : "no"]),
                context: context, on: tx)
            return id
        }
    }

    static func sealingContext(_ id: UUID) -> String { "relationship:\(id.uuidString)" }

    /// Field by field, before anything is read or written.
    static func checked(_ input: RelationshipInput, today: CalendarDate) throws -> Checked {
        var errors: [ServiceError.FieldError] = []
        func clean(_ text: String?, field: String, label: String) -> String? {
            let value = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if value.count > textLimit {
                errors.append(.init(field: field, message: "\(label) must be \(textLimit) characters or fewer."))
            }
            return value.isEmpty ? nil : value
        }
        func day(_ text: String?, field: String, label: String) -> CalendarDate? {
            let typed = text?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !typed.isEmpty else { return nil }
            guard let day = CalendarDate(typed: typed) else {
                errors.append(.init(field: field, message: DateEntry.problem(in: typed, label: label)))
                return nil
            }
            if day > today { errors.append(.init(field: field, message: "\(label) must be today or in the past.")) }
            return day
        }
        let name = clean(input.name, field: "name", label: "The name")
        if name == nil { errors.append(.init(field: "name", message: "Enter the person's name.")) }
        let born = day(input.dateOfBirth, field: "dateOfBirth", label: "The date of birth")
        let joined = day(input.joinedHouseholdOn, field: "joinedHouseholdOn", label: "The date they moved in")
        let details = Details(
            name: name ?? "", dateOfBirth: born?.iso,
            relationship: clean(input.relationship, field: "relationship", label: "The relationship"),
            contact: clean(input.contact, field: "contact", label: "The contact details"),
            basis: clean(input.basis, field: "basis", label: "The basis"))
        let livesWith = input.livesWithChild ?? false
        if joined != nil && !livesWith {
            errors.append(
                .init(
                    field: "joinedHouseholdOn", message: "A date they moved in is for someone who lives with the child."
                ))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return Checked(
            details: details, livesWithChild: livesWith, parentalResponsibility: input.parentalResponsibility ?? false,
            joinedHouseholdOn: joined)
    }
}
