import Fluent
import Foundation
import SignpostCore

/// The relationships wheel: the people in the child's life the viewer may read (the carers on the
/// index, and those the team recorded, as `Policy.disclosure` decides for each recorder) and the
/// services involved, each drawn as `Policy.pictureDisclosure` decides: a sensitive service hidden from
/// the viewer is "another service", with no name, role or address.
extension SharedPictureService {
    struct WheelRow: Sendable, Codable, Equatable {
        var name: String
        var ring: String
        var relationship: String
        var basis: String
        var flags: [String]
    }

    struct WheelPage: Sendable, Codable {
        var childName: String
        var svg: String
        var summary: String
        var gaps: [String]
        var rows: [WheelRow]
        /// The viewer may record a person in the child's life (the team; data managers only read).
        var mayRecord: Bool
    }

    func wheel(childID: UUID, by actor: AuthenticatedPractitioner) async throws -> WheelPage {
        try await context.auditedTransaction { context, tx in
            let audit = "picture.relationships-viewed"
            let (loaded, access) = try await ChildGate.authorise(
                childID, .viewSharedPicture, audit: audit, by: actor, context: context, on: tx)
            let ids = try await ChronologyService.recordIDs(of: childID, on: tx)
            var sealed = SealedText(context: context)
            let people = try await Self.people(
                ids, child: loaded, access: access, actor: actor, sealed: &sealed, on: tx)
            let services = try await Self.services(ids, child: loaded, access: access, actor: actor, on: tx)
            let wheel = RelationshipWheel.make(
                WheelInput(
                    childName: "\(loaded.child.givenName) \(loaded.child.familyName)",
                    dateOfBirth: loaded.child.dateOfBirth.flatMap(CalendarDate.init(iso:)), tier: loaded.child.tier,
                    people: people, services: services, today: access.today))
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: actor, subjectType: "child", subjectID: childID.uuidString,
                    details: [
                        "people": String(people.count), "services": String(services.count),
                        "gaps": String(wheel.gaps.count),
                    ]),
                context: context, on: tx)
            // Only an organisation in the team has a chronology to open; a hidden one is never a link.
            let linked = Set(services.filter { !$0.hidden && !$0.fromRecord }.map(\.id))
            let svg = wheel.svg(id: "relationships-wheel") { node in
                linked.contains(node.id) ? SiteURL.chronology(childID, filter: ["organisation": node.id]).path : nil
            }
            return WheelPage(
                childName: "\(loaded.child.givenName) \(loaded.child.familyName)", svg: svg, summary: wheel.summary,
                gaps: wheel.gaps.map(\.text),
                rows: wheel.nodes.map {
                    WheelRow(
                        name: $0.label, ring: $0.ring.label, relationship: $0.detail, basis: $0.basis ?? "",
                        flags: $0.flags.map(\.text) + $0.gapFlags.map(\.text))
                },
                mayRecord: Policy.decide(actor.actor, .recordRelationship, child: loaded.facts, context: access)
                    .isAllowed)
        }
    }

    static func details(of row: RelationshipModel, sealed: inout SealedText, on db: any Database) async throws
        -> RelationshipService.Details
    {
        let text = try await sealed.open(
            row.detailsSealed, authority: row.keyAuthority, context: RelationshipService.sealingContext(row.id!),
            on: db)
        return try JSONDecoder().decode(RelationshipService.Details.self, from: Data(text.utf8))
    }

    /// The carers on the index (the record the team already sees) and the people the team recorded
    /// that the viewer may read.
    private static func people(
        _ ids: [UUID], child: LoadedChild, access: AccessContext, actor: AuthenticatedPractitioner,
        sealed: inout SealedText, on db: any Database
    ) async throws -> [WheelPerson] {
        var people = try await CarerModel.query(on: db).filter(\.$child.$id ~~ ids).all().map { carer in
            WheelPerson(
                id: carer.id!.uuidString, name: carer.name, relationship: carer.relationship, livesWithChild: false,
                parentalResponsibility: carer.parentalResponsibility, basis: "On the child index", fromIndex: true)
        }
        let rows = try await RelationshipModel.query(on: db).filter(\.$childID ~~ ids).sort(\.$recordedAt).all()
        for row in rows {
            let item = SharedRecordItem(organisationCode: row.organisationCode, sensitive: row.sensitive)
            guard Policy.disclosure(of: item, to: actor.actor, child: child.facts, context: access) == .full else {
                continue
            }
            let details = try await details(of: row, sealed: &sealed, on: db)
            people.append(
                WheelPerson(
                    id: row.id!.uuidString, name: details.name, relationship: details.relationship,
                    livesWithChild: row.livesWithChild, parentalResponsibility: row.parentalResponsibility,
                    basis: details.basis, recordedOn: CalendarDate(row.recordedAt),
                    joinedHouseholdOn: row.joinedHouseholdOn.flatMap(CalendarDate.init(iso:))))
        }
        return people
    }

    /// One node per organisation involved now, in full or as "another service"; its last contact is the
    /// latest the viewer reads in full.
    private static func services(
        _ ids: [UUID], child: LoadedChild, access: AccessContext, actor: AuthenticatedPractitioner,
        on db: any Database
    ) async throws -> [WheelService] {
        var lastContact: [String: CalendarDate] = [:]
        let rows = try await AgencyContactService.factRows(ids, on: db)
        let shown = AgencyContactService.disclosures(of: rows, child: child, access: access, actor: actor)
        for (row, disclosure) in zip(rows, shown) where disclosure == .full {
            guard let day = CalendarDate(iso: row.occurredOn) else { continue }
            lastContact[row.organisationCode] = max(lastContact[row.organisationCode] ?? day, day)
        }
        var byOrganisation: [String: WheelService] = [:]
        var hidden = 0
        for involvement in child.active {
            let shown = Policy.pictureDisclosure(
                of: child.member(involvement), to: actor.actor, child: child.facts, context: access)
            guard shown != .hidden else { continue }
            guard shown == .full else {
                hidden += 1
                // No name, kind, role or dates: and never a "no recent contact" gap that would date it.
                byOrganisation["another-service-\(hidden)"] = WheelService(
                    id: "another-service-\(hidden)", name: "Another service", organisationKind: "another-service",
                    hidden: true, lastContact: access.today)
                continue
            }
            let organisation = involvement.organisation
            var service =
                byOrganisation[organisation.code]
                ?? WheelService(
                    id: organisation.code, name: organisation.name, organisationKind: organisation.kind,
                    hidden: false, role: involvement.role, reason: involvement.role,
                    startedOn: CalendarDate(iso: involvement.startedOn), lastContact: lastContact[organisation.code])
            service.leadProfessional = service.leadProfessional || involvement.leadProfessional
            byOrganisation[organisation.code] = service
        }
        return byOrganisation.values.sorted { $0.id < $1.id } + recorded(child, access: access, actor: actor)
    }

    /// The GP practice and the school written on the child's index record, where the viewer may read the
    /// record: they are the child's universal services even when nobody from them is in the team, so a
    /// child registered with a GP is not drawn with the gap of having none. They are not involvements:
    /// no link, no contact, no lapse.
    private static func recorded(_ child: LoadedChild, access: AccessContext, actor: AuthenticatedPractitioner)
        -> [WheelService]
    {
        guard Policy.decide(actor.actor, .viewRecord, child: child.facts, context: access).isAllowed else {
            return []
        }
        let onRecord: [(id: String, name: String?, kind: String, role: String)] = [
            ("record-gp-practice", child.child.gpPractice, "gp-practice", "Registered GP practice"),
            ("record-school", child.child.schoolName, "school", "School attended"),
        ]
        return onRecord.compactMap { entry in
            guard let name = entry.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
            return WheelService(
                id: entry.id, name: name, organisationKind: entry.kind, role: entry.role,
                reason: "On the child's index record", fromRecord: true)
        }
    }
}
