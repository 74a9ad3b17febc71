import Foundation
import SignpostCore
import SignpostServer
import Vapor

/// `signpost demo --federated`: the three demo authorities as three Signpost nodes (ports PORT, PORT+1,
/// PORT+2) and a national hub (PORT+10), all on one machine, each with its own SQLite file. Each node is
/// seeded with the whole demo, as the single-deployment demo is, but is keyed to one authority and lists
/// with the hub only that authority's children, so a national look-up from one node is answered by the
/// hub and the holding authority's own node and policy.
struct FederatedDemo {
    let hostname: String
    let port: Int
    let folder: String
    let seedOnly: Bool

    struct Node {
        let app: Application
        let key: NodeSigningKey
        let url: String
        let credentials: String
    }

    func file(_ name: String) -> String {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return path
    }

    func run() async throws {
        var base = try Runtime.settings()
        if ProcessInfo.processInfo.environment["SIGNPOST_BCRYPT_COST"] == nil { base.bcryptCost = 10 }
        base.hostname = hostname
        let secret = try LinkageSecret.generate(epoch: "demo")
        // The demo plays the key custodian too: the hub and every node pin its key, so each node trusts only
        // the directory entries it endorsed.
        let custodian = CustodianSigningKey.generate()
        base.directoryCustodian = custodian.publicKey
        let hubURL = "http://\(hostname):\(port + 10)"
        var hubSettings = base
        hubSettings.database = .sqliteFile(path: file("signpost-demo-hub.sqlite"))
        let hub = try await SignpostHubApp.make(
            environment: try SignpostEnvironment(
                settings: hubSettings, masterKey: MasterKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })),
            vaporEnvironment: Environment(name: "development", arguments: ["signpost-hub"]))
        try await SignpostHubApp.prepare(hub)
        try await hub.server.start(address: .hostname(hostname, port: port + 10))
        var nodes: [Node] = []
        for (offset, authority) in DemoSeeder.authorityCodes.enumerated() {
            let node = try await makeNode(authority, port: port + offset, hubURL: hubURL, secret: secret, base: base)
            let entry = HubNode(
                node: authority, publicKey: node.key.publicKey.encoded,
                contactRoute: DemoSeeder.frontDoor(of: authority), baseURL: node.url)
            try await SignpostHubApp.enrolNode(
                hub, node: authority, publicKey: entry.publicKey, contactRoute: entry.contactRoute,
                baseURL: entry.baseURL, endorsement: try custodian.endorse(entry, issuedAt: Date(), validDays: 400))
            nodes.append(node)
        }
        for node in nodes {
            let synced = try await SignpostOperations(app: node.app).federationSync(
                hubURL: hubURL, key: node.key, secret: secret)
            say(
                "node \(node.key.node) at \(node.url): \(synced.enrolled) children listed with the hub, "
                    + "\(synced.retired) kept off it; accounts in \(node.credentials)")
        }
        say("hub at \(hubURL): keyed encodings and pointers only (docs/national-signposting.md)")
        if seedOnly {
            for app in nodes.map(\.app) + [hub] {
                await app.server.shutdown()
                try await app.asyncShutdown()
            }
            return
        }
        say(
            "Try a national look-up from Kingsbridge for a child Ashdown Vale knows: see README, 'National signposting'."
        )
        // The servers were started directly, so the apps are booted here: booting runs the background work
        // (audit sequencing and signing, and the once-a-minute housekeeping), as `serve` does.
        for app in nodes.map(\.app) + [hub] {
            SignpostApp.runAuditBackgroundWork(in: app)
            try await app.asyncBoot()
        }
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    private func makeNode(_ authority: String, port: Int, hubURL: String, secret: LinkageSecret, base: Settings)
        async throws -> Node
    {
        let key = try NodeSigningKey.generate(node: authority)
        var settings = base
        settings.database = .sqliteFile(path: file("signpost-demo-\(authority).sqlite"))
        settings.port = port
        settings.federation = FederationSettings(hubURL: hubURL, nodeKey: key, secret: secret)
        let app = try await Runtime.makeApp(
            settings: settings, arguments: Runtime.serveArguments(hostname: hostname, port: port))
        try await SignpostOperations(app: app).migrate()
        let accounts = try await DemoSeeder(application: app).seed()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let credentials = URL(fileURLWithPath: folder).appendingPathComponent("demo-credentials-\(authority).json").path
        _ = FileManager.default.createFile(
            atPath: credentials, contents: try encoder.encode(accounts), attributes: [.posixPermissions: 0o600])
        try await app.server.start(address: .hostname(hostname, port: port))
        return Node(app: app, key: key, url: "http://\(hostname):\(port)", credentials: credentials)
    }
}
