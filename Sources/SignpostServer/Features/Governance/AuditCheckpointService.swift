import Fluent
import Foundation
import SignpostCore

/// Signed checkpoints of the audit log for witnesses. A checkpoint holds no personal data (the log's
/// name, its size, its root hash and a time), so it and the verifier key are public, as a transparency
/// log's are. Each checkpoint signed is also added to `SIGNPOST_AUDIT_WITNESS_DIR` when it is set.
struct AuditCheckpointService {
    let context: ServiceContext

    private var signer: SignedNote.Signer {
        get throws {
            guard let signer = context.environment.auditSigner else {
                throw ServiceError.notFound(
                    "This server has no audit signing key (SIGNPOST_AUDIT_SIGNING_KEY_FILE), so it signs no checkpoints."
                )
            }
            return signer
        }
    }

    /// The verifier key to check checkpoints with: `name+hash+base64(0x01 ‖ Ed25519 public key)`.
    func publicKey() throws -> String { try signer.verifierKey }

    /// A checkpoint of the log as it stands, signed now.
    func latest() async throws -> String {
        let note = try await AuditTree.checkpoint(signer: try signer, now: context.now, on: context.db)
        if let directory = context.environment.settings.auditWitnessDirectory {
            try Self.keep(note, in: directory)
        }
        return note
    }

    /// Adds the checkpoint to the witness directory under a new name; an existing file is never replaced.
    static func keep(_ note: String, in directory: String) throws {
        let size = note.split(separator: "\n").dropFirst().first.map(String.init) ?? "0"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("checkpoint-\(size)-\(UUID().uuidString).txt")
        guard FileManager.default.createFile(atPath: path, contents: Data(note.utf8)) else {
            throw ServiceError(
                kind: .unavailable, title: "Witness directory unavailable",
                detail: "The checkpoint could not be added to SIGNPOST_AUDIT_WITNESS_DIR.")
        }
    }
}
