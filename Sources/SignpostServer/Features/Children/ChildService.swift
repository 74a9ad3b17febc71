import Fluent
import Foundation
import SignpostCore

/// Creating, viewing and signposting children. Every decision about who sees what is made by
/// `Policy` in SignpostCore; every read and change is audited in the same transaction.
struct ChildService {
    let context: ServiceContext

    // MARK: Creating

    enum CreateOutcome: Sendable {
        case created(UUID)
        /// Possible existing records; nothing was created. Submit again with `confirm` to create anyway.
        case possibleDuplicates([SearchResult])
    }

    /// Adds a child. Unless `confirm` is set, the index is first searched for the same child under the
    /// search rules (a stated reason, the rate limit, the policy on every hit, audited as a search); any
    /// hits are returned instead of creating, so the practitioner can record their involvement with the
    /// existing child rather than make a duplicate.
    func create(
        _ input: ChildInput, confirm: Bool, reason: SearchReason? = nil, by actor: AuthenticatedPractitioner,
        limiter: SearchRateLimiter, sourceKey: String? = nil
    ) async throws -> CreateOutcome {
        if case .deny(let why) = Policy.decide(actor.actor, .addChild) { throw ServiceError.forbidden(why) }
        let cleaned = try ChildValidation.validate(input, today: CalendarDate(context.now))
        let organisation = try await OrganisationModel.find(actor.organisationID, on: context.db)
        guard let organisation else { throw ServiceError.forbidden("Your organisation is not recorded.") }
        let authorityID = organisation.$authority.id

        // A record with too little detail to search on (a name alone) cannot be checked: it is created.
        let searchable =
            cleaned.nhsNumber != nil || cleaned.upn != nil || cleaned.dateOfBirth != nil || cleaned.postcode != nil
        if !confirm && searchable {
            guard let reason, !reason.code.isEmpty else {
                throw ServiceError.validation([
                    .init(
                        field: "reason",
                        message: "Choose why you are checking the index for this child, as for a search.")
                ])
            }
            let request = SearchRequest(
                reason: reason.code, reasonText: reason.text,
                criteria: SearchCriteria(
                    givenName: cleaned.givenName, familyName: cleaned.familyName, dateOfBirth: cleaned.dateOfBirth,
                    postcode: cleaned.postcode, nhsNumber: cleaned.nhsNumber, upn: cleaned.upn))
            let gender = cleaned.gender ?? ""
            let addressLine = cleaned.addressLine ?? ""
            let found = try await context.auditedTransaction { context, _ in
                try await SearchService(context: context).run(
                    request, purpose: .duplicateCheck,
                    refine: { query in
                        query.sex = MatchRecord.Sex(loose: gender)
                        query.addressLine = addressLine
                    },
                    by: actor, limiter: limiter
                ).results
            }
            if !found.isEmpty { return .possibleDuplicates(found) }
        }

        let childID = try await context.db.transaction { tx in
            try await Self.insert(
                cleaned, authorityID: authorityID, by: actor, sourceKey: sourceKey, confirmedDespiteMatches: confirm,
                context: context, on: tx)
        }
        return .created(childID)
    }

    /// Writes a validated record, its first involvement, its keys and the audit event, inside the
    /// caller's transaction (so an import can write many records as one).
    static func insert(
        _ cleaned: ChildInput, authorityID: UUID, by actor: AuthenticatedPractitioner, sourceKey: String?,
        confirmedDespiteMatches: Bool,
        context: ServiceContext, on tx: any Database
    ) async throws -> UUID {
        let child = newChild(cleaned, authorityID: authorityID, by: actor, sourceKey: sourceKey)
        let today = CalendarDate(context.now).iso
        do {
            try await child.create(on: tx)
            let childID = try child.requireID()
            let names = try await writeOtherNames(cleaned.otherNames ?? [], of: childID, on: tx)
            try await writeAddress(of: cleaned, childID: childID, recordedOn: today, by: actor, on: tx)
            try await writeCarers(cleaned.carers ?? [], of: childID, on: tx)
            try await writeFirstInvolvement(
                cleaned.involvement, childID: childID, startedOn: today, by: actor, context: context, on: tx)
            try await ChildIndexing.reindex(child, otherNames: names, on: tx)
            try await writeIndexBasis(
                of: cleaned, childID: childID, authorityID: authorityID, by: actor, context: context, on: tx)
            try await inheritShieldOfPossibleDuplicate(of: cleaned, childID: childID, context: context, on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "child.created", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: [
                        "confirmedDespiteMatches": String(confirmedDespiteMatches),
                        "source": sourceKey == nil ? "manual" : "import",
                        "indexBasis": cleaned.indexBasis ?? LawfulBasis.publicTask.rawValue,
                    ]),
                context: context, on: tx)
        }
        return try child.requireID()
    }

    /// The child's own row, not yet saved, with the defaults a record takes when a field was left out.
    private static func newChild(
        _ cleaned: ChildInput, authorityID: UUID, by actor: AuthenticatedPractitioner, sourceKey: String?
    ) -> ChildModel {
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
        return child
    }

    /// Former names and aliases, written in one statement; returned because the index keys need them.
    private static func writeOtherNames(
        _ otherNames: [ChildInput.OtherName], of childID: UUID, on tx: any Database
    ) async throws -> [ChildNameModel] {
        var names: [ChildNameModel] = []
        for other in otherNames {
            let name = ChildNameModel()
            name.$child.id = childID
            name.kind = other.kind ?? "alias"
            name.givenName = other.givenName
            name.familyName = other.familyName
            names.append(name)
        }
        if !names.isEmpty { try await names.create(on: tx) }
        return names
    }

    /// The first entry of the child's address history, when an address was given.
    private static func writeAddress(
        of cleaned: ChildInput, childID: UUID, recordedOn today: String, by actor: AuthenticatedPractitioner,
        on tx: any Database
    ) async throws {
        guard let line = cleaned.addressLine else { return }
        let address = ChildAddressModel()
        address.$child.id = childID
        address.addressLine = line
        address.postcode = cleaned.postcode
        address.recordedOn = today
        address.recordedBy = actor.id
        try await address.create(on: tx)
    }

    private static func writeCarers(_ carers: [ChildInput.Carer], of childID: UUID, on tx: any Database) async throws {
        for carer in carers {
            let row = CarerModel()
            row.$child.id = childID
            row.name = carer.name
            row.relationship = carer.relationship
            row.parentalResponsibility = carer.parentalResponsibility
            row.contact = carer.contact
            try await row.create(on: tx)
        }
    }

    /// A child exists on the index only while it has an involvement: creating it creates the creator's.
    private static func writeFirstInvolvement(
        _ submitted: ChildInput.FirstInvolvement?, childID: UUID, startedOn today: String,
        by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database
    ) async throws {
        let first = submitted ?? .init(role: "Key worker")
        let sensitive = try InvolvementService.sensitiveBasis(
            organisationIsSensitive: actor.organisationSensitive, basis: first.sensitiveBasis,
            note: first.sensitiveBasisNote, fieldPrefix: "involvement.")
        let involvement = InvolvementModel()
        involvement.$child.id = childID
        involvement.$organisation.id = actor.organisationID
        involvement.$practitioner.id = actor.id
        involvement.role = first.role
        involvement.contactPhone = first.contactPhone
        involvement.contactEmail = first.contactEmail ?? actor.email
        involvement.startedOn = today
        involvement.status = InvolvementStatus.active.rawValue
        involvement.leadProfessional = first.leadProfessional ?? false
        involvement.holdsAssessment = false
        involvement.sensitiveBasis = sensitive?.basis
        involvement.sensitiveBasisNote = sensitive?.note
        involvement.createdBy = actor.id
        try await involvement.create(on: tx)
        // The practitioner who creates the record is the first member of the child's team.
        try await TeamMembershipModel(
            childID: childID, practitionerID: actor.id, basis: "creator", admittedBy: nil, at: context.now
        )
        .create(on: tx)
    }

    /// The lawful basis for keeping the child on the index; the authority's data managers are told
    /// when a child is added for safeguarding without consent.
    private static func writeIndexBasis(
        of cleaned: ChildInput, childID: UUID, authorityID: UUID, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws {
        let basis = SharingDecisionModel()
        basis.$child.id = childID
        basis.purpose = SharingPurpose.index.rawValue
        basis.basis = cleaned.indexBasis ?? LawfulBasis.publicTask.rawValue
        basis.reason = cleaned.indexBasisReason
        basis.decidedBy = actor.id
        basis.decidedAt = context.now
        try await basis.create(on: tx)
        if basis.basis == LawfulBasis.safeguarding.rawValue,
            let authority = try await AuthorityModel.find(authorityID, on: tx)
        {
            try await Notifications.notify(
                authority: authority.onsCode, childID: childID, kind: "safeguarding-without-consent",
                message:
                    "\(actor.name) (\(actor.organisationName)) added \(cleaned.givenName) \(cleaned.familyName) to the index for safeguarding without consent: \(cleaned.indexBasisReason ?? "")",
                context: context, on: tx)
        }
    }

    /// A possible duplicate of a shielded child inherits the shield: it may be the same child.
    private static func inheritShieldOfPossibleDuplicate(
        of cleaned: ChildInput, childID: UUID, context: ServiceContext, on tx: any Database
    ) async throws {
        let probe = MatchRecord(
            id: childID.uuidString, givenName: cleaned.givenName, familyName: cleaned.familyName,
            dateOfBirth: cleaned.dateOfBirth.flatMap(CalendarDate.init(iso:)),
            sex: MatchRecord.Sex(loose: cleaned.gender ?? ""),
            postcode: cleaned.postcode ?? "", addressLine: cleaned.addressLine ?? "",
            nhsNumber: cleaned.nhsNumber ?? "")
        let candidates = try await SearchService.scoredCandidates(
            probe, upn: cleaned.upn, excluding: childID,
            matcher: Matcher(model: context.environment.settings.matchModel), on: tx)
        if !candidates.isEmpty {
            let shielded = try await ShieldModel.query(on: tx).filter(
                \.$child.$id ~~ candidates.map { $0.child.id! }
            ).filter(\.$liftedAt == nil).first()
            if let shielded {
                try await ShieldInheritance.inherit(from: shielded.$child.id, to: childID, context: context, on: tx)
            }
        }
    }
}
