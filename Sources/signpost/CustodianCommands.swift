import ArgumentParser
import Foundation
import SignpostCore

/// The key custodian's part in the directory: a signing key kept offline, and an endorsement of each node's
/// entry (name, public key, contact route, address) that the hub operator enrols with the node and every node
/// checks against the pinned public key (docs/national-signposting.md, "The signed directory").
extension FederationCommand {
    struct CustodianKeygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "custodian-keygen",
            abstract: "For the key custodian only: create the directory-signing key (mode 0600) and FILE.pub, the "
                + "public key every node and the hub pin with SIGNPOST_DIRECTORY_CUSTODIAN_KEY_FILE.")

        @Option(help: "The private key file to create.") var out: String

        func run() throws {
            let key = CustodianSigningKey.generate()
            FederationCommand.createSecretFile(out, key.encoded)
            FederationCommand.createSecretFile(out + ".pub", key.publicKey.encoded, mode: 0o644)
            print(key.publicKey.encoded)
        }
    }

    struct Endorse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For the key custodian only: print the endorsement of a node's directory entry, for "
                + "signpost-hub nodes add --endorsement-file. Check the key and routes with the authority first.")

        @Option(help: "The custodian's signing key file (from custodian-keygen).") var custodianKey: String
        @Option(help: "The node's authority code, as in its key.") var node: String
        @Option(help: "A file holding the node's signpost-node-public v1 line.") var publicKeyFile: String
        @Option(help: "How practitioners elsewhere reach the authority, exactly as the hub will list it.")
        var contactRoute: String
        @Option(help: "The node's http(s) address, exactly as the hub will list it.") var baseURL: String
        @Option(help: "Days the endorsement is trusted (1 to 1000): endorse the entry again before then.")
        var validDays: Int = 400

        func run() throws {
            let custodian: CustodianSigningKey
            let key: NodePublicKey
            do {
                custodian = try CustodianSigningKey(
                    encoded: FederationCommand.read(custodianKey, setting: "", what: "custodian key"))
                key = try NodePublicKey(encoded: FederationCommand.read(publicKeyFile, setting: "", what: "public key"))
            } catch {
                Runtime.fail("\(error)")
            }
            guard (1...1_000).contains(validDays) else { Runtime.fail("--valid-days must be 1 to 1000.") }
            guard key.node == node else {
                Runtime.fail("\(publicKeyFile) is the key of node \(key.node), not \(node).")
            }
            let entry = HubNode(node: node, publicKey: key.encoded, contactRoute: contactRoute, baseURL: baseURL)
            do {
                print(try custodian.endorse(entry, issuedAt: Date(), validDays: validDays))
            } catch {
                Runtime.fail("the entry could not be signed: \(error)")
            }
        }
    }
}
