import Foundation
import NIOHTTP1
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// A signed-in API caller for tests.
struct APIClient {
    let world: TestWorld
    let token: String
    let account: TestAccount

    static func signIn(_ world: TestWorld, _ account: TestAccount) async throws -> APIClient {
        let body =
            #"{"email":"\#(account.email)","password":"\#(account.password)","totp":"\#(account.code(at: world.clock.now))"}"#
        var headers = HTTPHeaders()
        headers.contentType = .json
        let response = try await TestBrowser(world.app).send(.POST, "/api/v1/auth/token", headers: headers, body: body)
        #expect(response.status == .created)
        let token =
            try JSONDecoder().decode([String: String].self, from: Data(response.body.string.utf8))["token"] ?? ""
        return APIClient(world: world, token: token, account: account)
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        if json != nil { headers.contentType = .json }
        return try await TestBrowser(world.app).send(method, path, headers: headers, body: json)
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(response.body.string.utf8))
    }

    /// Creates a child (confirming past duplicates) and returns its id.
    func createChild(_ fields: String, confirm: Bool = true) async throws -> UUID {
        let response = try await send(.POST, "/api/v1/children", json: #"{"confirm":\#(confirm),"child":{\#(fields)}}"#)
        #expect(response.status == .created, "\(response.body.string)")
        return try decode(ChildrenAPIController.CreateResponse.self, response).id!
    }

    /// Starts a full assessment of `child`, records that the family declined consent, answers enough
    /// to complete it, and completes it: the episode the Team Around the Child then works in.
    func completedEpisode(of child: UUID) async throws -> EpisodeView {
        let started = try decode(
            EpisodeView.self,
            try await send(
                .POST, "/api/v1/children/\(child)/assessments",
                json:
                    #"{"riskOfSignificantHarm":false,"concernsAboutProgress":true,"needsMetBySingleService":false,"needsUnclearOrBroad":true}"#
            ))
        let path = "/api/v1/assessments/\(started.id)"
        try #require(try await send(.POST, "\(path)/consent", json: #"{"declined":true}"#).status == .ok)
        var content = AssessmentContent()
        content.whatLedToIt = "Attendance"
        content.conclusions = "Support at school"
        for domain in AssessmentFramework.domains {
            content.elements[domain.elements[0].id] = .init(strengths: "Some")
        }
        let body = String(
            decoding: try JSONEncoder().encode(EpisodeService.SaveInput(version: 1, content: content)), as: UTF8.self)
        let saved = try decode(EpisodeView.self, try await send(.PUT, path, json: body))
        let completed = try await send(.POST, "\(path)/complete", json: #"{"version":\#(saved.version)}"#)
        try #require(completed.status == .ok, "\(completed.body.string)")
        return try decode(EpisodeView.self, completed)
    }

    func search(reason: String = "new-referral", _ criteria: String) async throws -> TestingHTTPResponse {
        try await send(.POST, "/api/v1/children/search", json: #"{"reason":"\#(reason)","criteria":{\#(criteria)}}"#)
    }
}

let amelia =
    #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09","gender":"female","postcode":"ls6 2ab","addressLine":"3 Elm Grove","nhsNumber":"9990000018","carers":[{"name":"Dawn Smith","relationship":"mother","parentalResponsibility":true,"contact":"01632 960555"}],"tier":2,"involvement":{"role":"Key worker","contactPhone":"01632 960777","leadProfessional":true}"#
