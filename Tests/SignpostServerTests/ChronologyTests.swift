import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The chronology of a child's shared record, over HTTP: append-only with corrections, the team's and
/// the data managers' only, a sensitive service's entries kept to that service, withdrawal of consent
/// hiding shared entries at once, and every read and refusal audited.
@Suite("Chronology: the team's append-only record")
struct ChronologyTests {
    @Test func aTeamMemberAddsAnEntryAndItIsSealedAtRest() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            let added = try await team.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit)
            #expect(added.status == .created, "\(added.body.string)")
            let entry = try team.decode(ChronologyService.EntryView.self, added)
            #expect(entry.summary == "Seen at home with her mother; the kitchen was bare.")
            #expect(entry.category == .homeVisit)
            #expect(entry.occurredOn == "2026-11-10")

            let page = try await chronology(team, id)
            #expect(page.entries.map(\.summary).contains("Seen at home with her mother; the kitchen was bare."))
            let stored = try #require(try await ChronologyEntryModel.find(entry.id, on: world.app.db))
            #expect(!stored.summarySealed.contains("kitchen"), "the summary is encrypted at rest")
            #expect(try await world.auditActions().contains("chronology.viewed"))
        }
    }

    @Test func aCorrectionIsANewEntryAndTheOriginalStaysAsItWas() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            let original = try team.decode(
                ChronologyService.EntryView.self,
                try await team.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit))
            let corrected = try await team.send(
                .POST, "/api/v1/children/\(id)/chronology/\(original.id)/corrections",
                json:
                    #"{"occurredOn":"2026-11-11","category":"home-visit","significance":"significant","summary":"The visit was on the 11th, not the 10th."}"#
            )
            #expect(corrected.status == .created, "\(corrected.body.string)")
            let correction = try team.decode(ChronologyService.EntryView.self, corrected)
            #expect(correction.corrects == original.id)

            let entries = try await chronology(team, id).entries
            #expect(entries.count == 2, "both stay")
            let shownOriginal = try #require(entries.first { $0.id == original.id })
            #expect(shownOriginal.summary == original.summary, "the original is unchanged")
            #expect(shownOriginal.correctedBy == [correction.id])
            // An entry that is not this child's cannot be corrected: it is not there.
            let other = try await team.createChild(oliver)
            let elsewhere = try await team.send(
                .POST, "/api/v1/children/\(other)/chronology/\(original.id)/corrections", json: homeVisit)
            #expect(elsewhere.status == .notFound)
        }
    }

    @Test func thereIsNoWayToChangeOrDeleteAnEntry() async throws {
        try await withSignpostApp { world in
            let routes = world.app.routes.all.filter { $0.path.contains { $0.description == "chronology" } }
            #expect(!routes.isEmpty)
            #expect(routes.allSatisfy { $0.method == .GET || $0.method == .POST }, "no PUT, PATCH or DELETE")
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            let entry = try team.decode(
                ChronologyService.EntryView.self,
                try await team.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit))
            for method: HTTPMethod in [.PUT, .PATCH, .DELETE] {
                let response = try await team.send(method, "/api/v1/children/\(id)/chronology/\(entry.id)")
                #expect(response.status == .notFound || response.status == .methodNotAllowed, "\(method)")
            }
            // Even the database refuses an edit.
            let sql = try #require(world.app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.raw(
                    "UPDATE chronology_entries SET significance = 'routine' WHERE id = \(bind: entry.id)"
                ).run()
            }
        }
    }

    @Test func entriesAreForTheTeamAndTheDataManagersOnlyAndEveryRefusalIsAudited() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            _ = try await team.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit)
            let outsider = try await member(world, organisation: "TST-SCH")
            // Even after a reasoned search shows the signpost, the record is not there.
            _ = try await outsider.search(
                #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#)
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/chronology").status == .notFound)
            #expect(
                try await outsider.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit).status
                    == .forbidden)
            let refusal = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "chronology.viewed"
            )
            .filter(\.$outcome == "refused").first()
            #expect(refusal?.actorID == outsider.account.id.uuidString)

            let manager = try await member(world, roles: [.dataManager])
            let managed = try await chronology(manager, id)
            #expect(managed.entries.count == 1)
            let otherManager = try await member(world, organisation: "OTH-CAMHS", roles: [.dataManager])
            #expect(try await otherManager.send(.GET, "/api/v1/children/\(id)/chronology").status == .notFound)
        }
    }

    @Test func aSensitiveServicesEntryIsHiddenFromTheRestOfTheTeam() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            let clinic = try await member(world, organisation: "OTH-CAMHS", name: "Cal Clinician")
            try await admit(clinic, to: id, world)
            let added = try await clinic.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit)
            #expect(added.status == .created, "\(added.body.string)")

            #expect(try await chronology(team, id).entries.isEmpty, "nothing, not even that something was recorded")
            let told = try await team.send(.GET, "/api/v1/notifications").body.string
            #expect(!told.contains("Cal Clinician"), "the team is not told a sensitive service's practitioner joined")
            #expect(try await chronology(clinic, id).entries.count == 1)
            let manager = try await member(world, roles: [.dataManager])
            #expect(try await chronology(manager, id).entries.first?.summary != nil)
        }
    }

    @Test func withdrawingConsentHidesAnotherServicesEntriesOnTheVeryNextRequest() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            let school = try await member(world, organisation: "TST-SCH", name: "Sam Teacher")
            try await admit(school, to: id, world)
            _ = try await school.send(.POST, "/api/v1/children/\(id)/chronology", json: homeVisit)
            func schoolEntries(_ viewer: APIClient) async throws -> Int {
                try await chronology(viewer, id).entries.filter { $0.organisationCode == "TST-SCH" }.count
            }
            #expect(try await schoolEntries(team) == 0, "no consent to share with the team yet")
            #expect(try await schoolEntries(school) == 1, "the school sees its own")

            let consent = try await team.send(.POST, "/api/v1/children/\(id)/consents", json: shareWithTeam)
            #expect(consent.status == .created, "\(consent.body.string)")
            let consentID = try team.decode(GovernanceView.Consent.self, consent).id
            #expect(try await schoolEntries(team) == 1)

            let withdrawn = try await team.send(
                .POST, "/api/v1/consents/\(consentID)/withdraw", json: #"{"note":"Withdrawn by phone"}"#)
            #expect(withdrawn.status == .ok, "\(withdrawn.body.string)")
            #expect(try await schoolEntries(team) == 0, "hidden at once")
        }
    }

    @Test func theSystemRecordsTheTeamsWorkButNothingOfASensitiveService() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            _ = try await team.completedEpisode(of: id)
            let school = try await member(world, organisation: "TST-SCH", name: "Sam Teacher")
            try await admit(school, to: id, world)
            let clinic = try await member(world, organisation: "OTH-CAMHS", name: "Cal Clinician")
            try await admit(clinic, to: id, world)

            let manager = try await member(world, roles: [.dataManager])
            let entries = try await chronology(manager, id).entries
            let words = entries.compactMap(\.summary)
            #expect(entries.allSatisfy { $0.source == .system && $0.category != nil })
            #expect(words.contains { $0.contains("completed an early-help assessment") }, "\(words)")
            #expect(words.contains { $0.contains("Sam Teacher (Testshire School) joined the team") }, "\(words)")
            #expect(!words.contains { $0.contains("Cal Clinician") || $0.contains("CAMHS") }, "no trace of the clinic")
        }
    }

    @Test func badEntriesAndFiltersAreRefusedFieldByField() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            let long = String(repeating: "a", count: ChronologyRules.summaryLimit + 1)
            let refused = try await team.send(
                .POST, "/api/v1/children/\(id)/chronology",
                json:
                    #"{"occurredOn":"31/2/2026","occurredTime":"25:00","category":"team","significance":"huge","summary":"\#(long)"}"#
            )
            #expect(refused.status == .unprocessableEntity)
            let fields = try team.decode(ErrorResponseMiddleware.Problem.self, refused).errors?.map(\.field) ?? []
            #expect(Set(fields) == ["occurredOn", "occurredTime", "category", "significance", "summary"])
            let future = try await team.send(
                .POST, "/api/v1/children/\(id)/chronology",
                json: #"{"occurredOn":"2099-01-01","category":"incident","significance":"routine","summary":"x"}"#)
            #expect(future.status == .unprocessableEntity)
            let filter = try await team.send(.GET, "/api/v1/children/\(id)/chronology?category=nonsense&from=1/13/2026")
            #expect(filter.status == .unprocessableEntity)
            #expect(try await ChronologyEntryModel.query(on: world.app.db).count() == 0, "nothing was written")
        }
    }

    @Test func filtersAndFreeTextFindOnlyWhatTheViewerMayRead() async throws {
        try await withSignpostApp { world in
            let team = try await member(world)
            let id = try await team.createChild(amelia)
            for (day, category, summary) in [
                ("2026-01-10", "referral", "Referred by the school nurse."),
                ("2026-03-02", "home-visit", "Home visit: the flat was cold."),
                ("2026-06-15", "incident", "Police called to the flat."),
            ] {
                let body =
                    #"{"occurredOn":"\#(day)","category":"\#(category)","significance":"significant","summary":"\#(summary)"}"#
                #expect(try await team.send(.POST, "/api/v1/children/\(id)/chronology", json: body).status == .created)
            }
            let all = try await chronology(team, id).entries.map(\.occurredOn)
            #expect(all == ["2026-06-15", "2026-03-02", "2026-01-10"], "newest first")
            #expect(try await chronology(team, id, "?text=FLAT").entries.count == 2)
            #expect(try await chronology(team, id, "?text=flat&category=incident").entries.count == 1)
            #expect(try await chronology(team, id, "?from=2026-02-01&to=2026-03-31").entries.count == 1)
            let viewed = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "chronology.viewed"
            )
            .sort(\.$id, .descending).first()
            #expect(viewed?.details.contains("flat") == false, "the words searched for are never audited")
        }
    }
}

private let homeVisit =
    #"{"occurredOn":"2026-11-10","occurredTime":"10:30","category":"home-visit","significance":"significant","summary":"Seen at home with her mother; the kitchen was bare."}"#
private let shareWithTeam =
    #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":["index","share-assessment"],"method":"written"}"#
private let oliver =
    #""givenName":"Oliver","familyName":"Reed","dateOfBirth":"2014-02-11","gender":"male","postcode":"ls7 1aa","tier":2,"involvement":{"role":"Key worker","contactPhone":"01632 960111","leadProfessional":true}"#

private func member(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner],
    name: String = "Test Worker"
) async throws -> APIClient {
    try await APIClient.signIn(world, try await world.account(roles: roles, organisation: organisation, name: name))
}

/// A data manager of the child's authority admits the practitioner to the team directly.
private func admit(_ practitioner: APIClient, to childID: UUID, _ world: TestWorld) async throws {
    let manager = try await member(world, roles: [.dataManager])
    let body = #"{"practitionerID":"\#(practitioner.account.id)","reason":"Allocated by the authority"}"#
    let admitted = try await manager.send(.POST, "/api/v1/children/\(childID)/members", json: body)
    try #require(admitted.status == .noContent, "\(admitted.body.string)")
}

private func chronology(_ client: APIClient, _ childID: UUID, _ query: String = "") async throws
    -> ChronologyService.Page
{
    let response = try await client.send(.GET, "/api/v1/children/\(childID)/chronology\(query)")
    try #require(response.status == .ok, "\(response.body.string)")
    return try client.decode(ChronologyService.Page.self, response)
}
