import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The team's shared picture over HTTP and on the pages: only for the team and the data managers,
/// audited as reads of what each picture was drawn from, and drawn only from what the viewer may read.
@Suite("Shared picture: contact graph, word cloud, relationships wheel")
struct SharedPictureTests {
    static let pictures = ["contact-graph", "word-cloud", "relationships"]

    @Test func thePicturesAreForTheTeamAndTheDataManagersAndEveryReadIsAudited() async throws {
        try await withSignpostApp { world in
            let lead = try await client(world)
            let id = try await lead.createChild(amelia)
            let manager = try await client(world, roles: [.dataManager])
            let outsider = try await client(world, organisation: "TST-SCH")
            _ = try await outsider.search(
                #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#)
            for picture in Self.pictures {
                let path = "/api/v1/children/\(id)/\(picture)"
                #expect(try await lead.send(.GET, path).status == .ok, "\(picture) for the lead")
                #expect(try await manager.send(.GET, path).status == .ok, "\(picture) for the data manager")
                let refused = try await outsider.send(.GET, path)
                #expect(refused.status == .notFound, "\(picture): not even after a search")
            }
            let events = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action ~~ [
                    "picture.contacts-viewed", "picture.words-viewed", "picture.relationships-viewed",
                ]
            ).all()
            #expect(events.filter { $0.outcome == "success" }.count == 6)
            #expect(events.count == 9, "each read and each refusal is audited")
            #expect(events.filter { $0.outcome == "refused" }.count == 3)
            let person = #"{"name":"Dave","livesWithChild":true}"#
            #expect(
                try await outsider.send(.POST, "/api/v1/children/\(id)/relationships", json: person).status
                    == .forbidden, "after a search the outsider knows the child is there, but is not in the team")
            let stranger = try await client(world, organisation: "TST-SCH")
            #expect(
                try await stranger.send(.POST, "/api/v1/children/\(id)/relationships", json: person).status
                    == .notFound)
            #expect(
                try await manager.send(.POST, "/api/v1/children/\(id)/relationships", json: person).status
                    == .forbidden, "data managers read the picture; the team records in it")
        }
    }

    @Test func theWheelFlagsAnUnexplainedAdultAndNamesEachGap() async throws {
        try await withSignpostApp { world in
            let lead = try await client(world)
            let id = try await lead.createChild(amelia)
            let refused = try await lead.send(
                .POST, "/api/v1/children/\(id)/relationships",
                json: #"{"name":" ","joinedHouseholdOn":"2099-01-01"}"#)
            #expect(refused.status == .unprocessableEntity)
            let fields = try lead.decode(ErrorResponseMiddleware.Problem.self, refused).errors?.map(\.field) ?? []
            #expect(Set(fields) == ["name", "joinedHouseholdOn"])
            #expect(try await RelationshipModel.query(on: world.app.db).count() == 0, "nothing written")
            let dave = try await lead.send(
                .POST, "/api/v1/children/\(id)/relationships",
                json: #"{"name":"Dave Marsh","livesWithChild":true,"joinedHouseholdOn":"2026-10-01"}"#)
            #expect(dave.status == .created, "\(dave.body.string)")
            let nan = try await lead.send(
                .POST, "/api/v1/children/\(id)/relationships",
                json: #"{"name":"Joan Smith","relationship":"grandmother","basis":"Told by mother at a home visit"}"#)
            #expect(nan.status == .created)
            let wheel = try lead.decode(
                SharedPictureService.WheelPage.self, try await lead.send(.GET, "/api/v1/children/\(id)/relationships"))
            let daveRow = try #require(wheel.rows.first { $0.name == "Dave Marsh" })
            #expect(daveRow.flags.contains(UnexplainedRole.livesWithChildWithoutRelationship.text))
            #expect(daveRow.flags.contains(UnexplainedRole.newAdultInHousehold.text))
            let joan = try #require(wheel.rows.first { $0.name == "Joan Smith" })
            #expect(joan.flags.isEmpty, "a recorded relationship and basis explain her")
            #expect(wheel.rows.contains { $0.name == "Dawn Smith" && $0.basis == "On the child index" })
            // Amelia (born 2016) is of compulsory school age and only social care is involved.
            #expect(wheel.gaps.contains(WheelGap.noGP.text))
            #expect(wheel.gaps.contains(WheelGap.noEducationSetting.text))
            #expect(!wheel.gaps.contains(WheelGap.noHealthVisitor.text), "she is over 5")
            #expect(wheel.svg.hasPrefix("<svg ") && wheel.svg.contains(#"role="group""#), "its nodes link, so a group")
            #expect(wheel.svg.contains("Dave Marsh"))
            // The details are sealed at rest.
            let rows = try await RelationshipModel.query(on: world.app.db).all()
            #expect(rows.count == 2 && rows.allSatisfy { !$0.detailsSealed.contains("Marsh") })
        }
    }

    @Test func theCloudHoldsOnlyWhatTheViewerMayReadAndNoNames() async throws {
        try await withSignpostApp { world in
            let lead = try await client(world)
            let id = try await lead.createChild(amelia)
            _ = try await lead.completedEpisode(of: id)  // the family declined sharing the assessment
            let manager = try await client(world, roles: [.dataManager])
            let school = try await client(world, organisation: "TST-SCH")
            let clinic = try await client(world, organisation: "OTH-CAMHS")
            for member in [school, clinic] { try await admit(member, to: id, by: manager) }
            let leadEntry =
                #"{"occurredOn":"2026-11-10","category":"home-visit","significance":"routine","summary":"Amelia and Dawn Smith at home; the garden shed was locked. Call 07700 900123."}"#
            let clinicEntry =
                #"{"occurredOn":"2026-11-11","category":"appointment","significance":"routine","summary":"Talked about the trampoline and contraception."}"#
            let schoolEntry =
                #"{"occurredOn":"2026-11-12","category":"meeting","significance":"routine","summary":"Homework club started; homework handed in."}"#
            for (author, body) in [(lead, leadEntry), (clinic, clinicEntry), (school, schoolEntry)] {
                let added = try await author.send(.POST, "/api/v1/children/\(id)/chronology", json: body)
                try #require(added.status == .created, "\(added.body.string)")
            }
            func words(_ viewer: APIClient) async throws -> SharedPictureService.WordCloudPage {
                let response = try await viewer.send(.GET, "/api/v1/children/\(id)/word-cloud")
                try #require(response.status == .ok, "\(response.body.string)")
                return try viewer.decode(SharedPictureService.WordCloudPage.self, response)
            }
            let byLead = try await words(lead)
            let leadWords = Set(byLead.terms.map(\.word))
            #expect(leadWords.contains("shed") && leadWords.contains("garden"))
            #expect(byLead.includesAssessment, "the assessor's own organisation reads the assessment")
            #expect(byLead.terms.contains { $0.word == "attendance" && $0.sources == ["assessment"] })
            #expect(!leadWords.contains("trampoline"), "the clinic's entry is the clinic's")
            #expect(!leadWords.contains("homework"), "no consent to share the school's entries with the lead")
            for hidden in ["amelia", "dawn", "smith", "jones", "07700", "900123"] {
                #expect(!byLead.svg.lowercased().contains(">\(hidden)<"), "\(hidden) is never a word")
                #expect(!leadWords.contains(hidden), "\(hidden) is never a word")
            }
            let bySchool = try await words(school)
            #expect(!bySchool.includesAssessment, "sharing the assessment was declined")
            #expect(!bySchool.terms.contains { $0.word == "attendance" })
            #expect(bySchool.terms.contains { $0.word == "homework" && $0.count == 2 })
            let byClinic = try await words(clinic)
            #expect(byClinic.terms.contains { $0.word == "trampoline" })
            #expect(!byClinic.terms.contains { $0.word.hasPrefix("contracept") }, "a sensitive term is suppressed")
            #expect(
                byClinic.terms.first { $0.word == "trampoline" }?.link
                    == "/children/\(id.uuidString)/chronology?text=trampoline")
        }
    }

    @Test func theGraphCountsContactsByMonthAndNamesAGapOnThePage() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let lead = try await APIClient.signIn(world, account)
            let id = try await lead.createChild(amelia)
            for (day, reference) in [("2026-08-03", "A"), ("2026-08-20", "B"), ("2026-10-05", "C")] {
                let body =
                    #"{"occurredOn":"\#(day)","kind":"home-visit","outcome":"seen","childSeen":true,"reference":"\#(reference)"}"#
                try #require(
                    try await lead.send(.POST, "/api/v1/children/\(id)/contacts", json: body).status == .created)
            }
            let graph = try lead.decode(
                SharedPictureService.ContactGraphPage.self,
                try await lead.send(.GET, "/api/v1/children/\(id)/contact-graph?from=2026-08&to=2026-10"))
            #expect(graph.months == ["Aug 2026", "Sep 2026", "Oct 2026"])
            let row = try #require(graph.rows.first { $0.organisation == "Testshire Children's Social Care" })
            #expect(row.counts == [2, 0, 1])
            #expect(
                try await lead.send(.GET, "/api/v1/children/\(id)/contact-graph?from=2026-13").status
                    == .unprocessableEntity)

            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
            let page = try await browser.get("/children/\(id)/contact-graph?fromMonth=2026-08&toMonth=2026-10")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="app-picture""#))
            #expect(html.contains(#"id="graph-table""#) && html.contains("Sep 2026"))
            #expect(html.contains("chronology?from=2026-08-01&amp;organisation=TST-CSC&amp;to=2026-08-31"))
            let bad = try await browser.get("/children/\(id)/contact-graph?fromMonth=soon")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("The first month must be a month, like 2026-03."))
            #expect(bad.body.string.contains(#"value="soon""#))
            for picture in ["word-cloud", "relationships"] {
                #expect(try await browser.get("/children/\(id)/\(picture)").status == .ok, "\(picture)")
            }
            let added = try await browser.post(
                "/children/\(id)/relationships", form: ["name": "", "livesWithChild": "yes", "basis": "Kept"])
            #expect(added.status == .unprocessableEntity)
            #expect(added.body.string.contains("Enter the person"))
            #expect(added.body.string.contains(">Kept</textarea>"))
        }
    }
}

private func client(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner]
) async throws -> APIClient {
    try await APIClient.signIn(world, try await world.account(roles: roles, organisation: organisation))
}

private func admit(_ practitioner: APIClient, to childID: UUID, by manager: APIClient) async throws {
    let body = #"{"practitionerID":"\#(practitioner.account.id)","reason":"Allocated by the authority"}"#
    try #require(try await manager.send(.POST, "/api/v1/children/\(childID)/members", json: body).status == .noContent)
}
