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
        let searchable = cleaned.nhsNumber != nil || cleaned.upn != nil || cleaned.dateOfBirth != nil || cleaned.postcode != nil
        if !confirm && searchable {
            guard let reason, !reason.code.isEmpty else {
                throw ServiceError.validation([.init(
                    field: "reason", message: "Choose why you are checking the index for this child, as for a search.")])
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
            let sensitive = try InvolvementService.sensitiveBasis(
                organisationIsSensitive: actor.organisationSensitive, basis: first.sensitiveBasis, note: first.sensitiveBasisNote, fieldPrefix: "involvement.")
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
            involvement.sensitiveBasis = sensitive?.basis
            involvement.sensitiveBasisNote = sensitive?.note
            involvement.createdBy = actor.id
            try await involvement.create(on: tx)
            // The practitioner who creates the record is the first member of the child's team.
            try await TeamMembershipModel(childID: childID, practitionerID: actor.id, basis: "creator", admittedBy: nil, at: context.now)
                .create(on: tx)
            try await ChildIndexing.reindex(child, otherNames: names, on: tx)
            let basis = SharingDecisionModel()
            basis.$child.id = childID
            basis.purpose = SharingPurpose.index.rawValue
            basis.basis = cleaned.indexBasis ?? LawfulBasis.publicTask.rawValue
            basis.reason = cleaned.indexBasisReason
            basis.decidedBy = actor.id
            basis.decidedAt = context.now
            try await basis.create(on: tx)
            if basis.basis == LawfulBasis.safeguarding.rawValue, let authority = try await AuthorityModel.find(authorityID, on: tx) {
                try await NotificationService.notify(
                    authority: authority.onsCode, childID: childID, kind: "safeguarding-without-consent",
                    message: "\(actor.name) (\(actor.organisationName)) added \(cleaned.givenName) \(cleaned.familyName) to the index for safeguarding without consent: \(cleaned.indexBasisReason ?? "")",
                    context: context, on: tx)
            }
            // A possible duplicate of a shielded child inherits the shield: it may be the same child.
            let probe = MatchRecord(
                id: childID.uuidString, givenName: cleaned.givenName, familyName: cleaned.familyName,
                dateOfBirth: cleaned.dateOfBirth.flatMap(CalendarDate.init(iso:)), sex: MatchRecord.Sex(loose: cleaned.gender ?? ""),
                postcode: cleaned.postcode ?? "", addressLine: cleaned.addressLine ?? "", nhsNumber: cleaned.nhsNumber ?? "")
            let candidates = try await SearchService.scoredCandidates(probe, upn: cleaned.upn, excluding: childID, on: tx)
            if !candidates.isEmpty {
                let shielded = try await ShieldModel.query(on: tx).filter(\.$child.$id ~~ candidates.map { $0.child.id! }).filter(\.$liftedAt == nil).first()
                if let shielded { try await ShieldService.inherit(from: shielded.$child.id, to: childID, context: context, on: tx) }
            }
            try await AuditLog.append(
                AuditDraft(action: "child.created", actor: actor, subjectType: "child", subjectID: childID.uuidString,
                           details: ["confirmedDespiteMatches": String(confirmedDespiteMatches), "source": sourceKey == nil ? "manual" : "import",
                                     "indexBasis": cleaned.indexBasis ?? LawfulBasis.publicTask.rawValue]),
                context: context, on: tx)
        }
        return try child.requireID()
    }

    // MARK: Viewing

    /// The child as this actor may see it, or 404 for anyone the policy gives nothing. Audited either way.
    func view(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> SignpostView {
        try await context.auditedTransaction { context, tx in
            let loaded = try await Self.loadOrRefuse(childID, action: "child.viewed", by: actor, context: context, on: tx)
            let (access, reason) = try await ChildFactsLoader.context(for: actor, childID: childID, now: context.now, on: tx)
            let visibility = Policy.visibility(of: loaded.facts, to: actor.actor, context: access)
            try await AccessRecorder.recordRead(loaded, action: "child.viewed", what: visibility.description, by: actor, access: access, reason: reason, context: context, on: tx)
            guard visibility != .nothing else {
                throw Refusal.notFound()
            }
            return try await Self.render(loaded, for: actor, access: access, on: tx)
        }
    }

    /// Loads the child, or audits the refusal and answers 404: a merged or unknown record looks the
    /// same as one the actor may not see.
    static func loadOrRefuse(_ childID: UUID, action: String, by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database) async throws -> LoadedChild {
        guard let loaded = try await ChildFactsLoader.load(childID, on: tx) else {
            // As for a child that exists: how the actor reached it (nothing, here).
            _ = try await ChildFactsLoader.context(for: actor, childID: childID, now: context.now, on: tx)
            try await AuditLog.append(
                AuditDraft(action: action, actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
                           details: ["visibility": "nothing", "why": "no such record"]),
                context: context, on: tx)
            throw Refusal.notFound()
        }
        return loaded
    }

    /// Loads the child and asks the policy for one action in this request's context. A refusal is
    /// audited and answered like a missing record (404) when the policy hides the child, or with the
    /// policy's reason (403) where the caller may know the child exists. Every action service starts here.
    static func authorise(
        _ childID: UUID, _ action: ChildAction, audit: String, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> (LoadedChild, AccessContext) {
        let loaded = try await loadOrRefuse(childID, action: audit, by: actor, context: context, on: tx)
        let (access, _) = try await ChildFactsLoader.context(for: actor, childID: childID, now: context.now, on: tx)
        let decision = Policy.decide(actor.actor, action, child: loaded.facts, context: access)
        if case .deny(let reason) = decision {
            try await AuditLog.append(
                AuditDraft(action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString, outcome: .refused,
                           details: ["why": decision.isHidden ? "not found" : "forbidden"]),
                context: context, on: tx)
            throw decision.isHidden ? Refusal.notFound() : Refusal.forbidden(reason)
        }
        return (loaded, access)
    }

    /// Builds the view from the policy's disclosure only: what the actor may see, and what they may do.
    static func render(_ loaded: LoadedChild, for actor: AuthenticatedPractitioner, access: AccessContext, on db: any Database) async throws -> SignpostView {
        let disclosure = Policy.disclose(loaded.facts, to: actor.actor, context: access)
        let child = loaded.child
        let authority = loaded.authority
        let active = loaded.active
        let visible = disclosure.shownInvolvements.map { active[$0] }
        let lead = visible.first { $0.leadProfessional }
        let assessor = visible.first { $0.holdsAssessment }
        var view = SignpostView(
            id: loaded.id, visibility: disclosure.visibility.description,
            givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth,
            expectedDelivery: child.expectedDelivery, gender: child.gender,
            authority: .init(code: authority.onsCode, name: authority.name, officeHoursPhone: authority.officeHoursPhone, emergencyDutyPhone: authority.emergencyDutyPhone),
            involvements: try visible.map(Self.involvementView),
            leadProfessional: lead.map { "\($0.practitioner.name), \($0.organisation.name)" },
            assessmentHeldBy: assessor.map { "\($0.practitioner.name), \($0.organisation.name)" + ($0.contactPhone.map { " (\($0))" } ?? "") },
            shielded: disclosure.showsShield,
            anotherServiceInvolved: disclosure.showsBrokeredContactNotice,
            brokeringRoute: "\(authority.name) data manager, on \(authority.officeHoursPhone) in office hours (emergency duty team: \(authority.emergencyDutyPhone))",
            breakGlassActive: disclosure.breakGlassActive,
            teamMember: disclosure.isTeamMember,
            shieldedSignpost: disclosure.isShieldedSignpost,
            may: .init(
                addInvolvement: disclosure.may(.addInvolvement), requestBrokeredContact: disclosure.may(.requestBrokeredContact),
                recordConsent: disclosure.may(.recordConsent), viewAccesses: disclosure.may(.viewAccesses), shield: disclosure.may(.shield),
                breakGlass: disclosure.may(.breakGlass) && !disclosure.showsRecord, merge: disclosure.may(.merge),
                startAssessment: disclosure.may(.startAssessment), requestToJoin: disclosure.may(.requestToJoin),
                admitDirectly: disclosure.may(.admitDirectly)),
            record: nil, governance: nil)
        if disclosure.showsRecord {
            let names = try await ChildNameModel.query(on: db).filter(\.$child.$id == loaded.id).all()
            let addresses = try await ChildAddressModel.query(on: db).filter(\.$child.$id == loaded.id).sort(\.$recordedOn, .descending).all()
            let carers = try await CarerModel.query(on: db).filter(\.$child.$id == loaded.id).all()
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
        if disclosure.showsGovernance {
            view.governance = try await GovernanceView.make(loaded, for: actor.actor, today: access.today, dataManager: disclosure.governanceAsDataManager, on: db)
        }
        return view
    }

    static func involvementView(_ involvement: InvolvementModel) throws -> SignpostView.Involvement {
        SignpostView.Involvement(
            id: try involvement.requireID(), organisation: involvement.organisation.name, organisationKind: involvement.organisation.kind,
            practitioner: involvement.practitioner.name, role: involvement.role, contactPhone: involvement.contactPhone,
            contactEmail: involvement.contactEmail, startedOn: involvement.startedOn, leadProfessional: involvement.leadProfessional,
            holdsAssessment: involvement.holdsAssessment, sensitive: involvement.organisation.sensitive)
    }
}
