import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Sign-in: password, TOTP, lockout, vetting")
struct SignInTests {
    @Test func aVettedPractitionerSignsInAndLandsOnTheDashboard() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            let response = try await browser.signIn(account, code: account.code(at: world.clock.now))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/")
            let setCookie = response.headers[.setCookie].first { $0.hasPrefix("signpost_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(!setCookie.contains("Secure"))
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.string.contains("Welcome, Test Worker"))
            // The dashboard lists the practitioner's children and notifications; reading each is audited too.
            #expect(
                try await world.auditActions().suffix(3) == ["auth.sign-in", "caseload.viewed", "notifications.viewed"])
        }
    }

    @Test func wrongPasswordAndUnknownEmailGetTheSameMessage() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.get("/sign-in")
            let wrongPassword = try await browser.post(
                "/sign-in",
                form: ["email": account.email, "password": "nope", "code": account.code(at: world.clock.now)])
            let unknown = try await browser.post(
                "/sign-in", form: ["email": "nobody@test.example", "password": "nope", "code": "123456"])
            let wrongCode = try await browser.post(
                "/sign-in", form: ["email": account.email, "password": account.password, "code": "000000"])
            for response in [wrongPassword, unknown, wrongCode] {
                #expect(response.status == .unauthorized)
                #expect(response.body.string.contains(AuthenticationService.genericFailure))
                #expect(response.body.string.contains("govuk-error-summary"))
            }
            // The audit log records the unknown email only as a keyed hash.
            let events = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "auth.sign-in"
            ).all()
            #expect(events.allSatisfy { !$0.details.contains("nobody@test.example") })
            #expect(events.contains { $0.details.contains("emailHash") })
        }
    }

    @Test func emptyFieldsAreNamedInTheErrorSummary() async throws {
        try await withSignpostApp { world in
            let browser = TestBrowser(world.app)
            try await browser.get("/sign-in")
            let response = try await browser.post("/sign-in", form: ["email": "", "password": "", "code": ""])
            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            #expect(body.contains("<title>Error: Sign in to Signpost"))
            #expect(body.contains("href=\"#email\""))
            #expect(body.contains("Enter your password"))
            #expect(body.contains("Enter the 6-digit security code"))
        }
    }

    @Test func aCodeCannotBeUsedTwice() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let code = account.code(at: world.clock.now)
            #expect(try await TestBrowser(world.app).signIn(account, code: code).status == .seeOther)
            world.clock.advance(seconds: 5)
            #expect(try await TestBrowser(world.app).signIn(account, code: code).status == .unauthorized)
            // The next step's code works.
            world.clock.advance(seconds: 30)
            #expect(
                try await TestBrowser(world.app).signIn(account, code: account.code(at: world.clock.now)).status
                    == .seeOther)
        }
    }

    @Test func fiveFailuresLockTheAccountForFifteenMinutes() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.get("/sign-in")
            for _ in 1...5 {
                try await browser.post(
                    "/sign-in", form: ["email": account.email, "password": "wrong", "code": "000000"])
            }
            // Right credentials are refused while locked, with the same generic message.
            let locked = try await browser.post(
                "/sign-in",
                form: ["email": account.email, "password": account.password, "code": account.code(at: world.clock.now)])
            #expect(locked.status == .unauthorized)
            #expect(try await world.auditActions().contains("auth.lockout"))
            world.clock.advance(seconds: 14 * 60)
            let stillLocked = try await browser.post(
                "/sign-in",
                form: ["email": account.email, "password": account.password, "code": account.code(at: world.clock.now)])
            #expect(stillLocked.status == .unauthorized)
            world.clock.advance(seconds: 61)
            let open = try await browser.post(
                "/sign-in",
                form: ["email": account.email, "password": account.password, "code": account.code(at: world.clock.now)])
            #expect(open.status == .seeOther)
        }
    }

    @Test func fourFailuresThenSuccessResetsTheCount() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.get("/sign-in")
            for _ in 1...4 {
                try await browser.post(
                    "/sign-in", form: ["email": account.email, "password": "wrong", "code": "000000"])
            }
            #expect(
                try await browser.post(
                    "/sign-in",
                    form: [
                        "email": account.email, "password": account.password, "code": account.code(at: world.clock.now),
                    ]
                ).status == .seeOther)
            let model = try await PractitionerModel.find(account.id, on: world.app.db)
            #expect(model?.failedAttempts == 0)
            #expect(model?.lockedUntil == nil)
        }
    }

    @Test(
        "vetting failures are refused with their reason",
        arguments: [
            ("lapsed", "more than 3 years old"), ("no-dbs", "no enhanced DBS check"),
            ("untrained", "not completed Signpost training"),
            ("unsigned", "not signed the Signpost user agreement"), ("suspended", "suspended"),
        ])
    func refusals(kind: String, message: String) async throws {
        try await withSignpostApp { world in
            let overThreeYearsAgo = CalendarDate(world.clock.now.addingTimeInterval(-1100 * 86_400)).iso
            let account = try await world.account(
                dbs: kind == "lapsed" ? overThreeYearsAgo : (kind == "no-dbs" ? nil : "default"),
                trained: kind == "untrained" ? nil : "default", agreement: kind == "unsigned" ? nil : "default")
            if kind == "suspended" {
                try await AccountService(context: world.context).setStatus(
                    .suspended, practitionerID: account.id, by: nil)
            }
            let response = try await TestBrowser(world.app).signIn(account, code: account.code(at: world.clock.now))
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains(message))
            let last = try await AuditEventModel.query(on: try await world.auditLog).sort(\.$id, .descending).first()
            #expect(last?.action == "auth.sign-in")
            #expect(last?.outcome == "refused")
        }
    }
}
