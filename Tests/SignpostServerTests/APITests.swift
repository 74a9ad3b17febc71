import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("API tokens and problem documents")
struct APITests {
    static func tokenRequest(_ world: TestWorld, _ account: TestAccount, code: String? = nil, password: String? = nil)
        async throws -> TestingHTTPResponse
    {
        let body = try JSONSerialization.data(withJSONObject: [
            "email": account.email, "password": password ?? account.password,
            "totp": code ?? account.code(at: world.clock.now),
        ])
        var headers = HTTPHeaders()
        headers.contentType = .json
        return try await TestBrowser(world.app).send(
            .POST, "/api/v1/auth/token", headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    struct Token: Decodable {
        var token: String
        var expiresAt: String
    }

    static func bearer(_ token: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return headers
    }

    @Test func issueUseAndRevokeAToken() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let issued = try await Self.tokenRequest(world, account)
            #expect(issued.status == .created)
            let token = try JSONDecoder().decode(Token.self, from: Data(issued.body.string.utf8))
            #expect(
                ISO8601DateFormatter().date(from: token.expiresAt) == world.clock.now.addingTimeInterval(3600).rounded()
            )

            let browser = TestBrowser(world.app)
            let me = try await browser.get("/api/v1/me", headers: Self.bearer(token.token))
            #expect(me.status == .ok)
            #expect(me.body.string.contains(account.email))

            #expect(
                try await browser.send(.DELETE, "/api/v1/auth/token", headers: Self.bearer(token.token)).status
                    == .noContent)
            let after = try await browser.get("/api/v1/me", headers: Self.bearer(token.token))
            #expect(after.status == .unauthorized)
            #expect(after.headers.contentType?.description.contains("problem+json") == true)
            let actions = try await world.auditActions()
            #expect(actions.contains("auth.token-issued"))
            #expect(actions.contains("auth.token-revoked"))
        }
    }

    @Test func tokensExpireAfterAnHourAndAreStoredHashed() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let token = try JSONDecoder().decode(
                Token.self, from: Data(try await Self.tokenRequest(world, account).body.string.utf8))
            let stored = try await APITokenModel.query(on: world.app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash != token.token)
            world.clock.advance(seconds: 3599)
            #expect(try await TestBrowser(world.app).get("/api/v1/me", headers: Self.bearer(token.token)).status == .ok)
            world.clock.advance(seconds: 2)
            #expect(
                try await TestBrowser(world.app).get("/api/v1/me", headers: Self.bearer(token.token)).status
                    == .unauthorized)
        }
    }

    @Test func suspendingAnAccountEndsItsTokens() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let token = try JSONDecoder().decode(
                Token.self, from: Data(try await Self.tokenRequest(world, account).body.string.utf8))
            try await AccountService(context: world.context).setStatus(.suspended, practitionerID: account.id, by: nil)
            #expect(
                try await TestBrowser(world.app).get("/api/v1/me", headers: Self.bearer(token.token)).status
                    == .unauthorized)
        }
    }

    @Test func badCredentialsAndRefusalsAreProblems() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let wrong = try await Self.tokenRequest(world, account, password: "wrong")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains(#""status":401"#))
            let untrained = try await world.account(trained: nil)
            let refused = try await Self.tokenRequest(world, untrained)
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("training"))
        }
    }

    @Test(
        "malformed bodies get a precise 400, never a 500",
        arguments: [
            ("{", "not valid JSON"), (#"{"email":"a@b.c","password":"x"}"#, "'totp' is missing"),
            (#"{"email":1,"password":"x","totp":"1"}"#, "'email' must be text"), ("[]", "body"),
        ])
    func malformedBodies(body: String, expected: String) async throws {
        try await withSignpostApp { world in
            var headers = HTTPHeaders()
            headers.contentType = .json
            let response = try await TestBrowser(world.app).send(
                .POST, "/api/v1/auth/token", headers: headers, body: body)
            #expect(response.status == .badRequest)
            #expect(response.headers.contentType?.description.contains("application/problem+json") == true)
            #expect(response.body.string.contains(expected))
            #expect(!response.body.string.contains("Swift"))
        }
    }

    @Test func emptyFieldsAreValidationProblems() async throws {
        try await withSignpostApp { world in
            var headers = HTTPHeaders()
            headers.contentType = .json
            let response = try await TestBrowser(world.app).send(
                .POST, "/api/v1/auth/token", headers: headers, body: #"{"email":" ","password":"","totp":""}"#)
            #expect(response.status == .unprocessableEntity)
            for field in ["email", "password", "totp"] {
                #expect(response.body.string.contains(#""field":"\#(field)""#))
            }
        }
    }

    @Test func theAPIIgnoresTheSessionCookie() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
        }
    }
}

extension Date {
    /// ISO 8601 in the API has whole seconds.
    func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
