import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Agency contacts: recorded by the team or a sending system, idempotent by the sender's reference,
/// imported from CSV with rejects, kept from strangers, and the picture of contact (not seen for N
/// days, the agreed frequency, persistent absence) computed from what the viewer may see.
@Suite("Agency contacts")
struct AgencyContactTests {
    @Test func aRepeatedReferenceChangesNothingAndAnotherChildsReferenceIsRefused() async throws {
        try await withSignpostApp { world in
            let team = try await practitioner(world)
            let id = try await team.createChild(amelia)
            let path = "/api/v1/children/\(id)/contacts"
            let first = try await team.send(.POST, path, json: visit(reference: "HV-1001"))
            #expect(first.status == .created, "\(first.body.string)")
            let again = try await team.send(.POST, path, json: visit(reference: "HV-1001"))
            #expect(again.status == .ok)
            #expect(
                try team.decode(AgencyContactService.ContactView.self, again).id
                    == (try team.decode(AgencyContactService.ContactView.self, first)).id)
            #expect(try await AgencyContactModel.query(on: world.app.db).count() == 1)
            let other = try await team.createChild(
                #""givenName":"Noah","familyName":"Patel","dateOfBirth":"2019-05-02","gender":"male","postcode":"ls8 2aa","tier":2,"involvement":{"role":"Key worker","contactPhone":"01632 960333","leadProfessional":true}"#
            )
            #expect(
                try await team.send(.POST, "/api/v1/children/\(other)/contacts", json: visit(reference: "HV-1001"))
                    .status == .conflict)
            let refused = try await team.send(
                .POST, path, json: #"{"occurredOn":"2099-01-01","kind":"visit","outcome":"seen","childSeen":false}"#)
            #expect(refused.status == .unprocessableEntity)
            let fields = Set(try team.decode(ErrorResponseMiddleware.Problem.self, refused).errors?.map(\.field) ?? [])
            #expect(fields == ["occurredOn", "kind"])
        }
    }

    @Test func aChildNotSeenForLongerThanTheAgreedFrequencyShowsSo() async throws {
        try await withSignpostApp { world in
            let team = try await practitioner(world)
            let id = try await team.createChild(amelia)
            let seenOn = CalendarDate(world.clock.now).adding(days: -40).iso
            let body =
                #"{"occurredOn":"\#(seenOn)","kind":"home-visit","outcome":"seen","childSeen":true,"seenAlone":true,"note":"Seen in her room."}"#
            #expect(try await team.send(.POST, "/api/v1/children/\(id)/contacts", json: body).status == .created)
            let picture = try await contacts(team, id).picture
            #expect(picture.daysSinceSeen == 40)
            #expect(picture.notSeenTooLong, "over 28 days without an agreed frequency")
            // The lead professional's caseload and the child page say so too.
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(
                try await browser.signIn(team.account, code: team.account.code(at: world.clock.now)).status
                    == .seeOther)
            #expect(try await browser.get("/").body.string.contains("Not seen for 40 days"))
            #expect(try await browser.get("/children/\(id)").body.string.contains("Not seen for 40 days"))
            #expect(
                try await team.send(.POST, "/api/v1/children/\(id)/contact-frequency", json: #"{"everyDays":60}"#)
                    .status == .noContent)
            let agreed = try await contacts(team, id)
            #expect(!agreed.picture.notSeenTooLong)
            #expect(agreed.picture.frequencyDays == 60)
            #expect(agreed.contacts.first?.note == "Seen in her room.")
            let outsider = try await practitioner(world, organisation: "TST-SCH")
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/contacts").status == .notFound)
        }
    }

    @Test func anImportTakesOnlyItsOwnChildrenRejectsWithReasonsAndIsIdempotent() async throws {
        try await withSignpostApp { world in
            let team = try await practitioner(world)
            let id = try await team.createChild(amelia)
            let today = CalendarDate(world.clock.now)
            func week(_ weeksAgo: Int, attended: Int) -> [String: String] {
                [
                    "reference": "ATT-\(weeksAgo)", "nhs_number": "999 000 0018",
                    "date": today.adding(days: -7 * weeksAgo).iso, "kind": "school-attendance", "outcome": "seen",
                    "child_seen": attended > 0 ? "yes" : "no", "sessions_possible": "10",
                    "sessions_attended": String(attended),
                ]
            }
            let rows: [(line: Int, fields: [String: String])] = [
                (2, week(1, attended: 6)), (3, week(2, attended: 8)), (4, week(3, attended: 9)),
                (
                    5,
                    [
                        "reference": "X-1", "nhs_number": "9990000026", "date": today.iso, "kind": "meeting",
                        "outcome": "seen",
                    ]
                ),
                (
                    6,
                    [
                        "reference": "X-2", "child_id": id.uuidString, "date": "31/02/2026", "kind": "meeting",
                        "outcome": "seen",
                    ]
                ),
                (7, ["child_id": id.uuidString, "date": today.iso, "kind": "meeting", "outcome": "seen"]),
            ]
            let service = AgencyContactService(context: world.context)
            let report = try await service.importRows(rows, organisationCode: "TST-CSC") { _, _ in }
            #expect(report.imported == 3)
            #expect(report.rejected.map(\.line) == [5, 6, 7], "\(report.rejected)")
            #expect(report.rejected[0].reason.contains("No single child known to TST-CSC"))
            let again = try await service.importRows(rows, organisationCode: "TST-CSC") { _, _ in }
            #expect(again.imported == 0 && again.alreadyPresent == 3)
            // A school not involved with Amelia writes nothing to her record.
            let stranger = try await service.importRows(Array(rows.prefix(1)), organisationCode: "TST-SCH") { _, _ in }
            #expect(stranger.imported == 0 && stranger.rejected.count == 1)

            let picture = try await contacts(team, id).picture
            let expected = 23.0 / 30.0 * 100
            if today.month >= 9 || today.month <= 7 {
                #expect(picture.attendancePercent.map { abs($0 - expected) < 0.001 } ?? false, "\(picture)")
                #expect(picture.persistentAbsence)
            }
            #expect(try await world.auditActions().contains("contacts.imported"))
        }
    }

    @Test func aSensitiveServicesContactIsHiddenFromTheRestOfTheTeam() async throws {
        try await withSignpostApp { world in
            let team = try await practitioner(world)
            let id = try await team.createChild(amelia)
            let clinic = try await practitioner(world, organisation: "OTH-CAMHS")
            let manager = try await practitioner(world, roles: [.dataManager])
            let body = #"{"practitionerID":"\#(clinic.account.id)","reason":"Allocated by the authority"}"#
            try #require(
                try await manager.send(.POST, "/api/v1/children/\(id)/members", json: body).status == .noContent)
            let seen = CalendarDate(world.clock.now).adding(days: -1).iso
            let contact = #"{"occurredOn":"\#(seen)","kind":"appointment","outcome":"seen","childSeen":true}"#
            #expect(try await clinic.send(.POST, "/api/v1/children/\(id)/contacts", json: contact).status == .created)
            let shown = try await contacts(team, id)
            #expect(shown.contacts.isEmpty)
            #expect(shown.picture.lastSeen == nil, "the picture counts only what the viewer may see")
            #expect(try await contacts(clinic, id).contacts.count == 1)
            #expect(try await contacts(manager, id).picture.daysSinceSeen == 1)
        }
    }
}

private func visit(reference: String) -> String {
    #"{"occurredOn":"2026-11-10","kind":"home-visit","outcome":"seen","childSeen":true,"reference":"\#(reference)"}"#
}

private func practitioner(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner]
) async throws -> APIClient {
    try await APIClient.signIn(world, try await world.account(roles: roles, organisation: organisation))
}

private func contacts(_ client: APIClient, _ childID: UUID) async throws -> AgencyContactService.ContactsPage {
    let response = try await client.send(.GET, "/api/v1/children/\(childID)/contacts")
    try #require(response.status == .ok, "\(response.body.string)")
    return try client.decode(AgencyContactService.ContactsPage.self, response)
}
