import Crypto
import Foundation
import SignpostCore
import SignpostServer
import Vapor

/// `signpost-bench picture [reads]`: the shared picture at the scale (5 years x 12 organisations
/// of weekly contacts, 10,000 chronology entries, 40 relationships). Times each picture drawn in Core
/// alone (plain values in, SVG out), then through its service (policy, decryption, audit) and over HTTP.
func pictureBenchmark(_ arguments: [String]) async throws {
    let reads = arguments.first.flatMap(Int.init) ?? 100
    corePictureTimings(reads: reads)
    try decryptionTiming(reads: reads)

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("signpost-bench-picture.sqlite").path
    let app = try await benchmarkApp(databasePath: path)
    let support = BenchmarkSupport(app: app)
    let searcher = try await support.prepareSearcher()
    var child: BenchmarkSupport.SharedRecordChild!
    let loadTime = try await secondsThrowing { child = try await support.preparePicture(searcher) }
    print(String(format: "picture fixture loaded in %.1f s", loadTime))
    let services: [(String, () async throws -> Int)] = [
        ("contact graph", { try await support.contactGraph(child) }),
        ("word cloud (10,000 entries decrypted)", { try await support.wordCloud(child) }),
        ("relationships wheel", { try await support.wheel(child) }),
    ]
    for (name, draw) in services {
        var samples: [Double] = []
        for _ in 0..<reads { samples.append(try await secondsThrowing { _ = try await draw() }) }
        print("  service, \(name): \(percentiles(samples))")
    }

    let port = 19_000 + Int.random(in: 0..<1000)
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: port))
    let base = "http://127.0.0.1:\(port)"
    let token = try await apiToken(app, base: base, for: searcher)
    for picture in ["contact-graph", "word-cloud", "relationships"] {
        var samples: [Double] = []
        for _ in 0..<reads {
            let start = DispatchTime.now().uptimeNanoseconds
            let response = try await app.client.get(
                URI(string: "\(base)/api/v1/children/\(child.childID)/\(picture)"),
                headers: ["Authorization": "Bearer \(token)"])
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            guard response.status == .ok else {
                print("  HTTP \(response.status.code) for \(picture)")
                break
            }
        }
        print("  over HTTP, \(picture): \(percentiles(samples))")
    }
    await app.server.shutdown()
    try await app.asyncShutdown()
}

/// A release app on a fresh SQLite file, with cheap password hashing and no search limit.
func benchmarkApp(databasePath path: String) async throws -> Application {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    var settings = try Settings.fromEnvironment()
    settings.database = .sqliteFile(path: path)
    settings.bcryptCost = 4
    settings.logLevel = .error
    settings.searchesPerMinute = 10_000_000
    let environment = try SignpostEnvironment(
        settings: settings, masterKey: MasterKey(bytes: Array(repeating: 1, count: 32)))
    let app = try await SignpostApp.make(
        environment: environment, vaporEnvironment: Environment(name: "development", arguments: ["bench"]),
        workingDirectory: FileManager.default.currentDirectoryPath + "/", databaseSchema: nil)
    try await app.autoMigrate()
    return app
}

/// Opening 10,000 sealed summaries (base64, AES-GCM), the cloud's decryption cost without the database.
func decryptionTiming(reads: Int) throws {
    let cipher = FieldCipher(dataKey: SymmetricKey(size: .bits256))
    let sealed = try (0..<10_000).map {
        let context = "chronology-entry:\($0)"
        return (try cipher.seal(BenchmarkSupport.pictureSentence($0), context: context), context)
    }
    var samples: [Double] = []
    for _ in 0..<max(1, reads / 5) {
        let start = DispatchTime.now().uptimeNanoseconds
        for (text, context) in sealed { _ = try cipher.open(text, context: context) }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print("  Core, opening 10,000 sealed summaries: \(percentiles(samples))")
}

/// Core alone, on inputs of the same size: what the ≤ 10 ms target is about.
func corePictureTimings(reads: Int) {
    let today = CalendarDate(iso: "2026-12-01")!
    let organisations = (0..<12).map {
        GraphOrganisation(code: "ORG-\($0)", name: "Service \($0)", involvedFrom: today.adding(years: -5))
    }
    let contacts = organisations.enumerated().flatMap { index, organisation in
        (0..<260).filter { ($0 + index * 17) % 40 >= 3 }.map { week in
            GraphContact(
                organisationCode: organisation.code,
                fact: ContactFact(
                    on: today.adding(days: -(week * 7 + index)), kind: .homeVisit,
                    outcome: week % 9 == 0 ? .noAccess : .seen, childSeen: week % 9 != 0))
        }
    }
    let graphInput = ContactGraphInput(organisations: organisations, contacts: contacts, today: today)
    let documents = (0..<10_000).map {
        WordCloudDocument(text: BenchmarkSupport.pictureSentence($0), source: .chronology)
    }
    let wheelInput = WheelInput(
        childName: "Bench Record", dateOfBirth: today.adding(years: -4), tier: 1,
        people: (0..<40).map {
            WheelPerson(
                id: "p\($0)", name: "Person \($0) Bench", relationship: $0 % 5 == 0 ? nil : "family friend",
                livesWithChild: $0 % 8 == 0, basis: $0 % 3 == 0 ? nil : "Told by the family", recordedOn: today)
        },
        services: organisations.map {
            WheelService(id: $0.code, name: $0.name, organisationKind: "early-help", reason: "Referred")
        }, today: today)
    let pictures: [(String, () -> Int)] = [
        (
            "contact graph (\(contacts.count) contacts)",
            {
                ContactGraph.make(graphInput).svg(id: "g") { _, month in "/c?m=\(month.label)" }.utf8.count
            }
        ),
        (
            "word cloud (10,000 entries)",
            {
                WordCloud.make(
                    documents: documents, suppressedNames: ["Bench", "Record"], sensitiveOrganisationNames: []
                )
                .svg(id: "w") { "/c?text=\($0)" }.utf8.count
            }
        ),
        (
            "relationships wheel (40 people, 12 services)",
            {
                RelationshipWheel.make(wheelInput).svg(id: "r") { _ in nil }.utf8.count
            }
        ),
    ]
    for (name, draw) in pictures {
        var samples: [Double] = []
        var bytes = 0
        for _ in 0..<reads {
            let start = DispatchTime.now().uptimeNanoseconds
            bytes = draw()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print("  Core, \(name): \(percentiles(samples)), \(bytes) bytes of SVG")
    }
}
