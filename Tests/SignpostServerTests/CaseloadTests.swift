import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// "My children" on the home page: the children in the practitioner's own teams, reached without a
/// search, and audited as one read naming them.
@Suite("Caseload: my children, without a search")
struct CaseloadTests {
    @Test func theHomePageListsMyTeamsChildrenAndNobodyElses() async throws {
        try await withSignpostApp { world in
            let keyWorker = try await world.account("kay@test.example", name: "Kay Worker")
            let other = try await world.account("oli@test.example", organisation: "TST-SCH", name: "Oli Other")
            let api = try await APIClient.signIn(world, keyWorker)
            let amelia = try await api.createChild(amelia)
            world.clock.advance(seconds: 30)
            let otherAPI = try await APIClient.signIn(world, other)
            _ = try await otherAPI.createChild(
                #""givenName":"Noor","familyName":"Ahmed","dateOfBirth":"2018-05-01","postcode":"LS6 1AA","tier":2"#)

            // A full assessment of Amelia, waiting for the consent statement: shown on her row as a draft.
            let started = try await api.send(
                .POST, "/api/v1/children/\(amelia.uuidString)/assessments",
                json: #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"#
                    + #""needsMetBySingleService":false,"needsUnclearOrBroad":true}"#)
            #expect(started.status == .created)
            world.clock.advance(seconds: 30)
            let browser = TestBrowser(world.app)
            try await browser.signIn(keyWorker, code: keyWorker.code(at: world.clock.now))
            let home = try await browser.get("/").body.string
            #expect(home.contains("My children (1)"))
            #expect(home.contains(#"href="/children/\#(amelia.uuidString)">Amelia Smith-Jones</a>"#))
            #expect(home.contains("Lead professional"))
            #expect(home.contains("Early help: Waiting for the consent statement"))
            #expect(home.contains(">Draft</strong>"))
            #expect(!home.contains("Noor Ahmed"), "a child in someone else's team is not on my caseload")

            let events = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "caseload.viewed"
            ).all()
            #expect(events.last?.details.contains(amelia.uuidString) == true)
            // The child opens from the caseload with no search: team membership is the route.
            let child = try await browser.get("/children/\(amelia.uuidString)")
            #expect(child.status == .ok)
            #expect(child.body.string.contains("3 Elm Grove"), "the team sees the record")
        }
    }
}
