import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// A migrated `signpost-hub` app for tests, with two enrolled nodes and what they sign with.
struct HubWorld: Sendable {
    let app: Application
    let clock: TestClock
    let leeds: NodeSigningKey
    let york: NodeSigningKey

    static let secret = try! LinkageSecret(epoch: "2026-test", material: Data(repeating: 9, count: 32))
    /// The key custodian of the tests' directory: every enrolment the tests make carries its endorsement, so a
    /// hub or node may pin its key.
    static let custodian = CustodianSigningKey.generate()

    /// When the tests' endorsements are issued: the test clock's start.
    static let endorsedAt = Date(timeIntervalSince1970: 1_795_000_000)

    /// Enrols a node with the custodian's endorsement of the entry as given.
    static func enrol(
        _ app: Application, _ key: NodeSigningKey, contactRoute: String, baseURL: String
    ) async throws {
        let entry = HubNode(
            node: key.node, publicKey: key.publicKey.encoded, contactRoute: contactRoute, baseURL: baseURL)
        try await SignpostHubApp.enrolNode(
            app, node: entry.node, publicKey: entry.publicKey, contactRoute: contactRoute, baseURL: baseURL,
            endorsement: try custodian.endorse(entry, issuedAt: endorsedAt, validDays: 400))
    }

    /// Sends `json` to `path`, signed as `key`'s node at the test clock's time (moved by `skew` seconds).
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, json: String = "", as key: NodeSigningKey?, skew: TimeInterval = 0
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let key {
            let signed = try key.headers(
                method: method.rawValue, path: path, body: Data(json.utf8), now: clock.now.addingTimeInterval(skew))
            for (name, value) in signed { headers.add(name: name, value: value) }
        }
        return try await TestBrowser(app).send(method, path, headers: headers, body: json.isEmpty ? nil : json)
    }

    func encode(_ record: MatchRecord) -> LinkageEncoding { LinkageEncoder(secret: Self.secret).encode(record) }

    static func json(_ value: some Encodable) -> String {
        String(decoding: try! JSONEncoder().encode(value), as: UTF8.self)
    }

    /// An enrolment retired 30 days from the test clock's today unless `retireBy` says otherwise.
    func enrolmentJSON(handle: String, _ encoding: LinkageEncoding, tier: Int = 2, retireBy: String? = nil)
        -> String
    {
        let retireBy = retireBy ?? CalendarDate(clock.now).adding(days: 30).iso
        return Self.json(
            HubEnrolmentInput(handle: handle, encoding: encoding, tier: tier, retireBy: retireBy))
    }

    func queryJSON(_ encoding: LinkageEncoding, purpose: String = "new-referral", reference: String = "ref-1")
        -> String
    {
        Self.json(
            HubQueryInput(encoding: encoding, purpose: purpose, requestReference: reference))
    }

    struct AuditRow: Decodable {
        var action: String
        var outcome: String
        var subjectId: String?
        var details: String
    }

    /// The hub's audit events, oldest first.
    func auditTrail() async throws -> [AuditRow] {
        try await AuditSequencer.sequencePending(on: app.db)
        let sql = app.db as! any SQLDatabase
        return try await sql.select().columns("action", "outcome", "subject_id", "details").from("audit_events")
            .orderBy("sequence").all(decoding: AuditRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}

func withHubApp(adjust: (inout Settings) -> Void = { _ in }, _ body: (HubWorld) async throws -> Void) async throws {
    if TestDatabase.isPostgres { await AppSlots.shared.acquire() }
    defer { if TestDatabase.isPostgres { Task { await AppSlots.shared.release() } } }
    let clock = TestClock()
    var settings = Settings(database: TestDatabase.target, bcryptCost: 4)
    settings.logLevel = .warning
    adjust(&settings)
    let environment = try SignpostEnvironment(
        settings: settings, masterKey: MasterKey(bytes: Array(repeating: 7, count: 32)), clock: { clock.now })
    let schema = TestDatabase.isPostgres ? "hub_\(UUID().uuidString.prefix(8).lowercased())" : nil
    let app = try await SignpostHubApp.make(
        environment: environment, vaporEnvironment: .testing, databaseSchema: schema)
    do {
        try await SignpostHubApp.prepare(app)
        let leeds = try NodeSigningKey.generate(node: "E08000035")
        let york = try NodeSigningKey.generate(node: "E06000014")
        for (key, route) in [(leeds, "Leeds Front Door 0113 000 0000"), (york, "York MASH 01904 000000")] {
            try await HubWorld.enrol(
                app, key, contactRoute: route, baseURL: "https://\(key.node.lowercased()).signpost.test")
        }
        try await body(HubWorld(app: app, clock: clock, leeds: leeds, york: york))
        try await AuditSequencer.sequencePending(on: app.db)
        if case .broken(let sequence, let problem) = try await AuditVerification.verify(on: app.db) {
            Issue.record("the hub's audit chain is broken at \(sequence): \(problem)")
        }
    } catch {
        await dropSchema(schema, app: app)
        try? await app.asyncShutdown()
        throw error
    }
    await dropSchema(schema, app: app)
    try await app.asyncShutdown()
}

/// Every value in every table of a database, as the bytes an attacker who copied the files would read:
/// text as UTF-8, binary columns raw.
enum HubDatabaseDump {
    struct Name: Decodable { var name: String }

    static func everything(in db: any Database) async throws -> Data {
        let sql = db as! any SQLDatabase
        let tables: [String] =
            switch sql.dialect.name {
            case "sqlite":
                try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self)
                    .map(\.name)
            default:
                try await sql.raw(
                    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
                ).all(decoding: Name.self).map(\.name)
            }
        var dump = Data()
        for table in tables {
            for row in try await sql.select().column(SQLLiteral.all).from(table).all() {
                for column in row.allColumns {
                    if let text = try? row.decode(column: column, as: String?.self) {
                        dump.append(Data((text ?? "").utf8))
                    } else if let bytes = try? row.decode(column: column, as: Data?.self) {
                        dump.append(bytes ?? Data())
                    } else if let number = try? row.decode(column: column, as: Int64?.self) {
                        dump.append(Data(String(number ?? 0).utf8))
                    }
                    dump.append(0x1f)
                }
            }
        }
        return dump
    }
}
