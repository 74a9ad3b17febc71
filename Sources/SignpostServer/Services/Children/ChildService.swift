import Fluent
import Foundation
import SignpostCore
import Vapor

/// Creating, viewing and signposting children. Every decision about who sees what is made by
/// `Policy` in SignpostCore; every read and change is audited in the same transaction.
struct ChildService {
    let context: ServiceContext
    static let searchGrantSeconds: TimeInterval = 60 * 60

    // MARK: Creating

    enum CreateOutcome: Sendable {
        case created(UUID)
        /// Possible existing records; nothing was created. Submit again with `confirm` to create anyway.
        case possibleDuplicates([SearchResult])
    }

    func create(_ input: ChildInput, confirm: Bool, by actor: AuthenticatedPractitioner, sourceKey: String? = nil) async throws -> CreateOutcome {
        guard actor.roles.contains(.practitioner) else {
            throw ServiceError.forbidden("Only practitioners can add children to the index.")
        }
        let cleaned = try ChildValidation.validate(input, today: CalendarDate(context.now))
        let organisation = try await OrganisationModel.find(actor.organisationID, on: context.db)
        guard let organisation else { throw ServiceError.forbidden("Your organisation is not recorded.") }
        let authorityID = organisation.$authority.id

        if !confirm {
            let probe = MatchRecord(
                id: "new", givenName: cleaned.givenName, familyName: cleaned.familyName,
                dateOfBirth: cleaned.dateOfBirth.flatMap(CalendarDate.init(iso:)), sex: MatchRecord.Sex(loose: cleaned.gender ?? ""),
                postcode: cleaned.postcode ?? "", addressLine: cleaned.addressLine ?? "", nhsNumber: cleaned.nhsNumber ?? "")
            let context = self.context
            let found: [SearchResult] = try await context.db.transaction { tx in
                var inTransaction = context
                inTransaction.db = tx
                let found = try await SearchService(context: inTransaction).rank(probe, upn: cleaned.upn, actor: actor)
                guard !found.isEmpty else { return [] }
                try await SearchService.grant(found.map(\.id), to: actor, reason: "new-record-duplicate-check", context: context, on: tx)
                try await AuditLog.append(
                    AuditDraft(action: "child.duplicate-check", actor: actor, subjectType: "child", reason: "new record",
                               details: ["results": String(found.count)]),
                    context: context, on: tx)
                return found
            }
            if !found.isEmpty { return .possibleDuplicates(found) }
        }

        let childID = try await context.db.transaction { tx in
            try await Self.insert(cleaned, authorityID: authorityID, by: actor, sourceKey: sourceKey, confirmedDespiteMatches: confirm, context: context, on: tx)
        }
        return .created(childID)
    }

    /// Writes a validated record, its first involvement, its keys and the audit event, inside the
    /// caller's transaction (so an import can write many records as one).
    static func insert(
        _ cleaned: ChildInput, authorityID: UUID, by actor: AuthenticatedPractitioner, sourceKey: String?, confirmedDespiteMatches: Bool,
        context: ServiceContext, on tx: any Database
    ) async throws -> UUID {
        let child = ChildModel()
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
        let today = CalendarDate(context.now).iso
        do {
            try await child.create(on: tx)
            let childID = try child.requireID()
            var names: [ChildNameModel] = []
            for other in cleaned.otherNames ?? [] {
                let name = ChildNameModel()
                name.$child.id = childID
                name.kind = other.kind ?? "alias"
                name.givenName = other.givenName
                name.familyName = other.familyName
                names.append(name)
            }
            if !names.isEmpty { try await names.create(on: tx) }
            if let line = cleaned.addressLine {
                let address = ChildAddressModel()
                address.$child.id = childID
                address.addressLine = line
                address.postcode = cleaned.postcode
                address.recordedOn = today
                address.recordedBy = actor.id
                try await address.create(on: tx)
            }
            for carer in cleaned.carers ?? [] {
                let row = CarerModel()
                row.$child.id = childID
                row.name = carer.name
                row.relationship = carer.relationship
                row.parentalResponsibility = carer.parentalResponsibility
                row.contact = carer.contact
                try await row.create(on: tx)
            }
            // A child exists on the index only while it has an involvement: creating it creates the creator's.
            let first = cleaned.involvement ?? .init(role: "Key worker")
            let involvement = InvolvementModel()
            involvement.$child.id = childID
            involvement.$organisation.id = actor.organisationID
            involvement.$practitioner.id = actor.id
            involvement.role = first.role
            involvement.contactPhone = first.contactPhone
            involvement.contactEmail = first.contactEmail ?? actor.email
            involvement.startedOn = today
            involvement.status = "active"
            involvement.leadProfessional = first.leadProfessional ?? false
            involvement.holdsAssessment = false
            involvement.createdBy = actor.id
            try await involvement.create(on: tx)
            try await ChildIndexing.reindex(child, otherNames: names, on: tx)
            try await AuditLog.append(
                AuditDraft(action: "child.created", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                           details: ["confirmedDespiteMatches": String(confirmedDespiteMatches), "source": sourceKey == nil ? "manual" : "import"]),
                context: context, on: tx)
        }
        return try child.requireID()
    }

    // MARK: Viewing

    /// The facts the policy needs, loaded in one place so every path decides the same way.
    static func facts(for child: ChildModel, on db: any Database) async throws -> (ChildFacts, [InvolvementModel]) {
        let involvements = try await InvolvementModel.query(on: db)
            .filter(\.$child.$id == child.requireID())
            .with(\.$organisation)
            .with(\.$practitioner)
            .all()
        let authority = try await AuthorityModel.find(child.$authority.id, on: db)
        let team = involvements.filter { $0.status == "active" }.map {
            ChildFacts.TeamMember(practitionerID: $0.$practitioner.id.uuidString, organisationCode: $0.organisation.code, leadProfessional: $0.leadProfessional)
        }
        return (ChildFacts(authorityCode: authority?.onsCode ?? "", tier: child.tier, team: team), involvements)
    }

    static func hasSearchGrant(_ actor: AuthenticatedPractitioner, childID: UUID, now: Date, on db: any Database) async throws -> Bool {
        try await SearchGrantModel.query(on: db)
            .filter(\.$practitionerID == actor.id)
            .filter(\.$childID == childID)
            .filter(\.$expiresAt > now)
            .first() != nil
    }

    /// The child as this actor may see it, or 404 for anyone the policy gives nothing. Audited either way.
    func view(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> SignpostView {
        try await context.db.transaction { tx in
            guard let child = try await ChildModel.find(childID, on: tx), child.mergedIntoID == nil else {
                try await AuditLog.append(
                    AuditDraft(action: "child.viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
                               details: ["visibility": "nothing", "why": "no such record"]),
                    context: context, on: tx)
                throw ServiceError.notFound("There is no child record you can see at this address.")
            }
            let (facts, involvements) = try await Self.facts(for: child, on: tx)
            let searched = try await Self.hasSearchGrant(actor, childID: childID, now: context.now, on: tx)
            let visibility = Policy.visibility(of: facts, to: actor.actor, context: AccessContext(foundByReasonedSearch: searched))
            try await AuditLog.append(
                AuditDraft(action: "child.viewed", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                           outcome: visibility == .nothing ? .refused : .success,
                           details: ["visibility": "\(visibility)"]),
                context: context, on: tx)
            guard visibility != .nothing else {
                throw ServiceError.notFound("There is no child record you can see at this address.")
            }
            return try await Self.render(child, involvements: involvements, visibility: visibility, on: tx)
        }
    }

    static func render(_ child: ChildModel, involvements: [InvolvementModel], visibility: ChildVisibility, on db: any Database) async throws -> SignpostView {
        guard let authority = try await AuthorityModel.find(child.$authority.id, on: db) else {
            throw ServiceError.notFound()
        }
        let active = involvements.filter { $0.status == "active" }
        let lead = active.first { $0.leadProfessional }
        let assessor = active.first { $0.holdsAssessment }
        var view = SignpostView(
            id: try child.requireID(), visibility: visibility == .record ? "record" : "signpost",
            givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth,
            expectedDelivery: child.expectedDelivery, gender: child.gender,
            authority: .init(code: authority.onsCode, name: authority.name, officeHoursPhone: authority.officeHoursPhone, emergencyDutyPhone: authority.emergencyDutyPhone),
            involvements: try active.map(Self.involvementView),
            leadProfessional: lead.map { "\($0.practitioner.name), \($0.organisation.name)" },
            assessmentHeldBy: assessor.map { "\($0.practitioner.name), \($0.organisation.name)" + ($0.contactPhone.map { " (\($0))" } ?? "") },
            record: nil)
        if visibility == .record {
            let childID = try child.requireID()
            let names = try await ChildNameModel.query(on: db).filter(\.$child.$id == childID).all()
            let addresses = try await ChildAddressModel.query(on: db).filter(\.$child.$id == childID).sort(\.$recordedOn, .descending).all()
            let carers = try await CarerModel.query(on: db).filter(\.$child.$id == childID).all()
            var creator: PractitionerModel?
            if let createdBy = child.createdBy { creator = try await PractitionerModel.find(createdBy, on: db) }
            view.record = RecordDetails(
                whereabouts: child.whereabouts, addressLine: child.addressLine, postcode: child.postcode, nhsNumber: child.nhsNumber,
                upn: child.upn, schoolName: child.schoolName, schoolStartedOn: child.schoolStartedOn, gpPractice: child.gpPractice,
                tier: child.tier,
                otherNames: names.map { .init(kind: $0.kind, givenName: $0.givenName, familyName: $0.familyName) },
                addressHistory: addresses.map { .init(addressLine: $0.addressLine, postcode: $0.postcode, recordedOn: $0.recordedOn) },
                carers: carers.map { .init(name: $0.name, relationship: $0.relationship, parentalResponsibility: $0.parentalResponsibility, contact: $0.contact) },
                createdBy: creator?.name, createdAt: child.createdAt, updatedAt: child.updatedAt)
        }
        return view
    }

    static func involvementView(_ involvement: InvolvementModel) throws -> SignpostView.Involvement {
        SignpostView.Involvement(
            id: try involvement.requireID(), organisation: involvement.organisation.name, organisationKind: involvement.organisation.kind,
            practitioner: involvement.practitioner.name, role: involvement.role, contactPhone: involvement.contactPhone,
            contactEmail: involvement.contactEmail, startedOn: involvement.startedOn, leadProfessional: involvement.leadProfessional,
            holdsAssessment: involvement.holdsAssessment)
    }
}
