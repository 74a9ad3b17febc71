import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// A clock the tests move by hand, to cross lockout, idle-timeout and TOTP-step boundaries.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// The database the suite runs on: in-memory SQLite by default, PostgreSQL when `DATABASE_URL` says so.
/// On PostgreSQL every test gets its own schema, so tests can run in parallel without meeting.
enum TestDatabase {
    static var target: Settings.DatabaseTarget {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { return .sqliteMemory }
        do {
            return try Settings.parseDatabaseURL(url)
        } catch {
            // Never fall back silently: a suite that claims PostgreSQL must run on PostgreSQL.
            fatalError("DATABASE_URL for the tests is not usable: \(error)")
        }
    }

    static var isPostgres: Bool {
        if case .postgres = target { return true }
        return false
    }
}

let packageRoot =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path + "/"

/// The app's database after sequencing the pending audit events.
func sequencedAuditLog(_ app: Application) async throws -> any Database {
    try await AuditSequencer.sequencePending(on: app.db)
    return app.db
}

struct TestWorld: Sendable {
    let app: Application
    let clock: TestClock

    var context: ServiceContext { app.serviceContext() }
}

/// Caps how many test apps hold PostgreSQL connections at once, so a parallel run stays under the
/// server's connection limit.
actor AppSlots {
    static let shared = AppSlots(limit: 12)
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        free = limit
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// Builds a migrated app with reference data, runs `body`, and always shuts the app down.
func withSignpostApp(
    tls: Bool = false, auditMustVerify: Bool = true, adjust: (inout Settings) -> Void = { _ in },
    _ body: (TestWorld) async throws -> Void
) async throws {
    if TestDatabase.isPostgres { await AppSlots.shared.acquire() }
    defer { if TestDatabase.isPostgres { Task { await AppSlots.shared.release() } } }
    let clock = TestClock()
    var settings = Settings(database: TestDatabase.target, bcryptCost: 4)
    settings.tls = tls
    settings.logLevel = .warning
    adjust(&settings)
    let environment = try SignpostEnvironment(
        settings: settings, masterKey: MasterKey(bytes: Array(repeating: 7, count: 32)), clock: { clock.now })
    let schema = TestDatabase.isPostgres ? "test_\(UUID().uuidString.prefix(8).lowercased())" : nil
    let app = try await SignpostApp.make(
        environment: environment, vaporEnvironment: .testing, workingDirectory: packageRoot, databaseSchema: schema)
    do {
        try await app.autoMigrate()
        try await seedReferenceData(app)
        try await body(TestWorld(app: app, clock: clock))
        // Whatever a test did through the service, the audit chain still verifies (tests that tamper
        // with it on purpose say so).
        if auditMustVerify,
            case .broken(let sequence, let problem) = try await AuditVerification.verify(on: sequencedAuditLog(app))
        {
            Issue.record("the audit chain is broken at \(sequence): \(problem)")
        }
    } catch {
        await dropSchema(schema, app: app)
        try? await app.asyncShutdown()
        throw error
    }
    await dropSchema(schema, app: app)
    try await app.asyncShutdown()
}

func dropSchema(_ schema: String?, app: Application) async {
    guard let schema, let sql = app.db as? any SQLDatabase else { return }
    try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

/// Two authorities and a few organisations, enough for accounts of every kind.
func seedReferenceData(_ app: Application) async throws {
    let reference = ReferenceDataService(context: app.serviceContext())
    _ = try await reference.addAuthority(
        onsCode: "E06000001", name: "Testshire Council", officeHoursPhone: "01632 960001",
        emergencyDutyPhone: "01632 960002")
    _ = try await reference.addAuthority(
        onsCode: "E06000002", name: "Otherton Council", officeHoursPhone: "01632 960003",
        emergencyDutyPhone: "01632 960004")
    _ = try await reference.addOrganisation(
        code: "TST-CSC", name: "Testshire Children's Social Care", kind: "childrens-social-care",
        authorityCode: "E06000001", sensitive: false)
    _ = try await reference.addOrganisation(
        code: "TST-SCH", name: "Testshire School", kind: "school", authorityCode: "E06000001", sensitive: false)
    _ = try await reference.addOrganisation(
        code: "OTH-CAMHS", name: "Otherton CAMHS", kind: "camhs", authorityCode: "E06000002", sensitive: true)
}

/// A created account and what its holder needs to sign in.
struct TestAccount: Sendable {
    var id: UUID
    var email: String
    var password: String
    var secret: String

    func code(at date: Date, offsetSteps: Int64 = 0) -> String {
        let totp = TOTP(secret: Base32.decode(secret)!)
        return totp.code(forStep: totp.step(at: date) + offsetSteps)
    }
}

extension TestWorld {
    func account(
        _ email: String = "worker\(UUID().uuidString.prefix(6).lowercased())@test.example",
        roles: [SystemRole] = [.practitioner],
        organisation: String = "TST-CSC", dbs: String? = "default", trained: String? = "default",
        agreement: String? = "default",
        name: String = "Test Worker"
    ) async throws -> TestAccount {
        let recent = CalendarDate(clock.now).adding(years: -1).iso
        let created = try await AccountService(context: context).create(
            .init(
                email: email, name: name, organisationCode: organisation, roles: roles.map(\.rawValue),
                jobTitle: "Worker",
                phone: nil, dbsCheckedOn: dbs == "default" ? recent : dbs,
                trainedOn: trained == "default" ? recent : trained,
                agreementSignedOn: agreement == "default" ? recent : agreement),
            by: nil)
        return TestAccount(
            id: created.practitionerID, email: created.email, password: created.initialPassword,
            secret: created.totpSecret)
    }

    /// Admits a practitioner to a child's team as a data manager's direct admission would, for tests
    /// whose subject is what members do rather than how they join.
    func admitToTeam(_ practitioner: UUID, child: UUID) async throws {
        try await TeamMembershipModel(
            childID: child, practitionerID: practitioner, basis: "direct", admittedBy: nil, at: clock.now
        )
        .create(on: app.db)
    }

    func verifyAudit() async throws -> AuditChain.Verdict {
        try await AuditVerification.verify(on: auditLog)
    }

    /// The database, once every committed audit event has its place in the log, as the server's
    /// sequencer gives it within a fraction of a second.
    var auditLog: any Database {
        get async throws { try await sequencedAuditLog(app) }
    }

    func auditActions() async throws -> [String] {
        try await AuditEventModel.query(on: try await sequencedAuditLog(app)).sort(\.$id).all().map(\.action)
    }

    var sql: any SQLDatabase { app.db as! any SQLDatabase }
}

/// A tiny browser for in-process requests: keeps cookies and finds the CSRF token in pages.
final class TestBrowser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var lastBody = ""

    init(_ app: Application) {
        self.app = app
    }

    var csrfToken: String? {
        guard let range = lastBody.range(of: #"name="csrfToken" value="([^"]+)""#, options: .regularExpression) else {
            return nil
        }
        let match = String(lastBody[range])
        return match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers)
    }

    @discardableResult
    func post(_ path: String, form: [String: String], includeCSRF: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if includeCSRF, fields["csrfToken"] == nil, let token = csrfToken { fields["csrfToken"] = token }
        let body = fields.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: body)
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws
        -> TestingHTTPResponse
    {
        var headers = headers
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var captured: TestingHTTPResponse?
        let refusalsBefore = try await Self.refusalCount(app)
        try await app.testing().test(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            response in
            captured = response
        }
        let response = captured!
        // Every refused request leaves exactly one audit event, whichever test sends it.
        if Self.isAuditedRefusal(status: response.status, path: path, routes: app.routes.all) {
            let written = try await Self.refusalCount(app) - refusalsBefore
            #expect(
                written == 1,
                "\(method) \(path.prefix(100)) answered \(response.status.code) and left \(written) refusal audit events"
            )
        }
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || header.contains("Max-Age=0") {
                cookies.removeValue(forKey: pair[0])
            } else {
                cookies[pair[0]] = pair[1]
            }
        }
        lastBody = response.body.string
        return response
    }

    /// Refusals logged so far, placed in the log or still pending.
    static func refusalCount(_ app: Application) async throws -> Int {
        let sql = app.db as! any SQLDatabase
        var count = 0
        for table in [AuditEventModel.schema, AuditSequencer.pendingTable] {
            count += try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .where("outcome", .equal, AuditOutcome.refused.rawValue).first()!.decode(column: "n", as: Int.self)
        }
        return count
    }

    /// The refusals that must be audited: API answers 400, 403, 404, 409, 422 and 429, and page answers
    /// 403, 404 and 429 (a page's 422 is a form shown again with its errors). Only for routed addresses
    /// and requests that got past sign-in; an unknown address is no refusal of anything.
    static func isAuditedRefusal(status: HTTPResponseStatus, path: String, routes: [Route]) -> Bool {
        let bare = String(path.split(separator: "?", maxSplits: 1).first ?? "")
        let api = bare.hasPrefix("/api/")
        let statuses: Set<UInt> = api ? [400, 403, 404, 409, 422, 429] : [403, 404, 429]
        guard statuses.contains(status.code), !bare.hasPrefix("/api/v1/auth/"), !bare.hasPrefix("/sign-in"),
            !bare.hasPrefix("/enrol/")
        else {
            return false
        }
        let segments = bare.split(separator: "/").map(String.init)
        return routes.contains { route in
            route.path.count == segments.count
                && zip(route.path, segments).allSatisfy { component, segment in
                    switch component {
                    case .constant(let text): text == segment
                    case .parameter: true
                    default: false
                    }
                }
        }
    }

    /// Signs in through the page and returns the response to the form post.
    @discardableResult
    func signIn(_ account: TestAccount, code: String) async throws -> TestingHTTPResponse {
        try await get("/sign-in")
        return try await post("/sign-in", form: ["email": account.email, "password": account.password, "code": code])
    }
}
