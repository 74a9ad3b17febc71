import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The checkpoints witnesses fetch: public, in the C2SP formats, signed with the key from its own file,
/// and each also added to the witness directory; a server without a key answers 404 with a problem.
@Suite("Audit checkpoints over HTTP")
struct AuditCheckpointAPITests {
    static func keyFile() throws -> (path: String, signer: SignedNote.Signer) {
        let signer = try SignedNote.Signer.generate(name: "signpost.test/audit")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID()).key").path
        try (signer.encoded + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (path, signer)
    }

    @Test func withoutAKeyTheServerSaysSo() async throws {
        try await withSignpostApp { world in
            let browser = TestBrowser(world.app)
            for path in [
                "/api/v1/audit/public-key", "/api/v1/audit/checkpoints/latest", "/api/v1/audit/events/1/proof",
            ] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound)
                // Every 404 reads alike (the error middleware's rule): a problem document, no detail of why.
                #expect(response.body.string.contains(#""status":404"#))
            }
        }
    }

    @Test func aWitnessFetchesTheKeyAndACheckpointThatTheLogExtends() async throws {
        let (path, signer) = try Self.keyFile()
        let witness = FileManager.default.temporaryDirectory.appendingPathComponent("witness-\(UUID())").path
        try await withSignpostApp(adjust: {
            $0.auditSigningKeyFile = path
            $0.auditWitnessDirectory = witness
        }) { world in
            let browser = TestBrowser(world.app)
            let key = try await browser.get("/api/v1/audit/public-key")
            #expect(key.status == .ok && key.body.string == signer.verifierKey + "\n")
            try await AuditLogTests.write(3, in: world)
            let response = try await browser.get("/api/v1/audit/checkpoints/latest")
            #expect(response.status == .ok)
            let note = response.body.string
            let verifier = try SignedNote.Verifier(encoded: key.body.string)
            let checkpoint = try Checkpoint(text: try verifier.open(note))
            #expect(checkpoint.origin == "signpost.test/audit" && checkpoint.size == 8)
            let kept = try FileManager.default.contentsOfDirectory(atPath: witness)
            #expect(kept.count == 1)
            let copy = try String(
                contentsOfFile: (witness as NSString).appendingPathComponent(kept[0]), encoding: .utf8)
            #expect(copy == note, "the witness directory holds the same signed checkpoint")
            try await AuditLogTests.write(2, in: world)
            #expect(
                try await AuditTree.verify(against: note, verifier: verifier, on: world.app.db)
                    == .extends(events: 10, covered: 8))
        }
    }

    @Test func aKeyFileThatIsNotAKeyStopsTheServerNamingTheSetting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).key").path
        try "not a key\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try SignpostEnvironment.auditSigner(from: path)
            Issue.record("a malformed key file was accepted")
        } catch let error as ConfigurationError {
            #expect(error.setting == "SIGNPOST_AUDIT_SIGNING_KEY_FILE")
        }
        #expect(throws: ConfigurationError.self) { try SignpostEnvironment.auditSigner(from: path + ".missing") }
    }
}
