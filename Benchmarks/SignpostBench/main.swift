import Foundation
import SQLKit
import SignpostCore
import SignpostServer
import Vapor

/// Benchmarks, run in release mode: `swift run -c release signpost-bench linkage [children] [seed]`.
/// Prints figures in a form that can be pasted into docs/benchmarks.md.

func seconds(_ body: () async -> Void) async -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "linkage"

switch command {
case "linkage":
    await linkageBenchmark(Array(arguments.dropFirst()))
case "shared-record":
    try await sharedRecordBenchmark(Array(arguments.dropFirst()))
case "search":
    try await searchBenchmark(Array(arguments.dropFirst()))
case "refusals":
    try await refusalTimingBenchmark(Array(arguments.dropFirst()))
case "picture":
    try await pictureBenchmark(Array(arguments.dropFirst()))
case "audit-tree":
    try await auditTreeBenchmark(Array(arguments.dropFirst()))
case "hub-encoding":
    await hubEncodingBenchmark(Array(arguments.dropFirst()))
case "hub-query":
    try await hubQueryBenchmark(Array(arguments.dropFirst()))
case "anonlink-agreement":
    try anonlinkAgreementBenchmark(Array(arguments.dropFirst()))
case "encoded-linkage":
    try encodedLinkageBenchmark(Array(arguments.dropFirst()))
default:
    print(
        "usage: signpost-bench linkage [children] [seed] [--show-errors] | search [children] [queries] | refusals [children] [requests] | shared-record [entries] [reads] | picture [reads] | audit-tree [stored events] [core events] | hub-encoding [children] [seed] | hub-query [encodings] [queries] | anonlink-agreement [work dir] [threshold] | encoded-linkage [febrl4 dir]"
    )
}

func percentiles(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    func at(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
    return String(format: "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (n=%d)", at(0.50), at(0.95), at(0.99), sorted.count)
}

/// Search latency at scale: bulk-loads N synthetic children into the configured database
/// (DATABASE_URL, or a fresh SQLite file), then times searches in-process and over HTTP.
func searchBenchmark(_ arguments: [String]) async throws {
    let children = arguments.first.flatMap(Int.init) ?? 100_000
    let queries = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
    // SIGNPOST_BENCH_REUSE=1 keeps an already loaded database, to time searches again after a change.
    let reuse = ProcessInfo.processInfo.environment["SIGNPOST_BENCH_REUSE"] == "1"
    var settings = try Settings.fromEnvironment()
    let usingPostgres: Bool
    if case .postgres = settings.database {
        usingPostgres = true
    } else {
        usingPostgres = false
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("signpost-bench-\(children).sqlite")
            .path
        if !reuse { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        settings.database = .sqliteFile(path: path)
    }
    settings.bcryptCost = 4
    settings.logLevel = .error
    settings.searchesPerMinute = 10_000_000
    let environment = try SignpostEnvironment(
        settings: settings, masterKey: MasterKey(bytes: Array(repeating: 1, count: 32)))
    let schema = usingPostgres ? "bench_\(children)" : nil
    let app = try await SignpostApp.make(
        environment: environment, vaporEnvironment: Environment(name: "development", arguments: ["bench"]),
        workingDirectory: FileManager.default.currentDirectoryPath + "/", databaseSchema: schema)
    defer {}
    if !reuse, let schema, let sql = app.db as? any SQLDatabase {
        try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
    }
    try await app.autoMigrate()
    let support = BenchmarkSupport(app: app)
    let searcher = try await support.prepareSearcher(reuse: reuse)
    let population = SyntheticPopulation.generate(
        children: children, seed: 11, incomingFraction: Double(queries * 2) / Double(children))
    var loadTime = 0.0
    if !reuse {
        loadTime = await seconds {
            do {
                try await support.bulkLoad(population.index) { done in
                    if done % 100_000 == 0 { FileHandle.standardError.write(Data("  loaded \(done)\n".utf8)) }
                }
            } catch { print("load failed: \(error)") }
        }
    }
    print(
        "search: \(population.index.count) children on \(usingPostgres ? "PostgreSQL" : "SQLite"), loaded in \(String(format: "%.1f", loadTime)) s"
    )
    let probes = population.incoming.filter { $0.dateOfBirth != nil || Postcode($0.postcode) != nil }.prefix(queries)

    var inProcess: [Double] = []
    var found = 0
    for probe in probes {
        let start = DispatchTime.now().uptimeNanoseconds
        found += try await support.search(
            searcher, givenName: probe.givenName, familyName: probe.familyName, dateOfBirth: probe.dateOfBirth?.iso,
            postcode: Postcode(probe.postcode)?.normalised)
        inProcess.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print("  in-process: \(percentiles(inProcess)), \(found) results")

    let port = 18_000 + Int.random(in: 0..<1000)
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = port
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: port))
    let base = "http://127.0.0.1:\(port)"
    let token = try await apiToken(app, base: base, for: searcher)
    var overHTTP: [Double] = []
    for probe in probes {
        var criteria: [String: String] = ["givenName": probe.givenName, "familyName": probe.familyName]
        if let dob = probe.dateOfBirth { criteria["dateOfBirth"] = dob.iso }
        if let postcode = Postcode(probe.postcode) { criteria["postcode"] = postcode.normalised }
        let body = try JSONSerialization.data(withJSONObject: ["reason": "new-referral", "criteria": criteria])
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await app.client.post(
            URI(string: "\(base)/api/v1/children/search"),
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        ) { request in
            request.body = ByteBuffer(data: body)
        }
        overHTTP.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        if response.status != .ok {
            print("  HTTP \(response.status.code)")
            break
        }
    }
    print("  over HTTP:  \(percentiles(overHTTP))")
    await app.server.shutdown()
    try await app.asyncShutdown()
}

/// The two kinds of 404 over HTTP: a child that exists but is hidden from the caller, and an id that
/// does not exist. Requests alternate, so both see the same machine; the difference between their
/// medians is what a caller could use to tell them apart.
func refusalTimingBenchmark(_ arguments: [String]) async throws {
    let children = arguments.first.flatMap(Int.init) ?? 10_000
    let requests = arguments.count > 1 ? Int(arguments[1]) ?? 2000 : 2000
    var settings = try Settings.fromEnvironment()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "signpost-bench-refusals-\(children).sqlite"
    ).path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    settings.database = .sqliteFile(path: path)
    settings.bcryptCost = 4
    settings.logLevel = .error
    let environment = try SignpostEnvironment(
        settings: settings, masterKey: MasterKey(bytes: Array(repeating: 1, count: 32)))
    let app = try await SignpostApp.make(
        environment: environment, vaporEnvironment: Environment(name: "development", arguments: ["bench"]),
        workingDirectory: FileManager.default.currentDirectoryPath + "/", databaseSchema: nil)
    try await app.autoMigrate()
    let support = BenchmarkSupport(app: app)
    let searcher = try await support.prepareSearcher()
    try await support.bulkLoad(SyntheticPopulation.generate(children: children, seed: 5, incomingFraction: 0.01).index)
    let hidden = try await support.childIDs(limit: requests)
    let port = 18_000 + Int.random(in: 1000..<2000)
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: port))
    let base = "http://127.0.0.1:\(port)"
    let token = try await apiToken(app, base: base, for: searcher)
    func time(_ id: UUID) async throws -> (Double, UInt) {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await app.client.get(
            URI(string: "\(base)/api/v1/children/\(id)"), headers: ["Authorization": "Bearer \(token)"])
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, response.status.code)
    }
    var hiddenTimes: [Double] = []
    var missingTimes: [Double] = []
    for index in 0..<min(requests, hidden.count) {
        let (h, hs) = try await time(hidden[index])
        let (m, ms) = try await time(UUID())
        guard hs == 404, ms == 404 else {
            print("unexpected status: hidden \(hs), missing \(ms)")
            return
        }
        hiddenTimes.append(h)
        missingTimes.append(m)
    }
    func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] * 1000 }
    print("refusals: \(children) children on SQLite, \(hiddenTimes.count) requests of each kind over HTTP")
    print("  hidden child 404:  \(percentiles(hiddenTimes))")
    print("  missing id 404:    \(percentiles(missingTimes))")
    print(String(format: "  median difference: %.2f ms", median(hiddenTimes) - median(missingTimes)))
    try await app.server.shutdown()
    try await app.asyncShutdown()
}

/// An API token for the benchmark's practitioner, signed in over HTTP as a client would.
func apiToken(_ app: Application, base: String, for searcher: BenchmarkSupport.Searcher) async throws -> String {
    let code = TOTP(secret: Base32.decode(searcher.totpSecret)!).code(at: Date())
    let response = try await app.client.post(URI(string: "\(base)/api/v1/auth/token")) { request in
        try request.content.encode(["email": searcher.email, "password": searcher.password, "totp": code], as: .json)
    }
    return try response.content.get(String.self, at: "token")
}

/// `signpost-bench shared-record [entries] [reads]`: a child with 10,000 chronology entries, 5,000 contacts
/// and 2,000 posts; the first chronology page and a free-text search timed in-process (decrypted, policy
/// applied, the read audited), and a contact import's rate.
func sharedRecordBenchmark(_ arguments: [String]) async throws {
    let entries = arguments.first.flatMap(Int.init) ?? 10_000
    let reads = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("signpost-bench-record.sqlite").path
    let app = try await benchmarkApp(databasePath: path)
    let support = BenchmarkSupport(app: app)
    let searcher = try await support.prepareSearcher()
    var child: BenchmarkSupport.SharedRecordChild!
    let loadTime = try await secondsThrowing {
        child = try await support.prepareSharedRecord(
            searcher, entries: entries, contacts: entries / 2, posts: entries / 5)
    }
    print(
        String(
            format: "shared record: %d entries, %d contacts, %d posts loaded in %.1f s", entries, entries / 2,
            entries / 5, loadTime))
    var firstPage: [Double] = []
    for _ in 0..<reads {
        firstPage.append(try await secondsThrowing { _ = try await support.chronologyPage(child) })
    }
    print("  chronology first page (50, decrypted, policy, audited): \(percentiles(firstPage))")
    var search: [Double] = []
    for index in 0..<max(20, reads / 10) {
        let words = index % 2 == 0 ? "attendance" : "Entry 9\(index % 10)"
        search.append(try await secondsThrowing { _ = try await support.chronologyPage(child, text: words) })
    }
    print("  free-text search over all entries: \(percentiles(search))")

    let port = 19_000 + Int.random(in: 0..<1000)
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = port
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: port))
    let base = "http://127.0.0.1:\(port)"
    let token = try await apiToken(app, base: base, for: searcher)
    var overHTTP: [Double] = []
    for _ in 0..<reads {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await app.client.get(
            URI(string: "\(base)/api/v1/children/\(child.childID)/chronology"),
            headers: ["Authorization": "Bearer \(token)"])
        overHTTP.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        if response.status != .ok {
            print("  HTTP \(response.status.code)")
            break
        }
    }
    print("  chronology first page over HTTP: \(percentiles(overHTTP))")
    await app.server.shutdown()
    let importRows = 20_000
    var imported = 0
    let importTime = try await secondsThrowing {
        imported = try await support.importContacts(child, rows: importRows, offset: 0)
    }
    print(
        String(
            format: "  contact import: %d rows in %.2f s, %.0f rows/s", imported, importTime,
            Double(imported) / importTime))
    try await app.asyncShutdown()
}

func secondsThrowing(_ body: () async throws -> Void) async throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
