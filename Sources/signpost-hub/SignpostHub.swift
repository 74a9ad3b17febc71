import ArgumentParser
import Foundation
import Logging
import SignpostCore
import SignpostServer
import Vapor

/// `signpost-hub`: the national signposting hub. It holds, for each child a node enrols, a keyed encoding
/// and a pointer, and answers signed queries with pointers. Settings come from the same environment as a
/// node's (`DATABASE_URL` or `SIGNPOST_DATABASE`, `SIGNPOST_PORT`, `SIGNPOST_AUDIT_SIGNING_KEY_FILE`...).
@main
struct SignpostHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signpost-hub",
        abstract: "The national signposting hub: keyed encodings and pointers, never a name.",
        subcommands: [HubServeCommand.self, HubNodesCommand.self])
}

enum HubRuntime {
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }

    /// Runs `body` with a migrated hub app and always shuts it down.
    static func withHub<T>(arguments: [String] = ["signpost-hub"], _ body: (Application) async throws -> T)
        async throws -> T
    {
        let settings: Settings
        let key: MasterKey
        do {
            // Before any setting is read: the hub must not so much as open the linkage secret's file.
            try SignpostHubApp.refuseLinkageSecret(in: ProcessInfo.processInfo.environment)
            settings = try Settings.fromEnvironment()
            key = try MasterKey.load(path: settings.keyFile, allowGenerate: true)
        } catch let error as ConfigurationError {
            fail(error.description)
        }
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let app: Application
        do {
            app = try await SignpostHubApp.make(
                environment: try SignpostEnvironment(settings: settings, masterKey: key),
                vaporEnvironment: Environment(name: "production", arguments: arguments))
        } catch let error as ConfigurationError {
            fail(error.description)
        }
        do {
            try await SignpostHubApp.prepare(app)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch let error as SignpostOperations.OperationError {
            try? await app.asyncShutdown()
            fail(error.description)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct HubServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Migrate the hub's database, load its encodings and serve.")

    func run() async throws {
        try await HubRuntime.withHub(arguments: ["signpost-hub", "serve"]) { app in
            SignpostApp.runAuditBackgroundWork(in: app)
            FileHandle.standardOutput.write(Data("signpost-hub serving\n".utf8))
            try await app.execute()
        }
    }
}

struct HubNodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes", abstract: "Enrol, list and remove the Signpost nodes that may use this hub.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a node with its public key (from signpost federation keygen), or replace it.")
        @ArgumentParser.Option(help: "The node's authority code, as in its key.") var node: String
        @ArgumentParser.Option(help: "A file holding the node's signpost-node-public v1 line.") var publicKeyFile:
            String
        @ArgumentParser.Option(
            help: "How practitioners elsewhere reach the authority (a phone number or team address).")
        var contactRoute: String
        @ArgumentParser.Option(help: "The node's http(s) address, for signed requests from other nodes.") var baseURL:
            String
        @ArgumentParser.Option(
            help: ArgumentHelp(
                "A file holding the key custodian's endorsement of this entry (signpost federation endorse); "
                    + "needed when the hub pins the custodian's key, and by every node that does."))
        var endorsementFile: String?

        func run() async throws {
            guard let key = try? String(contentsOfFile: publicKeyFile, encoding: .utf8) else {
                HubRuntime.fail("cannot read \(publicKeyFile)")
            }
            var endorsement: String?
            if let endorsementFile {
                guard let text = try? String(contentsOfFile: endorsementFile, encoding: .utf8) else {
                    HubRuntime.fail("cannot read \(endorsementFile)")
                }
                endorsement = text
            }
            try await HubRuntime.withHub { app in
                try await SignpostHubApp.enrolNode(
                    app, node: node, publicKey: key, contactRoute: contactRoute, baseURL: baseURL,
                    endorsement: endorsement)
            }
            print("node \(node) enrolled")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the enrolled nodes.")

        func run() async throws {
            let nodes = try await HubRuntime.withHub { try await SignpostHubApp.nodes($0) }
            for node in nodes { print("\(node.node)\t\(node.baseURL)\t\(node.contactRoute)") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a node and every encoding it enrolled.")
        @ArgumentParser.Option(help: "The node's authority code.") var node: String

        func run() async throws {
            try await HubRuntime.withHub { try await SignpostHubApp.removeNode($0, node: node) }
            print("node \(node) removed")
        }
    }
}
