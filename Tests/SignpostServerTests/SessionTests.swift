import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Sessions and CSRF")
struct SessionTests {
    @Test func pagesNeedASignedInSession() async throws {
        try await withSignpostApp { world in
            let response = try await TestBrowser(world.app).get("/")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/sign-in")
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            let stolenCookie = browser.cookies["signpost_session"]!
            try await browser.get("/")
            let out = try await browser.post("/sign-out", form: [:])
            #expect(out.status == .seeOther)
            #expect(out.headers.first(name: .location) == "/signed-out")
            // The old cookie no longer works even if it was copied.
            let replay = TestBrowser(world.app)
            replay.cookies["signpost_session"] = stolenCookie
            #expect(try await replay.get("/").status == .seeOther)
            #expect(try await world.auditActions().contains("auth.sign-out"))
        }
    }

    @Test func fifteenIdleMinutesEndTheSession() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            world.clock.advance(seconds: 14 * 60)
            #expect(try await browser.get("/").status == .ok)
            world.clock.advance(seconds: 14 * 60)
            #expect(try await browser.get("/").status == .ok, "activity restarts the idle timer")
            world.clock.advance(seconds: 15 * 60 + 1)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func eightHoursEndTheSessionEvenWhenBusy() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            for _ in 0..<(8 * 6 - 1) {
                world.clock.advance(seconds: 10 * 60)
                #expect(try await browser.get("/").status == .ok)
            }
            world.clock.advance(seconds: 10 * 60)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func theSessionCookieIsStoredOnlyAsAHash() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            let cookie = browser.cookies["signpost_session"]!
            let rows = try await SessionModel.query(on: world.app.db).all()
            #expect(rows.count == 1)
            #expect(rows[0].tokenHash != cookie)
            #expect(rows[0].tokenHash == Credentials.tokenHash(cookie))
        }
    }

    @Test func aFormWithoutOrWithAWrongCSRFTokenIsRefused() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.get("/sign-in")
            let missing = try await browser.post(
                "/sign-in",
                form: [
                    "email": account.email, "password": account.password, "code": account.code(at: world.clock.now),
                ], includeCSRF: false)
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post(
                "/sign-in",
                form: [
                    "email": account.email, "password": account.password, "code": account.code(at: world.clock.now),
                    "csrfToken": String(repeating: "x", count: 43),
                ])
            #expect(wrong.status == .forbidden)
            // Without a CSRF cookie at all (a cross-site post), it is refused too.
            let stranger = TestBrowser(world.app)
            let crossSite = try await stranger.post(
                "/sign-in",
                form: [
                    "email": account.email, "password": account.password, "code": "123456",
                    "csrfToken": "anything-at-all-anything-at-all-xx",
                ])
            #expect(crossSite.status == .forbidden)
            // Nothing was attempted: no sign-in event was written for these.
            #expect(try await world.auditActions().filter { $0 == "auth.sign-in" }.isEmpty)
        }
    }

    @Test func signedInFormsNeedTheSessionToken() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            let anonymousToken = browser.cookies["signpost_csrf"]!
            try await browser.get("/")
            // The pre-sign-in token is not the session's token.
            #expect(try await browser.post("/sign-out", form: ["csrfToken": anonymousToken]).status == .forbidden)
            #expect(try await browser.post("/sign-out", form: [:], includeCSRF: false).status == .forbidden)
            #expect(try await browser.post("/sign-out", form: [:]).status == .seeOther)
        }
    }

    @Test func cookiesAreSecureAndHSTSIsSentOnTLS() async throws {
        try await withSignpostApp(tls: true) { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            let page = try await browser.get("/sign-in")
            #expect(page.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            let response = try await browser.signIn(account, code: account.code(at: world.clock.now))
            let setCookie = response.headers[.setCookie].first { $0.hasPrefix("signpost_session=") } ?? ""
            #expect(setCookie.contains("Secure"))
        }
    }
}
