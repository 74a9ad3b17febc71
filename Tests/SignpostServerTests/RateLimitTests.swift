import Fluent
import Foundation
import NIOHTTP1
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The per-address sign-in throttle: failures from one client address are limited across every account,
/// successes do not count, parallel guesses cannot slip past it, and the answer is 429 with Retry-After.
@Suite("Rate limits in the database")
struct RateLimitTests {
    private func from(_ address: String, _ world: TestWorld) -> ServiceContext {
        var context = world.context
        context.client = ClientInfo(ip: address, userAgent: "test")
        return context
    }

    private func attempt(_ context: ServiceContext, email: String, password: String, code: String = "000000")
        async throws -> AuthenticationService.Outcome<Bool>
    {
        try await AuthenticationService(context: context).authenticate(
            email: email, password: password, code: code, channel: "api", grant: { _, _ in true })
    }

    @Test func twentyFailuresFromOneAddressThrottleItForEveryAccountButNotOtherAddresses() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let office = from("203.0.113.7", world)
            for index in 0..<SignInRules.maximumFailuresPerAddressPerMinute {
                let outcome = try await attempt(office, email: "nobody\(index)@test.example", password: "guess")
                guard case .rejected = outcome else {
                    Issue.record("attempt \(index): \(outcome)")
                    return
                }
            }
            // The right credentials are refused too, before the account is looked at.
            let throttled = try await attempt(
                office, email: account.email, password: account.password, code: account.code(at: world.clock.now))
            guard case .throttled(let seconds) = throttled else {
                Issue.record("not throttled: \(throttled)")
                return
            }
            #expect((1...120).contains(seconds))
            let events = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "auth.sign-in"
            )
            .filter(\.$outcome == "refused").all()
            #expect(events.count == 1 && events[0].details.contains("address-throttled"))
            #expect(events[0].actorID == nil, "the throttled answer names no account")
            #expect(!events[0].details.contains("203.0.113.7"))
            // Another address signs in; and after a minute and a half the office may try again.
            let elsewhere = try await attempt(
                from("198.51.100.4", world), email: account.email, password: account.password,
                code: account.code(at: world.clock.now))
            guard case .granted = elsewhere else {
                Issue.record("another address was refused: \(elsewhere)")
                return
            }
            world.clock.advance(seconds: 90)
            let later = try await attempt(from("203.0.113.7", world), email: "nobody@test.example", password: "guess")
            guard case .rejected = later else {
                Issue.record("still throttled after 90 s: \(later)")
                return
            }
        }
    }

    @Test func aSuccessfulSignInDoesNotCountAgainstTheAddress() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let office = from("203.0.113.8", world)
            let limit = SignInRules.maximumFailuresPerAddressPerMinute
            for index in 0..<(limit - 1) {
                _ = try await attempt(office, email: "nobody\(index)@test.example", password: "guess")
            }
            let success = try await attempt(
                office, email: account.email, password: account.password, code: account.code(at: world.clock.now))
            guard case .granted = success else {
                Issue.record("not granted: \(success)")
                return
            }
            // One failure is still allowed: the success was taken back.
            guard case .rejected = try await attempt(office, email: "last@test.example", password: "guess") else {
                Issue.record("the success counted against the address")
                return
            }
            guard case .throttled = try await attempt(office, email: "over@test.example", password: "guess") else {
                Issue.record("the limit did not hold")
                return
            }
        }
    }

    @Test func parallelGuessesFromOneAddressAreCheckedNoMoreThanTheLimit() async throws {
        try await withSignpostApp { world in
            let office = from("203.0.113.9", world)
            let parallel = TestDatabase.isPostgres ? 60 : 30
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<parallel {
                    group.addTask {
                        switch try await attempt(office, email: "spray\(index)@test.example", password: "guess") {
                        case .throttled: "throttled"
                        case .rejected: "checked"
                        default: "other"
                        }
                    }
                }
                return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(outcomes["checked"] == SignInRules.maximumFailuresPerAddressPerMinute, "\(outcomes)")
            #expect(outcomes["throttled"] == parallel - SignInRules.maximumFailuresPerAddressPerMinute)
        }
    }

    /// Over real HTTP, where the server sees the client's address: the API answers a problem document with
    /// 429 and Retry-After, and the sign-in page an error summary with the email kept.
    @Test func overHTTPTheThrottleAnswers429WithRetryAfter() async throws {
        try await withSignpostApp { world in
            // Port 0: the system picks a free port for each request's server.
            let live = try world.app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            var json = HTTPHeaders()
            json.contentType = .json
            var last: TestingHTTPResponse?
            for index in 0...SignInRules.maximumFailuresPerAddressPerMinute {
                let body = #"{"email":"nobody\#(index)@test.example","password":"guess","totp":"123456"}"#
                try await live.test(.POST, "/api/v1/auth/token", headers: json, body: ByteBuffer(string: body)) {
                    last = $0
                }
            }
            let api = try #require(last)
            #expect(api.status == .tooManyRequests)
            #expect(api.headers.contentType?.subType == "problem+json")
            #expect(api.body.string.contains("too many failed sign-ins"))
            #expect(Int(api.headers.first(name: .retryAfter) ?? "").map { (1...120).contains($0) } == true)
            var form = HTTPHeaders()
            form.contentType = .urlEncodedForm
            // The sign-in form's double-submit CSRF token: any long value, as cookie and field.
            let csrf = String(repeating: "c", count: 40)
            form.replaceOrAdd(name: .cookie, value: "\(SessionCookie.csrfName)=\(csrf)")
            try await live.test(
                .POST, "/sign-in", headers: form,
                body: ByteBuffer(string: "email=kept%40test.example&password=guess&code=123456&csrfToken=\(csrf)")
            ) { page in
                #expect(page.status == .tooManyRequests)
                #expect(page.headers.first(name: .retryAfter) != nil)
                #expect(page.body.string.contains("govuk-error-summary"))
                #expect(page.body.string.contains("kept@test.example"))
            }
        }
    }
}
