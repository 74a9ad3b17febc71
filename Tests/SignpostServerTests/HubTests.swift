import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The national hub over HTTP: signed enrolment, query and retirement, refusals that are audited, input that
/// is checked field by field, and answers that are pointers in bands, never scores or encodings.
@Suite("National signposting hub")
struct HubTests {
    static func child(_ given: String, _ family: String, _ dob: String, nhs: String = "") -> MatchRecord {
        MatchRecord(
            id: UUID().uuidString, givenName: given, familyName: family, dateOfBirth: CalendarDate(iso: dob),
            sex: .female, postcode: "LS6 2AB", addressLine: "3 Elm Grove", nhsNumber: nhs)
    }

    static let amelia = child("Amelia", "Smith-Jones", "2016-07-09")
    static let ameliaAsTyped = child("Amelia", "Smith Jones", "2016-07-09")
    static let oliver = child("Oliver", "Khan", "2019-02-11")

    struct Answer: Decodable {
        struct Pointer: Decodable {
            var authority: String
            var handle: String
            var band: String
            var ambiguous: Bool
            var contactRoute: String
            var baseURL: String
        }
        var pointers: [Pointer]
    }

    func enrol(_ world: HubWorld, as key: NodeSigningKey, _ records: [(String, MatchRecord)]) async throws {
        let body = records.map { world.enrolmentJSON(handle: $0.0, world.encode($0.1)) }.joined(separator: ",")
        let response = try await world.send(.POST, "/hub/v1/enrolments", json: #"{"records":[\#(body)]}"#, as: key)
        try #require(response.status == .ok, "\(response.body.string)")
    }

    func ask(_ world: HubWorld, as key: NodeSigningKey, _ record: MatchRecord) async throws -> [Answer.Pointer] {
        let response = try await world.send(
            .POST, "/hub/v1/queries", json: world.queryJSON(world.encode(record)), as: key)
        try #require(response.status == .ok, "\(response.body.string)")
        return try JSONDecoder().decode(Answer.self, from: Data(response.body.string.utf8)).pointers
    }

    @Test func aChildEnrolledByOneNodeIsFoundFromAnotherAsAPointerOnly() async throws {
        try await withHubApp { world in
            try await enrol(world, as: world.york, [("y-1", Self.amelia), ("y-2", Self.oliver)])
            try await enrol(world, as: world.leeds, [("l-9", Self.amelia)])
            let response = try await world.send(
                .POST, "/hub/v1/queries", json: world.queryJSON(world.encode(Self.ameliaAsTyped)), as: world.leeds)
            #expect(response.status == .ok)
            // The answer names where to ask and nothing else: no score, no encoding, no token.
            for word in ["dice", "score", "encoding", "nhsToken", "Amelia"] {
                #expect(!response.body.string.contains(word), "the answer carries \(word)")
            }
            let pointers = try JSONDecoder().decode(Answer.self, from: Data(response.body.string.utf8)).pointers
            // Leeds's own record of Amelia is left out: it knows it already.
            #expect(pointers.map(\.handle) == ["y-1"])
            #expect(pointers.first?.authority == world.york.node)
            #expect(pointers.first?.band == "likely")
            #expect(pointers.first?.contactRoute == "York MASH 01904 000000")
            #expect(try await ask(world, as: world.york, Self.oliver).isEmpty)
            let trail = try await world.auditTrail()
            let queried = try #require(trail.first { $0.action == "hub.queried" })
            #expect(queried.subjectId == world.leeds.node)
            #expect(queried.details.contains("new-referral") && queried.details.contains("ref-1"))
        }
    }

    @Test func aRetiredChildIsNoLongerFound() async throws {
        try await withHubApp { world in
            try await enrol(world, as: world.york, [("y-1", Self.amelia)])
            #expect(try await ask(world, as: world.leeds, Self.amelia).count == 1)
            // Leeds cannot retire York's record: a node retires only its own handles.
            let foreign = try await world.send(
                .POST, "/hub/v1/retirements", json: #"{"handles":["y-1"]}"#, as: world.leeds)
            #expect(foreign.status == .ok)
            #expect(try await ask(world, as: world.leeds, Self.amelia).count == 1)
            let retired = try await world.send(
                .POST, "/hub/v1/retirements", json: #"{"handles":["y-1"]}"#, as: world.york)
            #expect(retired.status == .ok)
            #expect(try await ask(world, as: world.leeds, Self.amelia).isEmpty)
            #expect(try await world.auditTrail().filter { $0.action == "hub.retired" }.count == 2)
        }
    }

    @Test func theSameNHSNumberIsLikelyAndADifferentOneNeverIs() async throws {
        try await withHubApp { world in
            let withNumber = Self.child("Amelia", "Smith-Jones", "2016-07-09", nhs: "9990000018")
            try await enrol(world, as: world.york, [("y-1", withNumber)])
            // A different name and day of birth, but the same NHS number: still the same child.
            let renamed = Self.child("Millie", "Brown", "2016-09-07", nhs: "9990000018")
            #expect(try await ask(world, as: world.leeds, renamed).map(\.band) == ["likely"])
            // The same details with another valid NHS number: a different child, at most possible.
            let twin = Self.child("Amelia", "Smith-Jones", "2016-07-09", nhs: "9990000026")
            #expect(try await ask(world, as: world.leeds, twin).map(\.band) == ["possible"])
        }
    }

    @Test func aNodeReEnrolledWithANewKeyKeepsItsEncodingsAndTheOldKeyIsRefused() async throws {
        try await withHubApp { world in
            try await enrol(world, as: world.york, [("y-1", Self.amelia)])
            let rotated = try NodeSigningKey.generate(node: world.york.node)
            try await SignpostHubApp.enrolNode(
                world.app, node: rotated.node, publicKey: rotated.publicKey.encoded, contactRoute: "York MASH",
                baseURL: "https://york.signpost.test")
            #expect(try await ask(world, as: world.leeds, Self.amelia).map(\.contactRoute) == ["York MASH"])
            let old = try await world.send(.POST, "/hub/v1/retirements", json: #"{"handles":["y-1"]}"#, as: world.york)
            #expect(old.status == .unauthorized)
            let new = try await world.send(.POST, "/hub/v1/retirements", json: #"{"handles":["y-1"]}"#, as: rotated)
            #expect(new.status == .ok)
        }
    }

    @Test func aNodeThatQueriesTooFastIsRefusedAndAudited() async throws {
        try await withHubApp(adjust: { $0.hubQueriesPerNodePerMinute = 3 }) { world in
            let query = world.queryJSON(world.encode(Self.amelia))
            for _ in 0..<3 {
                #expect(try await world.send(.POST, "/hub/v1/queries", json: query, as: world.leeds).status == .ok)
            }
            let refused = try await world.send(.POST, "/hub/v1/queries", json: query, as: world.leeds)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: "Retry-After") != nil)
            // The limit is each node's own.
            #expect(try await world.send(.POST, "/hub/v1/queries", json: query, as: world.york).status == .ok)
            let trail = try await world.auditTrail().filter { $0.action == "hub.queried" }
            #expect(trail.filter { $0.outcome == "refused" }.map(\.subjectId) == [world.leeds.node])
        }
    }

    @Test func aNodeCannotHoldMoreThanItsQuota() async throws {
        try await withHubApp(adjust: { $0.hubEntriesPerNode = 2 }) { world in
            try await enrol(world, as: world.york, [("y-1", Self.amelia), ("y-2", Self.oliver)])
            let more = "{\"records\":[\(world.enrolmentJSON(handle: "y-3", world.encode(Self.ameliaAsTyped)))]}"
            let refused = try await world.send(.POST, "/hub/v1/enrolments", json: more, as: world.york)
            #expect(refused.status == .conflict, "\(refused.body.string)")
            let audited = try await world.auditTrail().filter { $0.action == "hub.enrolled" && $0.outcome == "refused" }
            #expect(audited.count == 1 && audited.first?.details.contains("quota") == true)
            // Another node's quota is its own.
            try await enrol(world, as: world.leeds, [("l-1", Self.amelia)])
            _ = try await world.send(.POST, "/hub/v1/retirements", json: #"{"handles":["y-1"]}"#, as: world.york)
            #expect(try await world.send(.POST, "/hub/v1/enrolments", json: more, as: world.york).status == .ok)
        }
    }
}
