import Foundation
import SignpostCore
import SignpostServer
import Vapor

/// The hub at national scale (issue 17): the Dice scan's rate on one core and on all of them, and one signed
/// hub query over HTTP against N enrolled encodings, end to end. `signpost-bench hub-query [encodings] [queries]`.
///
/// The first 20,000 encodings are synthetic children (seed 21); the rest are those encodings with their words
/// rotated, which keeps them balanced (1,024 bits set) but unrelated to any child, so every query scans all N
/// and finds only its own child's few.
func hubQueryBenchmark(_ arguments: [String]) async throws {
    let total = arguments.first.flatMap(Int.init) ?? 1_000_000
    let queryCount = arguments.count > 1 ? Int(arguments[1]) ?? 500 : 500
    let population = SyntheticPopulation.generate(children: 20_000, seed: 21)
    let secret = try LinkageSecret.generate(epoch: "bench")
    let encoder = LinkageEncoder(secret: secret)
    let children = population.index.map { encoder.encode($0) }
    let encodings = (0..<total).map { position in
        let child = children[position % children.count]
        let turn = position / children.count
        if turn == 0 { return child }
        let words = (0..<child.words.count).map { word in
            child.words[(word + turn) % child.words.count].rotated(by: turn % 63 + 1)
        }
        return LinkageEncoding(epoch: child.epoch, words: words, nhsToken: nil)
    }
    let queries = population.incoming.prefix(queryCount).map { encoder.encode($0) }
    print("hub query: \(total) encodings, \(queries.count) queries")
    try scanRates(encodings, queries)
    try await overHTTP(encodings, queries)
}

extension UInt64 {
    fileprivate func rotated(by bits: Int) -> UInt64 { (self << UInt64(bits)) | (self >> UInt64(64 - bits)) }
}

/// Dice comparisons a second: one core below the parallel threshold, then every core over all N, one query to
/// a scan and then batches of queries scanned together (as `HubScanQueue` does under load).
private func scanRates(_ encodings: [LinkageEncoding], _ queries: [LinkageEncoding]) throws {
    for size in [LinkageIndex.parallelThreshold - 1, encodings.count] {
        var index = LinkageIndex(epoch: encodings[0].epoch)
        for encoding in encodings.prefix(size) { _ = try index.append(encoding) }
        for batch in [1, 2, 4, 8] {
            var latencies: [Double] = []
            var found = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for first in stride(from: 0, to: queries.count - batch + 1, by: batch) {
                let began = DispatchTime.now().uptimeNanoseconds
                found += index.candidates(
                    for: Array(queries[first..<first + batch]), threshold: HubAnswerRules.possibleThreshold,
                    limit: 200
                ).reduce(0) { $0 + $1.count }
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let compared = Double(size) * Double(latencies.count * batch)
            let cores = size >= LinkageIndex.parallelThreshold ? ProcessInfo.processInfo.activeProcessorCount : 1
            print(
                String(
                    format:
                        "  scan of %d encodings on %d core(s), %d quer%@ a pass, hardware popcount %@: %.0f M Dice/s; "
                        + "a pass %@; %d found",
                    size, cores, batch, batch == 1 ? "y" : "ies", LinkageIndex.usesHardwarePopcount ? "yes" : "no",
                    compared / elapsed / 1e6, percentiles(latencies), found))
        }
    }
}

/// Enrols every encoding through the hub's API (1,000 to a request, signed), then times signed queries.
private func overHTTP(_ encodings: [LinkageEncoding], _ queries: [LinkageEncoding]) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("signpost-bench-hub.sqlite").path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    var settings = try Settings.fromEnvironment()
    settings.database = .sqliteFile(path: path)
    settings.logLevel = .error
    settings.hubEntriesPerNode = 2_000_000  // the benchmark enrols its million as one node
    let environment = try SignpostEnvironment(
        settings: settings, masterKey: MasterKey(bytes: Array(repeating: 1, count: 32)))
    let app = try await SignpostHubApp.make(
        environment: environment, vaporEnvironment: Environment(name: "development", arguments: ["bench"]))
    try await SignpostHubApp.prepare(app)
    let holder = try NodeSigningKey.generate(node: "BENCH-HOLDER")
    let asker = try NodeSigningKey.generate(node: "BENCH-ASKER")
    for key in [holder, asker] {
        try await SignpostHubApp.enrolNode(
            app, node: key.node, publicKey: key.publicKey.encoded, contactRoute: "0113 000 0000",
            baseURL: "https://\(key.node.lowercased()).test")
    }
    let port = 19_000 + Int.random(in: 0..<1000)
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: port))
    let client = SignedHubClient(app: app, base: "http://127.0.0.1:\(port)")
    let enrolling = try await secondsThrowing {
        for start in stride(from: 0, to: encodings.count, by: 1_000) {
            let records = encodings[start..<min(start + 1_000, encodings.count)].enumerated().map { offset, encoding in
                [
                    "handle": "h\(start + offset)", "epoch": encoding.epoch,
                    "encoding": encoding.bytes.base64EncodedString(), "tier": 2,
                    "retireBy": CalendarDate(Date()).adding(days: 30).iso,
                ] as [String: Any]
            }
            _ = try await client.send("/hub/v1/enrolments", ["records": records], as: holder)
        }
    }
    print(
        String(
            format: "  enrolled %d over HTTP in %.1f s: %.0f records/s", encodings.count, enrolling,
            Double(encodings.count) / enrolling))
    var latencies: [Double] = []
    var pointers = 0
    for (number, query) in queries.enumerated() {
        var body: [String: Any] = [
            "epoch": query.epoch, "encoding": query.bytes.base64EncodedString(), "purpose": "new-referral",
            "requestReference": "bench-\(number)",
        ]
        body["nhsToken"] = query.nhsToken
        let start = DispatchTime.now().uptimeNanoseconds
        let answer = try await client.send("/hub/v1/queries", body, as: asker)
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        pointers += answer.components(separatedBy: "\"handle\"").count - 1
    }
    print("  signed hub query over HTTP against \(encodings.count): \(percentiles(latencies)), \(pointers) pointers")
    await app.server.shutdown()
    try await app.asyncShutdown()
}

private struct SignedHubClient {
    let app: Application
    let base: String

    func send(_ path: String, _ object: [String: Any], as key: NodeSigningKey) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: object)
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (name, value) in try key.headers(method: "POST", path: path, body: body, now: Date()) {
            headers.add(name: name, value: value)
        }
        let response = try await app.client.post(URI(string: base + path), headers: headers) { request in
            request.body = ByteBuffer(data: body)
        }
        let text = response.body.map { String(buffer: $0) } ?? ""
        guard response.status == .ok else { throw Abort(response.status, reason: String(text.prefix(300))) }
        return text
    }
}
