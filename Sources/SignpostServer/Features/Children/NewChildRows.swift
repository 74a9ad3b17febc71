import Fluent
import Foundation
import SignpostCore

/// Every row a new child's record starts with, built in memory and not yet saved: the child, other names,
/// the first address, carers, the creator's involvement and team membership, the lawful basis for the
/// index, the candidate keys and the `child.created` event. One child (`ChildService.insert`) and an import
/// batch (`ChildService.insertBatch`) write exactly these rows.
struct NewChildRows: Sendable {
    var child: ChildModel
    var names: [ChildNameModel]
    var address: ChildAddressModel?
    var carers: [CarerModel]
    var involvement: InvolvementModel
    var membership: TeamMembershipModel
    var indexBasis: SharingDecisionModel
    var keys: [ChildMatchKeyModel]
    /// The record as a search for possible duplicates compares it, and the keys that search looks up.
    var probe: MatchRecord
    var queryKeys: Set<String>
    var event: AuditDraft
    /// Kept for the steps after the rows are written: the notice of a safeguarding basis, and the check
    /// for a shielded possible duplicate.
    var input: ChildInput

    var id: UUID { child.id! }

    init(
        _ cleaned: ChildInput, authorityID: UUID, by actor: AuthenticatedPractitioner, sourceKey: String?,
        confirmedDespiteMatches: Bool, now: Date
    ) throws {
        let childID = UUID.random()
        let today = CalendarDate(now).iso
        input = cleaned
        child = Self.child(cleaned, id: childID, authorityID: authorityID, by: actor, sourceKey: sourceKey)
        names = (cleaned.otherNames ?? []).map { other in
            let name = ChildNameModel()
            name.$child.id = childID
            name.kind = other.kind ?? "alias"
            name.givenName = other.givenName
            name.familyName = other.familyName
            return name
        }
        address = cleaned.addressLine.map { line in
            let address = ChildAddressModel()
            address.$child.id = childID
            address.addressLine = line
            address.postcode = cleaned.postcode
            address.recordedOn = today
            address.recordedBy = actor.id
            return address
        }
        carers = (cleaned.carers ?? []).map { carer in
            let row = CarerModel()
            row.$child.id = childID
            row.name = carer.name
            row.relationship = carer.relationship
            row.parentalResponsibility = carer.parentalResponsibility
            row.contact = carer.contact
            return row
        }
        // Written without Fluent's create, which would stamp these with the wall clock.
        let stamped = Date()
        child.createdAt = stamped
        child.updatedAt = stamped
        involvement = try Self.firstInvolvement(cleaned.involvement, childID: childID, startedOn: today, by: actor)
        involvement.createdAt = stamped
        // The practitioner who creates the record is the first member of the child's team.
        membership = TeamMembershipModel(
            childID: childID, practitionerID: actor.id, basis: "creator", admittedBy: nil, at: now)
        indexBasis = SharingDecisionModel()
        indexBasis.$child.id = childID
        indexBasis.purpose = SharingPurpose.index.rawValue
        indexBasis.basis = cleaned.indexBasis ?? LawfulBasis.publicTask.rawValue
        indexBasis.reason = cleaned.indexBasisReason
        indexBasis.decidedBy = actor.id
        indexBasis.decidedAt = now
        // One preparation for the matcher serves the index keys and the possible-duplicate search.
        probe = ChildIndexing.probe(cleaned, id: childID.uuidString)
        let prepared = PreparedRecord(probe)
        queryKeys = ChildIndexing.queryKeys(for: probe, upn: cleaned.upn, prepared: prepared)
        keys = ChildIndexing.keys(child, otherNames: names, prepared: prepared).map {
            ChildMatchKeyModel(childID: childID, key: $0)
        }
        event = AuditDraft(
            action: "child.created", actor: actor, subjectType: "child", subjectID: childID.uuidString,
            details: [
                "confirmedDespiteMatches": String(confirmedDespiteMatches),
                "source": sourceKey == nil ? "manual" : "import",
                "indexBasis": indexBasis.basis,
            ])
    }

    /// The child's own row, with the defaults a record takes when a field was left out.
    private static func child(
        _ cleaned: ChildInput, id: UUID, authorityID: UUID, by actor: AuthenticatedPractitioner, sourceKey: String?
    ) -> ChildModel {
        let child = ChildModel()
        child.id = id
        child.givenName = cleaned.givenName
        child.familyName = cleaned.familyName
        child.dateOfBirth = cleaned.dateOfBirth
        child.expectedDelivery = cleaned.expectedDelivery
        child.gender = cleaned.gender ?? "unknown"
        child.whereabouts = cleaned.whereabouts ?? "current"
        child.addressLine = cleaned.addressLine
        child.postcode = cleaned.postcode
        child.nhsNumber = cleaned.nhsNumber
        child.upn = cleaned.upn
        child.schoolName = cleaned.schoolName
        child.schoolStartedOn = cleaned.schoolStartedOn
        child.gpPractice = cleaned.gpPractice
        child.tier = cleaned.tier ?? 2
        child.$authority.id = authorityID
        child.sourceKey = sourceKey
        child.createdBy = actor.id
        child.updatedBy = actor.id
        return child
    }

    /// A child exists on the index only while it has an involvement: creating it creates the creator's.
    private static func firstInvolvement(
        _ submitted: ChildInput.FirstInvolvement?, childID: UUID, startedOn today: String,
        by actor: AuthenticatedPractitioner
    ) throws -> InvolvementModel {
        let first = submitted ?? .init(role: "Key worker")
        let sensitive = try InvolvementService.sensitiveBasis(
            organisationIsSensitive: actor.organisationSensitive, basis: first.sensitiveBasis,
            note: first.sensitiveBasisNote, fieldPrefix: "involvement.")
        return InvolvementService.newActive(
            childID: childID, organisationID: actor.organisationID, practitionerID: actor.id, role: first.role,
            contactPhone: first.contactPhone, contactEmail: first.contactEmail ?? actor.email, startedOn: today,
            leadProfessional: first.leadProfessional ?? false, sensitive: sensitive, by: actor)
    }
}
