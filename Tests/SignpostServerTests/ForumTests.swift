import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The child's forum: a concern raised for attention reaches the lead professional and the team at
/// once, stays open until the lead acknowledges it with a note, and goes to the authority's data
/// manager after 2 working days; a sensitive service posts as "another service" unless it names itself.
@Suite("Forum and raised concerns")
struct ForumTests {
    @Test func aRaisedConcernReachesTheLeadAndEscalatesAfterTwoWorkingDays() async throws {
        try await withSignpostApp { world in
            var lead = try await person(world)
            let id = try await lead.createChild(amelia)
            var school = try await person(world, organisation: "TST-SCH")
            var manager = try await person(world, roles: [.dataManager])
            try await admit(school, to: id, by: manager)
            // The lead reads the school's posts while consent to share with the team holds.
            let consent =
                #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":["index","share-assessment"],"method":"written"}"#
            #expect(try await lead.send(.POST, "/api/v1/children/\(id)/consents", json: consent).status == .created)
            let thread = try await school.send(
                .POST, "/api/v1/children/\(id)/forum/threads",
                json:
                    #"{"title":"Bruising","kind":"concern","body":"Bruises on her arm again today.","raiseAttention":true}"#
            )
            #expect(thread.status == .created, "\(thread.body.string)")

            let told = try await lead.send(.GET, "/api/v1/notifications").body.string
            #expect(told.contains("A concern about Amelia Smith-Jones was raised for attention"))
            #expect(try await concerns(lead).count == 1)
            #expect(try await concerns(manager).isEmpty, "not yet: the lead has 2 working days")

            world.clock.advance(seconds: 5 * 86_400)  // Wednesday to Monday: past 2 working days
            // API tokens last an hour: everyone signs in again.
            lead = try await APIClient.signIn(world, lead.account)
            school = try await APIClient.signIn(world, school.account)
            manager = try await APIClient.signIn(world, manager.account)
            let escalated = try await concerns(manager)
            #expect(escalated.count == 1 && escalated[0].overdue)

            let postID = escalated[0].postID
            let path = "/api/v1/children/\(id)/forum/posts/\(postID)/acknowledge"
            #expect(try await lead.send(.POST, path, json: #"{"note":""}"#).status == .unprocessableEntity)
            #expect(try await school.send(.POST, path, json: #"{"note":"Seen"}"#).status == .forbidden)
            #expect(
                try await lead.send(.POST, path, json: #"{"note":"Spoke to mum; GP appointment booked."}"#).status
                    == .noContent)
            #expect(try await lead.send(.POST, path, json: #"{"note":"Again"}"#).status == .conflict)
            let leftForLead = try await concerns(lead)
            let leftForManager = try await concerns(manager)
            #expect(leftForLead.isEmpty && leftForManager.isEmpty)
            let thanked = try await school.send(.GET, "/api/v1/notifications").body.string
            #expect(thanked.contains("was acknowledged by"))
            let forum = try lead.decode(
                ForumService.ForumPage.self, try await manager.send(.GET, "/api/v1/children/\(id)/forum"))
            #expect(forum.threads.first?.posts.first?.acknowledgement?.note == "Spoke to mum; GP appointment booked.")
            // The heaviest scenario of the shared record leaves the audit chain intact.
            let verdict = try await AuditVerification.verify(on: try await world.auditLog)
            guard case .intact(let events) = verdict else {
                Issue.record("the audit chain is broken: \(verdict)")
                return
            }
            #expect(events > 20)
        }
    }

    @Test func aSensitiveServicesPostIsItsOwnUnlessItNamesItself() async throws {
        try await withSignpostApp { world in
            let lead = try await person(world)
            let id = try await lead.createChild(amelia)
            let consent =
                #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":["index","share-assessment"],"method":"written"}"#
            #expect(try await lead.send(.POST, "/api/v1/children/\(id)/consents", json: consent).status == .created)
            let clinic = try await person(world, organisation: "OTH-CAMHS")
            let manager = try await person(world, roles: [.dataManager])
            try await admit(clinic, to: id, by: manager)
            #expect(
                try await clinic.send(
                    .POST, "/api/v1/children/\(id)/forum/threads",
                    json: #"{"title":"Sleep","kind":"observation","body":"Sleeping badly."}"#
                ).status == .created)
            #expect(
                try await clinic.send(
                    .POST, "/api/v1/children/\(id)/forum/threads",
                    json: #"{"title":"Named","kind":"progress","body":"Better this week.","nameMyService":true}"#
                ).status == .created)
            func authors(_ client: APIClient) async throws -> Set<String> {
                let page = try client.decode(
                    ForumService.ForumPage.self, try await client.send(.GET, "/api/v1/children/\(id)/forum"))
                return Set(page.threads.flatMap(\.posts).map { "\($0.author): \($0.body)" })
            }
            // Unnamed, the clinic's post is the clinic's: the lead (who sees no brokered-contact notice
            // here) is shown nothing of it; named by choice, it is shared as any other service's.
            let seenByLead = try await authors(lead)
            #expect(seenByLead.count == 1, "\(seenByLead)")
            #expect(seenByLead.contains { $0.contains("Otherton CAMHS") && $0.contains("Better this week.") })
            #expect(!seenByLead.contains { $0.contains("Sleeping badly") })
            let seenByClinic = try await authors(clinic)
            let seenByManager = try await authors(manager)
            #expect(seenByClinic.count == 2 && seenByManager.count == 2)
            #expect(!seenByClinic.contains { $0.hasPrefix("Another service") })
            #expect(seenByManager.contains { $0.contains("Otherton CAMHS") && $0.contains("Sleeping badly.") })
            let outsider = try await person(world, organisation: "TST-SCH")
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/forum").status == .notFound)
            #expect(
                try await lead.send(
                    .POST, "/api/v1/children/\(id)/forum/threads",
                    json: #"{"title":"x","kind":"observation","body":"y","raiseAttention":true}"#
                ).status == .unprocessableEntity)
        }
    }
}

private func person(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner]
) async throws -> APIClient {
    try await APIClient.signIn(world, try await world.account(roles: roles, organisation: organisation))
}

private func admit(_ practitioner: APIClient, to childID: UUID, by manager: APIClient) async throws {
    let body = #"{"practitionerID":"\#(practitioner.account.id)","reason":"Allocated by the authority"}"#
    try #require(try await manager.send(.POST, "/api/v1/children/\(childID)/members", json: body).status == .noContent)
}

private func concerns(_ client: APIClient) async throws -> [ForumService.OpenConcern] {
    let response = try await client.send(.GET, "/api/v1/concerns")
    try #require(response.status == .ok, "\(response.body.string)")
    return try client.decode([ForumService.OpenConcern].self, response)
}
