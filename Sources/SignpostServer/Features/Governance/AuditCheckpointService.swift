import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SignpostCore

/// Signed checkpoints of the audit log for witnesses, and inclusion proofs against them. A checkpoint
/// holds no personal data (the log's name, its size, its root hash and a time), and a proof only hashes,
/// so they and the verifier key are public, as a transparency log's are. Each checkpoint of a size not
/// kept before is also added to `SIGNPOST_AUDIT_WITNESS_DIR` when it is set.
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

    /// A checkpoint of the log as it stands, with every committed event placed in it, signed now.
    func latest() async throws -> String {
        let signer = try signer
        try await AuditSequencer.sequencePending(on: context.db)
        let (note, size, _) = try await AuditTree.checkpoint(signer: signer, now: context.now, on: context.db)
        try witness(note, size: size)
        return note
    }

    /// Adds the checkpoint to the witness directory unless this server already kept one of that size.
    func witness(_ note: String, size: Int) throws {
        guard let directory = context.environment.settings.auditWitnessDirectory,
            context.environment.checkpointsKept.claim(size: size)
        else { return }
        _ = try Self.keep(note, in: directory, now: context.now)
    }

    struct InclusionProof: Sendable {
        var sequence: Int64
        var treeSize: Int
        var leafHash: MerkleTree.Hash
        var proof: [MerkleTree.Hash]
        var rootHash: MerkleTree.Hash
        var checkpoint: String
    }

    /// That event `sequence` is in the log: an RFC 9162 audit path to the root of a checkpoint signed now.
    func inclusionProof(sequence: Int64) async throws -> InclusionProof {
        let signer = try signer
        guard let sql = context.db as? any SQLDatabase else { throw ServiceError.notFound("No audit log.") }
        try await AuditSequencer.sequencePending(on: context.db)
        let (note, size, root) = try await AuditTree.checkpoint(signer: signer, now: context.now, on: context.db)
        guard sequence >= 1, sequence <= size else {
            throw ServiceError.notFound("The audit log has \(size) events; there is no event \(sequence).")
        }
        let (leaf, proof) = try await AuditTree.inclusionProof(sequence: sequence, size: size, on: sql)
        try witness(note, size: size)
        return InclusionProof(
            sequence: sequence, treeSize: size, leafHash: leaf, proof: proof, rootHash: root, checkpoint: note)
    }

    /// Adds the checkpoint to the directory under a new name and returns its path; a file is never replaced.
    static func keep(_ note: String, in directory: String, now: Date) throws -> String {
        let size = note.split(separator: "\n").dropFirst().first.map(String.init) ?? "0"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "checkpoint-\(size)-\(Int(now.timeIntervalSince1970))-\(UUID().uuidString.prefix(8)).txt"
        let path = (directory as NSString).appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: path),
            FileManager.default.createFile(atPath: path, contents: Data(note.utf8))
        else {
            throw ServiceError(
                kind: .unavailable, title: "Witness directory unavailable",
                detail: "The checkpoint could not be added to the witness directory.")
        }
        return path
    }
}

/// The largest checkpoint size this server has added to the witness directory, so that polling
/// `/checkpoints/latest` or the once-a-second signer adds a file only when the log has grown.
public final class CheckpointLedger: Sendable {
    private let largestKept = NIOLockedValueBox(-1)

    public init() {}

    /// True once for each size larger than any kept before.
    func claim(size: Int) -> Bool {
        largestKept.withLockedValue { largest in
            guard size > largest else { return false }
            largest = size
            return true
        }
    }
}
