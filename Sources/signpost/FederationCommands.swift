import ArgumentParser
import Foundation
import SignpostCore
import SignpostServer

/// National signposting from a node: its signing key, the key custodian's linkage secret, and the sync that
/// puts the authority's eligible children on the hub as keyed encodings (docs/national-signposting.md).
struct FederationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federation", abstract: "Take part in national signposting through a signpost-hub.",
        subcommands: [Keygen.self, IssueLinkageKey.self, CustodianKeygen.self, Endorse.self, Sync.self])

    /// Writes `text` to a new file readable only by its owner; an existing file is never overwritten.
    static func createSecretFile(_ path: String, _ text: String, mode: Int = 0o600) {
        guard !FileManager.default.fileExists(atPath: path) else {
            Runtime.fail("\(path) already exists; a key file is never overwritten.")
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: mode])
        else { Runtime.fail("\(path) cannot be created.") }
    }

    static func read(_ path: String?, setting: String, what: String) -> String {
        guard let path = path ?? ProcessInfo.processInfo.environment[setting] else {
            Runtime.fail("No \(what): give its file or set \(setting).")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            Runtime.fail("The \(what) file \(path) cannot be read.")
        }
        return text
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the node's Ed25519 request-signing key (mode 0600) and FILE.pub, the public key the "
                + "hub operator enrols with signpost-hub nodes add.")

        @Option(help: "The node's authority code (ONS code, e.g. E08000035).") var node: String
        @Option(help: "The private key file to create.") var out: String

        func run() throws {
            let key: NodeSigningKey
            do {
                key = try NodeSigningKey.generate(node: node)
            } catch {
                Runtime.fail("--node: \(error)")
            }
            FederationCommand.createSecretFile(out, key.encoded)
            FederationCommand.createSecretFile(out + ".pub", key.publicKey.encoded, mode: 0o644)
            print(key.publicKey.encoded)
        }
    }

    struct IssueLinkageKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-linkage-key",
            abstract: "For the key custodian only: create an epoch's linkage secret (mode 0600) to give every node "
                + "over an authenticated channel. Never give it to the hub.")

        @Option(help: "The key epoch, e.g. 2027-1.") var epoch: String
        @Option(help: "The file to create.") var out: String

        func run() throws {
            let secret: LinkageSecret
            do {
                secret = try LinkageSecret.generate(epoch: epoch)
            } catch {
                Runtime.fail("--epoch: \(error)")
            }
            FederationCommand.createSecretFile(out, secret.encoded)
            print("linkage secret for epoch \(secret.epoch) written to \(out)")
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the hub this authority's listing: enrol the children the access policy lets it hold, "
                + "retire the rest. Run at least every 35 days (the hub forgets entries after that).")

        @Option(help: "The hub's address, e.g. https://hub.signpost.example.") var hub: String
        @Option(help: "The node's signing key file (default SIGNPOST_NODE_KEY_FILE).") var nodeKey: String?
        @Option(help: "The epoch's linkage secret file (default SIGNPOST_LINKAGE_KEY_FILE).") var linkageKey: String?

        func run() async throws {
            let key: NodeSigningKey
            let secret: LinkageSecret
            do {
                key = try NodeSigningKey(
                    encoded: FederationCommand.read(nodeKey, setting: "SIGNPOST_NODE_KEY_FILE", what: "node key"))
                secret = try LinkageSecret(
                    encoded: FederationCommand.read(
                        linkageKey, setting: "SIGNPOST_LINKAGE_KEY_FILE", what: "linkage secret"))
            } catch {
                Runtime.fail("\(error)")
            }
            let result = try await runOperation(settings: try Runtime.settings()) {
                try await $0.federationSync(hubURL: hub, key: key, secret: secret)
            }
            print("node \(key.node): \(result.enrolled) enrolled with the hub, \(result.retired) retired")
            print(
                "\(result.peers) peers trusted"
                    + (result.unendorsed > 0
                        ? "; \(result.unendorsed) left out: the pinned key custodian did not endorse them as the hub gave them"
                        : ""))
        }
    }
}
