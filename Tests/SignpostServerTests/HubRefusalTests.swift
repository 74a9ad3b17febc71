import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// What the hub refuses, and that each refusal is audited and writes nothing else.
@Suite("National signposting hub: refusals and checks")
struct HubRefusalTests {
    func storedCount(_ world: HubWorld) async throws -> Int {
        struct Count: Decodable { var n: Int }
        let sql = world.app.db as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM hub_encodings").first(decoding: Count.self)?.n ?? -1
    }

    @Test func requestsNotSignedByAnEnrolledNodeAreRefusedAndAudited() async throws {
        try await withHubApp { world in
            let record = world.enrolmentJSON(handle: "y-1", world.encode(HubTests.amelia))
            let body = #"{"records":[\#(record)]}"#
            let impostor = try NodeSigningKey.generate(node: world.york.node)
            let stranger = try NodeSigningKey.generate(node: "E09000001")
            let attempts: [(String, TestingHTTPResponse)] = [
                ("unsigned", try await world.send(.POST, "/hub/v1/enrolments", json: body, as: nil)),
                ("stale", try await world.send(.POST, "/hub/v1/enrolments", json: body, as: world.york, skew: -600)),
                ("wrong key", try await world.send(.POST, "/hub/v1/enrolments", json: body, as: impostor)),
                ("unknown node", try await world.send(.POST, "/hub/v1/enrolments", json: body, as: stranger)),
                ("directory unsigned", try await world.send(.GET, "/hub/v1/nodes", as: nil)),
            ]
            for (what, response) in attempts {
                #expect(response.status == .unauthorized, "\(what): \(response.status)")
                #expect(response.headers.contentType?.description.contains("problem+json") == true, "\(what)")
            }
            #expect(try await storedCount(world) == 0)
            let refused = try await world.auditTrail().filter { $0.action == "hub.request-refused" }
            #expect(refused.count == attempts.count)
            #expect(refused.allSatisfy { $0.outcome == "refused" })
            // A signature over one body does not cover another.
            var headers = HTTPHeaders()
            headers.contentType = .json
            for (name, value) in try world.york.headers(
                method: "POST", path: "/hub/v1/enrolments", body: Data(#"{"records":[]}"#.utf8), now: world.clock.now)
            {
                headers.add(name: name, value: value)
            }
            let swapped = try await TestBrowser(world.app).send(
                .POST, "/hub/v1/enrolments", headers: headers, body: body)
            #expect(swapped.status == .unauthorized)
            #expect(try await storedCount(world) == 0)
            let directory = try await world.send(.GET, "/hub/v1/nodes", as: world.leeds)
            #expect(directory.status == .ok && directory.body.string.contains(world.york.node))
        }
    }

    /// A captured request, sent again inside its two minutes, is refused: each signed request is accepted
    /// once. A fresh signature of the same request is a new request.
    @Test func aSignedRequestSentAgainIsRefusedAsAReplay() async throws {
        try await withHubApp { world in
            let body = #"{"records":[\#(world.enrolmentJSON(handle: "y-1", world.encode(HubTests.amelia)))]}"#
            var headers = HTTPHeaders()
            headers.contentType = .json
            for (name, value) in try world.york.headers(
                method: "POST", path: "/hub/v1/enrolments", body: Data(body.utf8), now: world.clock.now)
            {
                headers.add(name: name, value: value)
            }
            let first = try await TestBrowser(world.app).send(.POST, "/hub/v1/enrolments", headers: headers, body: body)
            #expect(first.status == .ok, "\(first.status): \(first.body.string)")
            world.clock.advance(seconds: 30)
            let again = try await TestBrowser(world.app).send(.POST, "/hub/v1/enrolments", headers: headers, body: body)
            #expect(again.status == .unauthorized)
            #expect(again.body.string.contains("received before"))
            let refused = try await world.auditTrail().filter { $0.action == "hub.request-refused" }
            #expect(refused.count == 1)
            #expect(refused.first?.details.contains("received before") == true)
            let resigned = try await world.send(.POST, "/hub/v1/enrolments", json: body, as: world.york)
            #expect(resigned.status == .ok, "a new signature is a new request")
        }
    }

    @Test func badInputIsRefusedByFieldAndNothingOfTheBatchIsStored() async throws {
        try await withHubApp { world in
            let good = world.enrolmentJSON(handle: "y-1", world.encode(HubTests.amelia))
            let oliver = world.encode(HubTests.oliver)
            var flipped = oliver.words
            flipped[0] ^= 1
            let unbalanced = LinkageEncoding(epoch: oliver.epoch, words: flipped, nhsToken: nil)
            let cases: [(String, String)] = [
                ("records[1].encoding", world.enrolmentJSON(handle: "y-2", unbalanced)),
                ("records[1].handle", world.enrolmentJSON(handle: "Oliver Khan", world.encode(HubTests.oliver))),
                ("records[1].tier", world.enrolmentJSON(handle: "y-2", world.encode(HubTests.oliver), tier: 3)),
                (
                    "records[1].retireBy",
                    world.enrolmentJSON(handle: "y-2", world.encode(HubTests.oliver), retireBy: "2020-01-01")
                ),
                (
                    "records[1].retireBy",
                    world.enrolmentJSON(handle: "y-2", world.encode(HubTests.oliver), retireBy: "soon")
                ),
                (
                    "records[1].encoding",
                    #"{"handle":"y-2","epoch":"2026-test","encoding":"QW1lbGlh","tier":2,"retireBy":"2026-12-01"}"#
                ),
            ]
            for (field, second) in cases {
                let response = try await world.send(
                    .POST, "/hub/v1/enrolments", json: #"{"records":[\#(good),\#(second)]}"#, as: world.york)
                #expect(response.status == .badRequest || response.status == .unprocessableEntity, "\(field)")
                #expect(response.body.string.contains(field), "\(field): \(response.body.string)")
            }
            let duplicate = try await world.send(
                .POST, "/hub/v1/enrolments", json: #"{"records":[\#(good),\#(good)]}"#, as: world.york)
            #expect(duplicate.status == .badRequest)
            let empty = try await world.send(.POST, "/hub/v1/enrolments", json: #"{"records":[]}"#, as: world.york)
            #expect(empty.status == .badRequest)
            let notJSON = try await world.send(.POST, "/hub/v1/enrolments", json: "records", as: world.york)
            #expect(notJSON.status == .badRequest)
            #expect(try await storedCount(world) == 0)
            // Each refused batch is in the hub's log under the node's name, as a refused enrolment.
            let enrolments = try await world.auditTrail().filter { $0.action == "hub.enrolled" }
            #expect(enrolments.count == cases.count + 2)
            #expect(enrolments.allSatisfy { $0.outcome == "refused" && $0.subjectId == world.york.node })
            let badRetire = try await world.send(
                .POST, "/hub/v1/retirements", json: #"{"handles":["Oliver Khan"]}"#, as: world.york)
            #expect(badRetire.status == .badRequest)
            let retired = try await world.auditTrail().filter { $0.action == "hub.retired" }
            #expect(retired.count == 1 && retired.first?.outcome == "refused")
            let query = world.queryJSON(world.encode(HubTests.amelia), purpose: "curiosity")
            let badPurpose = try await world.send(.POST, "/hub/v1/queries", json: query, as: world.leeds)
            #expect(badPurpose.status == .unprocessableEntity || badPurpose.status == .badRequest)
            #expect(badPurpose.body.string.contains("purpose"))
            // The refused query is in the hub's log under the node's name, and nothing else was answered.
            let queried = try await world.auditTrail().filter { $0.action == "hub.queried" }
            #expect(queried.count == 1)
            #expect(queried.first?.outcome == "refused" && queried.first?.subjectId == world.leeds.node)
        }
    }

    @Test func theDirectoryReloadsFromTheDatabaseAndForgetsWhatIsPastItsDay() async throws {
        try await withHubApp { world in
            let lasting = world.enrolmentJSON(handle: "y-1", world.encode(HubTests.amelia))
            let today = CalendarDate(world.clock.now).iso
            let expiring = world.enrolmentJSON(handle: "y-2", world.encode(HubTests.oliver), retireBy: today)
            let response = try await world.send(
                .POST, "/hub/v1/enrolments", json: #"{"records":[\#(lasting),\#(expiring)]}"#, as: world.york)
            try #require(response.status == .ok, "\(response.body.string)")
            world.clock.advance(seconds: 2 * 86_400)
            // A restarted hub has only its database: it loads the directory from there.
            let restarted = HubDirectory()
            try await restarted.load(context: world.app.serviceContext())
            #expect(restarted.count == 1)
            let query = world.encode(HubTests.amelia)
            #expect(restarted.candidates(for: query, today: CalendarDate(world.clock.now).iso).map(\.handle) == ["y-1"])
            #expect(try await storedCount(world) == 1)
        }
    }

    /// `signpost-hub nodes remove` runs in its own process: the serving hub forgets the node's entries at its
    /// next housekeeping, and keeps every other node's.
    @Test func aServingHubForgetsANodeRemovedByAnotherProcess() async throws {
        try await withHubApp { world in
            for (node, handle, child) in [(world.york, "y-1", HubTests.amelia), (world.leeds, "l-1", HubTests.oliver)] {
                let record = world.enrolmentJSON(handle: handle, world.encode(child))
                let response = try await world.send(
                    .POST, "/hub/v1/enrolments", json: #"{"records":[\#(record)]}"#, as: node)
                try #require(response.status == .ok, "\(response.body.string)")
            }
            let serving = world.app.hubDirectory
            #expect(serving.count(of: world.york.node) == 1)
            // The operator's command has a directory of its own, loaded from the same database.
            let operators = HubDirectory()
            try await operators.load(context: world.app.serviceContext())
            try await HubNodeService(context: world.app.serviceContext()).remove(world.york.node, directory: operators)
            #expect(serving.count(of: world.york.node) == 1, "the serving hub has not been told yet")
            let forgotten = try await HubNodeService(context: world.app.serviceContext()).forgetRemovedNodes(
                in: serving)
            #expect(forgotten == 1)
            #expect(serving.count(of: world.york.node) == 0)
            #expect(serving.count(of: world.leeds.node) == 1)
            let today = CalendarDate(world.clock.now).iso
            #expect(serving.candidates(for: world.encode(HubTests.amelia), today: today).isEmpty)
        }
    }

    @Test func theHubRefusesToStartWithTheLinkageSecret() throws {
        #expect(throws: ConfigurationError.self) {
            try SignpostHubApp.refuseLinkageSecret(in: ["SIGNPOST_LINKAGE_KEY_FILE": "/etc/signpost/linkage.key"])
        }
        try SignpostHubApp.refuseLinkageSecret(in: ["DATABASE_URL": "postgres://hub"])
    }

    /// The privacy goal: the hub's database, read in full, holds no name, date or postcode of any child it
    /// was sent, nor any NHS number.
    @Test func theHubDatabaseHoldsNoStringFromAnyChildRecord() async throws {
        let population = SyntheticPopulation.generate(children: 300, seed: 5).index
        try await withHubApp { world in
            for (offset, batch) in stride(from: 0, to: population.count, by: 100).enumerated() {
                let records = population[batch..<min(batch + 100, population.count)].enumerated().map {
                    world.enrolmentJSON(handle: "h-\(offset)-\($0.offset)", world.encode($0.element))
                }
                let response = try await world.send(
                    .POST, "/hub/v1/enrolments", json: #"{"records":[\#(records.joined(separator: ","))]}"#,
                    as: world.york)
                try #require(response.status == .ok, "\(response.body.string)")
            }
            _ = try await world.send(
                .POST, "/hub/v1/queries", json: world.queryJSON(world.encode(population[0])), as: world.leeds)
            let dump = try await HubDatabaseDump.everything(in: world.app.db)
            #expect(dump.count > 50_000)
            var leaked: [String] = []
            for child in population {
                let dob = child.dateOfBirth?.iso ?? ""
                let strings = [
                    child.givenName, child.familyName, dob, child.postcode, child.nhsNumber, child.addressLine,
                ]
                for string in strings where string.count >= 4 {
                    let forms = [string, string.lowercased(), string.uppercased()]
                    if forms.contains(where: { dump.range(of: Data($0.utf8)) != nil }) { leaked.append(string) }
                }
            }
            #expect(leaked.isEmpty, "the hub's database holds \(leaked.prefix(10))")
        }
    }
}
