import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Admin, audit page, operations")
struct PagesAndOperationsTests {
    @Test func onlyAuditorsReadTheAuditLogAndReadingIsAudited() async throws {
        try await withSignpostApp { world in
            let practitioner = try await world.account()
            let auditor = try await world.account(roles: [.auditor])
            let p = TestBrowser(world.app)
            try await p.signIn(practitioner, code: practitioner.code(at: world.clock.now))
            #expect(try await p.get("/audit").status == .forbidden)
            #expect(!p.lastBody.contains("Audit log</a>"))

            let a = TestBrowser(world.app)
            try await a.signIn(auditor, code: auditor.code(at: world.clock.now))
            let page = try await a.get("/audit?action=auth.sign-in")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(">Sign-in</td>"))
            #expect(!page.body.string.contains(">Account created</td>"))
            let last = try await AuditEventModel.query(on: try await world.auditLog).sort(\.$id, .descending).first()
            #expect(last?.action == "audit.searched")
            #expect(last?.details.contains(#""action":"auth.sign-in""#) == true)

            let byActor = try await a.get("/audit?actor=\(practitioner.email)")
            #expect(
                byActor.body.string.contains(practitioner.id.uuidString) || byActor.body.string.contains("Test Worker"))
            let bad = try await a.get("/audit?from=2026-02-30")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("real date"))
        }
    }

    @Test func adminsCreateSuspendAndReactivateAccounts() async throws {
        try await withSignpostApp { world in
            let admin = try await world.account(roles: [.admin])
            let worker = try await world.account()
            let workerBrowser = TestBrowser(world.app)
            try await workerBrowser.signIn(worker, code: worker.code(at: world.clock.now))
            #expect(try await workerBrowser.get("/admin/accounts").status == .forbidden)

            let browser = TestBrowser(world.app)
            try await browser.signIn(admin, code: admin.code(at: world.clock.now))
            #expect(try await browser.get("/admin/accounts").status == .ok)
            let invalid = try await browser.post(
                "/admin/accounts",
                form: ["name": "", "email": "not-an-email", "organisation": "NOPE", "dbsCheckedOn": "2031-01-01"])
            #expect(invalid.status == .unprocessableEntity)
            for message in [
                "correct format", "full name", "Choose at least one role", "no organisation", "today or in the past",
            ] {
                #expect(invalid.body.string.contains(message), "missing: \(message)")
            }
            try await browser.get("/admin/accounts")
            let created = try await browser.post(
                "/admin/accounts",
                form: [
                    "name": "New Person", "email": "new.person@test.example", "organisation": "TST-SCH",
                    "role[]": "practitioner",
                    "dbsCheckedOn": "2026-01-01", "trainedOn": "2026-01-02", "agreementSignedOn": "2026-01-03",
                ])
            // No administrator sees the new person's secrets: they get a one-time enrolment link.
            #expect(created.status == .seeOther)
            let page = try await browser.get("/admin/accounts?notice=invited")
            #expect(!page.body.string.contains("otpauth://"))
            let messages = try await OutboxService(context: world.context).pending(markSent: false)
            let link = try #require(messages.first { $0.recipient == "new.person@test.example" })
            let token = try #require(
                link.body.components(separatedBy: "/enrol/").last?.split(separator: "\n").first.map(String.init))
            // Stored only as its hash; it opens the enrolment page once, for its owner.
            #expect(
                try await EnrolmentLinkModel.query(on: world.app.db).filter(
                    \.$tokenHash == Credentials.tokenHash(token)
                ).count() == 1)
            #expect(try await EnrolmentLinkModel.query(on: world.app.db).filter(\.$tokenHash == token).count() == 0)
            let owner = TestBrowser(world.app)
            let enrolPage = try await owner.get("/enrol/\(token)")
            #expect(enrolPage.status == .ok)
            let secret = try #require(
                enrolPage.body.string.components(separatedBy: #"<code id="totp-secret">"#).last?.components(
                    separatedBy: "<"
                ).first)
            let newcomer = TestAccount(
                id: UUID(), email: "new.person@test.example", password: "correct horse battery staple", secret: secret)
            let short = try await owner.post(
                "/enrol/\(token)", form: ["password": "short", "confirmation": "short", "code": "000000"])
            #expect(short.status == .unprocessableEntity)
            let done = try await owner.post(
                "/enrol/\(token)",
                form: [
                    "password": newcomer.password, "confirmation": newcomer.password,
                    "code": newcomer.code(at: world.clock.now),
                ])
            #expect(done.status == .ok, "\(done.body.string.prefix(300))")
            #expect(try await TestBrowser(world.app).get("/enrol/\(token)").status == .notFound)
            world.clock.advance(seconds: 31)
            let signedIn = try await TestBrowser(world.app).signIn(newcomer, code: newcomer.code(at: world.clock.now))
            #expect(signedIn.status == .seeOther)

            try await browser.get("/admin/accounts")
            let suspended = try await browser.post("/admin/accounts/\(worker.id.uuidString)/suspend", form: [:])
            #expect(suspended.status == .seeOther)
            // The worker's live session ended at once.
            #expect(try await workerBrowser.get("/").status == .seeOther)
            try await browser.get("/admin/accounts")
            #expect(
                try await browser.post("/admin/accounts/\(worker.id.uuidString)/reactivate", form: [:]).status
                    == .seeOther)
            let actions = try await world.auditActions()
            for action in ["account.created", "account.suspended", "account.reactivated"] {
                #expect(actions.contains(action))
            }
            try await browser.get("/admin/accounts")
            #expect(
                try await browser.post("/admin/accounts/\(admin.id.uuidString)/suspend", form: [:]).status == .conflict)
            #expect(try await browser.post("/admin/accounts/not-a-uuid/suspend", form: [:]).status == .notFound)
        }
    }

    @Test func healthMetricsAndTheAPIDocument() async throws {
        let metricsToken = String(repeating: "m", count: 40)
        try await withSignpostApp(adjust: { $0.metricsToken = metricsToken }) { world in
            let browser = TestBrowser(world.app)
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.body.string.contains(#""status":"ok""#))
            // Proves which engine the suite really ran on.
            #expect(
                health.body.string.contains(
                    TestDatabase.isPostgres ? #""database":"postgresql""# : #""database":"sqlite""#))
            try await browser.get("/sign-in")
            #expect(try await browser.get("/metrics").status == .notFound)
            let metrics = try await browser.get("/metrics", headers: ["Authorization": "Bearer \(metricsToken)"])
            #expect(metrics.status == .ok)
            #expect(metrics.body.string.contains("signpost_audit_log_events"))
            #expect(metrics.body.string.contains("signpost_http_responses_total"))
            let json = try await browser.get("/api/v1/openapi.json")
            #expect(json.status == .ok)
            let document = try JSONSerialization.jsonObject(with: Data(json.body.string.utf8)) as? [String: Any]
            #expect(document?["openapi"] as? String == "3.1.0")
            let paths = document?["paths"] as? [String: Any]
            #expect(paths?["/api/v1/auth/token"] != nil)
            #expect(try await browser.get("/api/v1/openapi.yaml").body.string.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withSignpostApp { world in
            for path in ["/sign-in", "/privacy", "/healthz", "/does-not-exist", "/api/v1/me"] {
                let response = try await TestBrowser(world.app).get(path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer")
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil)
            }
        }
    }

    @Test func errorPagesRevealNoInternals() async throws {
        try await withSignpostApp { world in
            let page = try await TestBrowser(world.app).get("/no/such/page")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("Page not found"))
            #expect(page.body.string.contains("govuk-skip-link"))
            let api = try await TestBrowser(world.app).get("/api/v1/nothing")
            #expect(api.status == .notFound)
            #expect(api.headers.contentType?.description.contains("problem+json") == true)
        }
    }

    @Test func thePrivacyNoticeIsPublicAndWrittenForFamilies() async throws {
        try await withSignpostApp { world in
            let page = try await TestBrowser(world.app).get("/privacy")
            #expect(page.status == .ok)
            for phrase in ["What we hold", "lawful basis", "Your rights", "Who to contact", "Information Commissioner"]
            {
                #expect(page.body.string.contains(phrase), "missing: \(phrase)")
            }
        }
    }

    @Test func settingsFailLoudlyNamingTheSetting() throws {
        #expect(throws: ConfigurationError.self) { try Settings.fromEnvironment(["PORT": "eighty"]) }
        do {
            _ = try Settings.fromEnvironment(["DATABASE_URL": "mysql://x"])
            Issue.record("accepted an unsupported database")
        } catch {
            #expect(error.setting == "DATABASE_URL")
        }
        do {
            _ = try Settings.fromEnvironment(["LOG_LEVEL": "loud"])
            Issue.record("accepted a bad log level")
        } catch {
            #expect(error.setting == "LOG_LEVEL")
        }
        do {
            _ = try Settings.fromEnvironment(["SIGNPOST_ALERT_OUT_OF_AREA_PER_DAY": "0"])
            Issue.record("accepted a zero alert threshold")
        } catch {
            #expect(error.setting == "SIGNPOST_ALERT_OUT_OF_AREA_PER_DAY")
        }
        let tuned = try Settings.fromEnvironment([
            "SIGNPOST_ALERT_OUTSIDE_TEAM_PER_DAY": "50", "SIGNPOST_ALERT_SHIELDED_LOOKUPS_PER_DAY": "4",
        ])
        #expect(
            tuned.alertThresholds
                == AnomalyThresholds(outsideTeamPerDay: 50, outOfAreaPerDay: 3, shieldedLookupsPerDay: 4))
        #expect(try Settings.fromEnvironment([:]).database == .sqliteFile(path: "signpost.sqlite"))
        #expect(
            try Settings.fromEnvironment(["DATABASE_URL": "sqlite:///tmp/x.sqlite"]).database
                == .sqliteFile(path: "/tmp/x.sqlite"))
        #expect(
            try Settings.fromEnvironment(["DATABASE_URL": "postgres://u:p@h:5432/d"]).database
                == .postgres(url: "postgres://u:p@h:5432/d"))
        #expect(throws: ConfigurationError.self) { try Settings.fromEnvironment(["DATABASE_URL": "postgres://nohost"]) }
        #expect(try Settings.fromEnvironment(["PORT": "9000", "HOSTNAME": "0.0.0.0"]).port == 9000)
    }

    @Test func theMasterKeyFileIsValidated() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let short = directory.appendingPathComponent("short.key").path
        FileManager.default.createFile(atPath: short, contents: Data("abc".utf8))
        #expect(throws: ConfigurationError.self) { try MasterKey.load(path: short, allowGenerate: true) }
        #expect(throws: ConfigurationError.self) {
            try MasterKey.load(path: directory.appendingPathComponent("missing").path, allowGenerate: true)
        }
        let hex = directory.appendingPathComponent("hex.key").path
        FileManager.default.createFile(atPath: hex, contents: Data((String(repeating: "ab", count: 32) + "\n").utf8))
        _ = try MasterKey.load(path: hex, allowGenerate: false)
    }

    @Test func cliOperationsValidateAndReportEveryField() async throws {
        try await withSignpostApp { world in
            let operations = SignpostOperations(app: world.app)
            do {
                _ = try await operations.addPractitioner(
                    .init(
                        email: "bad", name: "X", organisationCode: "TST-CSC", roles: ["root"], jobTitle: nil,
                        phone: nil,
                        dbsCheckedOn: "2026-99-01", trainedOn: nil, agreementSignedOn: nil))
                Issue.record("accepted bad input")
            } catch let error as SignpostOperations.OperationError {
                #expect(error.description.contains("--email"))
                #expect(error.description.contains("--role"))
                #expect(error.description.contains("--dbs-checked"))
            }
            await #expect(throws: SignpostOperations.OperationError.self) {
                try await operations.addAuthority(
                    onsCode: "X1", name: "", officeHoursPhone: "1", emergencyDutyPhone: "2")
            }
            await #expect(throws: SignpostOperations.OperationError.self) {
                try await operations.addOrganisation(
                    code: "TST-CSC", name: "Dup", kind: "school", authorityCode: "E06000001", sensitive: false)
            }
            #expect(try await operations.verifyAudit() == .intact(events: 5))
        }
    }

    @Test func theDemoSeedsEveryRoleAndSensitiveServices() async throws {
        try await withSignpostApp { world in
            let accounts = try await DemoSeeder(application: world.app).seed()
            let roles = Set(accounts.flatMap { $0.role.split(separator: ",").map(String.init) })
            #expect(roles == Set(SystemRole.allCases.map(\.rawValue)))
            let sensitive = try await OrganisationModel.query(on: world.app.db).filter(\.$sensitive == true).all().map(
                \.kind)
            #expect(Set(sensitive).isSuperset(of: ["sexual-health", "camhs", "substance-misuse"]))
            guard case .intact(let events) = try await world.verifyAudit() else {
                Issue.record("demo seeding broke the audit chain")
                return
            }
            #expect(events > accounts.count)
        }
    }
}

@Suite("Unexpected failures")
struct UnexpectedFailureTests {
    @Test func unexpectedErrorsGetAGenericPageWithoutInternals() async throws {
        try await withSignpostApp(auditMustVerify: false) { world in
            // Audit writes now fail (the column they need is gone), as any unexpected database fault would.
            try await world.sql.raw("ALTER TABLE audit_pending RENAME COLUMN details TO details_gone").run()
            let browser = TestBrowser(world.app)
            try await browser.get("/sign-in")
            let page = try await browser.post(
                "/sign-in", form: ["email": "someone@test.example", "password": "p", "code": "123456"])
            #expect(page.status == .internalServerError)
            #expect(page.body.string.contains("Sorry, there is a problem with the service"))
            for leak in ["audit_pending", "SQL", "sqlite", "Error(", ".swift"] {
                #expect(!page.body.string.contains(leak), "leaks \(leak)")
            }
            var headers = HTTPHeaders()
            headers.contentType = .json
            let api = try await browser.send(
                .POST, "/api/v1/auth/token", headers: headers,
                body: #"{"email":"a@b.example","password":"p","totp":"123456"}"#)
            #expect(api.status == .internalServerError)
            #expect(!api.body.string.contains("audit_pending"))
        }
    }
}
