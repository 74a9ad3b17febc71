import ArgumentParser
import Foundation
import SignpostCore
import SignpostServer

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with the audit log.",
        subcommands: [Verify.self, Checkpoint.self, Keygen.self])

    /// The signing key: `--key FILE`, or the file `SIGNPOST_AUDIT_SIGNING_KEY_FILE` names.
    static func signer(_ path: String?) -> SignedNote.Signer {
        guard let path = path ?? ProcessInfo.processInfo.environment["SIGNPOST_AUDIT_SIGNING_KEY_FILE"] else {
            Runtime.fail("No audit signing key: give --key FILE or set SIGNPOST_AUDIT_SIGNING_KEY_FILE.")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            Runtime.fail("The audit signing key file \(path) cannot be read.")
        }
        guard let signer = try? SignedNote.Signer(encoded: text) else {
            Runtime.fail("The audit signing key file \(path) does not hold a PRIVATE+KEY+… Ed25519 note key.")
        }
        return signer
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log. Alone, every link of the chain; with --against, that the log extends a "
                + "signed checkpoint a witness kept. Exits 0 when intact, 1 when not.")

        @Option(help: "A checkpoint file (C2SP signed note) to prove the log extends.") var against: String?
        @Option(help: "The log's verifier key (NAME+HASH+KEY), as published at /api/v1/audit/public-key.")
        var publicKey: String?
        @Option(help: "The signing key file, to take the verifier key from instead.") var key: String?

        func run() async throws {
            guard let against else { return try await verifyChain() }
            guard let note = try? String(contentsOfFile: against, encoding: .utf8) else {
                Runtime.fail("The checkpoint file \(against) cannot be read.")
            }
            let verifier: SignedNote.Verifier
            do {
                verifier = try SignedNote.Verifier(
                    encoded: publicKey ?? AuditCommand.signer(key).verifierKey)
            } catch {
                Runtime.fail("--public-key is not a verifier key (NAME+HASH+KEY).")
            }
            let result = try await runOperation(settings: try Runtime.settings()) {
                try await $0.verifyAudit(against: note, verifier: verifier)
            }
            print(result.message)
            if !result.extends { throw ExitCode(1) }
        }

        private func verifyChain() async throws {
            let verdict = try await runOperation(settings: try Runtime.settings()) { try await $0.verifyAudit() }
            switch verdict {
            case .intact(let events):
                print("audit chain intact: \(events) events")
            case .broken(let sequence, let problem):
                print("audit chain broken at sequence \(sequence): \(problem)")
                throw ExitCode(1)
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a checkpoint of the audit log and add it to a directory kept outside the database.")

        @Option(help: "The directory to add the checkpoint to (write-once storage, or an auditor's machine).")
        var out: String
        @Option(help: "The signing key file (default: SIGNPOST_AUDIT_SIGNING_KEY_FILE).") var key: String?

        func run() async throws {
            let signer = AuditCommand.signer(key)
            let note = try await runOperation(settings: try Runtime.settings()) {
                try await $0.auditCheckpoint(signer: signer)
            }
            do {
                let path = try SignpostOperations.keepCheckpoint(note, in: out)
                print("checkpoint written to \(path)")
            } catch {
                Runtime.fail("The checkpoint could not be added to \(out): \(error.localizedDescription)")
            }
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an Ed25519 audit signing key file (mode 0600); prints the verifier key to publish.")

        @Option(help: "The log's origin, e.g. signpost.example.gov.uk/audit.") var origin: String
        @Option(help: "The file to create; an existing file is never overwritten.") var out: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: out) else {
                Runtime.fail("\(out) already exists; a signing key is never overwritten.")
            }
            guard let signer = try? SignedNote.Signer.generate(name: origin) else {
                Runtime.fail("--origin must be a name with no spaces or '+'.")
            }
            guard
                FileManager.default.createFile(
                    atPath: out, contents: Data((signer.encoded + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { Runtime.fail("\(out) cannot be created.") }
            print(signer.verifierKey)
        }
    }
}
