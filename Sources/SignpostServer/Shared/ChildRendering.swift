import Fluent
import Foundation
import SQLKit
import SignpostCore

/// The child as the policy's disclosure lets this actor see it: the one view every feature returns.
enum ChildRendering {
    /// Builds the view from the policy's disclosure only: what the actor may see, and what they may do.
    static func render(
        _ loaded: LoadedChild, for actor: AuthenticatedPractitioner, access: AccessContext, on db: any Database
    ) async throws -> SignpostView {
        let disclosure = Policy.disclose(loaded.facts, to: actor.actor, context: access)
        var view = try signpost(loaded, disclosure: disclosure)
        if disclosure.showsRecord {
            view.record = try await recordDetails(loaded, on: db)
        }
        if disclosure.showsGovernance {
            view.governance = try await GovernanceView.make(
                loaded, for: actor.actor, today: access.today, dataManager: disclosure.governanceAsDataManager, on: db)
        }
        return view
    }

    /// The signpost every visible child has: identity essentials, the involvements shown and who to
    /// contact. The record and governance are added by `render` only when disclosed.
    private static func signpost(_ loaded: LoadedChild, disclosure: ChildDisclosure) throws -> SignpostView {
        let child = loaded.child
        let authority = loaded.authority
        let active = loaded.active
        let visible = disclosure.shownInvolvements.map { active[$0] }
        let lead = visible.first { $0.leadProfessional }
        let assessor = visible.first { $0.holdsAssessment }
        return SignpostView(
            id: loaded.id, visibility: disclosure.visibility.description,
            givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth,
            expectedDelivery: child.expectedDelivery, gender: child.gender,
            authority: .init(
                code: authority.onsCode, name: authority.name, officeHoursPhone: authority.officeHoursPhone,
                emergencyDutyPhone: authority.emergencyDutyPhone),
            involvements: try visible.map(Self.involvementView),
            leadProfessional: lead.map { "\($0.practitioner.name), \($0.organisation.name)" },
            assessmentHeldBy: assessor.map {
                "\($0.practitioner.name), \($0.organisation.name)" + ($0.contactPhone.map { " (\($0))" } ?? "")
            },
            shielded: disclosure.showsShield,
            anotherServiceInvolved: disclosure.showsBrokeredContactNotice,
            brokeringRoute:
                "\(authority.name) data manager, on \(authority.officeHoursPhone) in office hours (emergency duty team: \(authority.emergencyDutyPhone))",
            breakGlassActive: disclosure.breakGlassActive,
            teamMember: disclosure.isTeamMember,
            shieldedSignpost: disclosure.isShieldedSignpost,
            may: permissions(disclosure),
            record: nil, governance: nil)
    }

    /// What the viewer may do next, from the disclosure. Break-glass is offered only while the record
    /// is not open already.
    private static func permissions(_ disclosure: ChildDisclosure) -> SignpostView.Permissions {
        SignpostView.Permissions(
            addInvolvement: disclosure.may(.addInvolvement),
            requestBrokeredContact: disclosure.may(.requestBrokeredContact),
            recordConsent: disclosure.may(.recordConsent), viewAccesses: disclosure.may(.viewAccesses),
            shield: disclosure.may(.shield),
            breakGlass: disclosure.may(.breakGlass) && !disclosure.showsRecord, merge: disclosure.may(.merge),
            startAssessment: disclosure.may(.startAssessment), requestToJoin: disclosure.may(.requestToJoin),
            admitDirectly: disclosure.may(.admitDirectly))
    }

    /// The index record, read only once the disclosure shows it: other names, address history, carers
    /// and who created it.
    private static func recordDetails(_ loaded: LoadedChild, on db: any Database) async throws -> RecordDetails {
        let child = loaded.child
        let sql = try ModelRows.sql(db)
        let own = try await ChildFactsQueries.recordTables.load([loaded.id], on: sql)
        let names = own[0].compactMap { $0 as? ChildNameModel }
        // Newest first; ties by id, so the order is stable.
        let addresses = own[1].compactMap { $0 as? ChildAddressModel }.sorted {
            ($0.recordedOn, $1.id!.uuidString) > ($1.recordedOn, $0.id!.uuidString)
        }
        let carers = own[2].compactMap { $0 as? CarerModel }
        var creator: String?
        if let createdBy = child.createdBy {
            creator = try await sql.raw("SELECT name FROM practitioners WHERE id = \(bind: createdBy)").first()?
                .decode(column: "name", as: String.self)
        }
        return RecordDetails(
            whereabouts: child.whereabouts, addressLine: child.addressLine, postcode: child.postcode,
            nhsNumber: child.nhsNumber,
            upn: child.upn, schoolName: child.schoolName, schoolStartedOn: child.schoolStartedOn,
            gpPractice: child.gpPractice,
            tier: child.tier,
            otherNames: names.map { .init(kind: $0.kind, givenName: $0.givenName, familyName: $0.familyName) },
            addressHistory: addresses.map {
                .init(addressLine: $0.addressLine, postcode: $0.postcode, recordedOn: $0.recordedOn)
            },
            carers: carers.map {
                .init(
                    name: $0.name, relationship: $0.relationship, parentalResponsibility: $0.parentalResponsibility,
                    contact: $0.contact)
            },
            createdBy: creator, createdAt: child.createdAt, updatedAt: child.updatedAt)
    }

    static func involvementView(_ involvement: InvolvementModel) throws -> SignpostView.Involvement {
        SignpostView.Involvement(
            id: try involvement.requireID(), organisation: involvement.organisation.name,
            organisationKind: involvement.organisation.kind,
            practitioner: involvement.practitioner.name, role: involvement.role, contactPhone: involvement.contactPhone,
            contactEmail: involvement.contactEmail, startedOn: involvement.startedOn,
            leadProfessional: involvement.leadProfessional,
            holdsAssessment: involvement.holdsAssessment, sensitive: involvement.organisation.sensitive)
    }
}
