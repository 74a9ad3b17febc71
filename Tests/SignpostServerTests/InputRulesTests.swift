import Foundation
import Testing

@testable import SignpostServer

/// What the security review stored and should not have: names of NUL, a bidi override, and address lines,
/// roles, carer names and consent givers of 15,000 characters. Each is refused with 422 naming the field.
@Suite("Input rules for typed text")
struct InputRulesTests {
    private static let base = #""dateOfBirth":"2016-03-04","gender":"male","tier":2"#
    private static let long = String(repeating: "a", count: 15_000)

    @Test(
        "a child record with bad text is refused, naming the field",
        arguments: [
            (#""givenName":"\u0000","familyName":"Reed""#, "givenName"),
            (#""givenName":"Leo","familyName":"\u202Edeer""#, "familyName"),
            (#""givenName":"Leo","familyName":"Reed","addressLine":"\#(long)""#, "addressLine"),
            (#""givenName":"Leo","familyName":"Reed","schoolName":"\#(long)""#, "schoolName"),
            (
                #""givenName":"Leo","familyName":"Reed","carers":[{"name":"\#(long)","relationship":"mother","parentalResponsibility":true}]"#,
                "carers[0].name"
            ),
            (
                #""givenName":"Leo","familyName":"Reed","otherNames":[{"givenName":"L\u0000","familyName":"Reed"}]"#,
                "otherNames[0].givenName"
            ),
            (#""givenName":"Leo","familyName":"Reed","involvement":{"role":"\#(long)"}"#, "involvement.role"),
        ])
    func childText(fields: String, field: String) async throws {
        try await withSignpostApp { world in
            let client = try await APIClient.signIn(world, try await world.account())
            let response = try await client.send(
                .POST, "/api/v1/children", json: #"{"confirm":true,"child":{\#(fields),\#(Self.base)}}"#)
            #expect(response.status == .unprocessableEntity, "\(response.body.string.prefix(300))")
            let problem = try client.decode(ErrorResponseMiddleware.Problem.self, response)
            #expect(problem.errors?.map(\.field).contains(field) == true, "\(problem.errors ?? [])")
            #expect(try await ChildModel.query(on: world.app.db).count() == 0)
        }
    }

    @Test func aConsentGiverOf15000CharactersIsRefused() async throws {
        try await withSignpostApp { world in
            let client = try await APIClient.signIn(world, try await world.account())
            let id = try await client.createChild(#""givenName":"Leo","familyName":"Reed",\#(Self.base)"#)
            let response = try await client.send(
                .POST, "/api/v1/children/\(id)/consents",
                json: #"{"givenBy":"parent","giverName":"\#(Self.long)","purposes":["index"],"method":"written"}"#)
            #expect(response.status == .unprocessableEntity)
            let problem = try client.decode(ErrorResponseMiddleware.Problem.self, response)
            #expect(problem.errors?.map(\.field) == ["giverName"])
        }
    }

    @Test func anInvolvementRoleWithABidiOverrideIsRefused() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let client = try await APIClient.signIn(world, account)
            let id = try await client.createChild(#""givenName":"Leo","familyName":"Reed",\#(Self.base)"#)
            let response = try await client.send(
                .POST, "/api/v1/children/\(id)/involvements",
                json: #"{"role":"key \u202Eworker"}"#)
            #expect(response.status == .unprocessableEntity, "\(response.body.string.prefix(300))")
        }
    }

    @Test func searchCriteriaFollowTheNameRulesToo() async throws {
        try await withSignpostApp { world in
            let client = try await APIClient.signIn(world, try await world.account())
            let long = String(repeating: "a", count: 101)
            let tooLong = try await client.search(#""givenName":"Leo","familyName":"\#(long)","postcode":"LS6 2AB""#)
            #expect(tooLong.status == .unprocessableEntity)
            #expect(
                try client.decode(ErrorResponseMiddleware.Problem.self, tooLong).errors?.map(\.field) == ["familyName"])
            let bidi = try await client.search(#""givenName":"Le\u202Eo","familyName":"Reed","postcode":"LS6 2AB""#)
            #expect(bidi.status == .unprocessableEntity)
            let fits = String(repeating: "a", count: 100)
            #expect(
                try await client.search(#""givenName":"Leo","familyName":"\#(fits)","postcode":"LS6 2AB""#).status
                    == .ok)
        }
    }
}
