import Crypto
import Foundation
import Testing

@testable import SignpostCore

/// Signed notes and checkpoints against the published vector of golang.org/x/mod/sumdb/note
/// (`note_test.go` and its package documentation: the PeterNeumann key pair and signature). Ed25519
/// is deterministic (RFC 8032), so signing the same text must give the same note byte for byte; if it
/// does, Go's `note.Open`, and every witness built on it, accepts Signpost's checkpoints.
@Suite("Signed notes and checkpoints (C2SP)")
struct SignedNoteTests {
    static let signerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let text =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let note =
        text
        + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func thePublishedKeysParseAndTheSignatureIsReproducedByteForByte() throws {
        let signer = try SignedNote.Signer(encoded: Self.signerKey)
        #expect(signer.verifierKey == Self.verifierKey)
        #expect(signer.encoded == Self.signerKey)
        #expect(try signer.sign(Self.text) == Self.note)
        #expect(try SignedNote.Verifier(encoded: Self.verifierKey).open(Self.note) == Self.text)
    }

    @Test func aChangedTextAnotherKeyOrAMalformedNoteIsRefused() throws {
        let verifier = try SignedNote.Verifier(encoded: Self.verifierKey)
        let edited = Self.note.replacingOccurrences(of: "answer", with: "antidote")
        #expect(throws: SignedNote.Failure.badSignature) { try verifier.open(edited) }
        let other = try SignedNote.Signer(name: "PeterNeumann", key: Curve25519.Signing.PrivateKey())
        #expect(throws: SignedNote.Failure.noSignatureByThisKey) { try verifier.open(try other.sign(Self.text)) }
        for broken in [Self.text, "", "\n\n\u{2014} x y\n", Self.note.replacingOccurrences(of: "\u{2014}", with: "-")] {
            #expect(throws: SignedNote.Failure.self) { try verifier.open(broken) }
        }
        for key in [
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // key ID does not match
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3", "PeterNeumann+c74f20a3+!!!!",
        ] {
            #expect(throws: SignedNote.Failure.malformedKey) { try SignedNote.Verifier(encoded: key) }
        }
        #expect(throws: SignedNote.Failure.malformedNote) { try other.sign("no final newline") }
        #expect(throws: SignedNote.Failure.malformedNote) { try other.sign("a blank\n\nline\n") }
    }

    @Test func aCheckpointRoundTripsThroughItsSignedNote() throws {
        let signer = try SignedNote.Signer(name: "signpost.example/audit", key: Curve25519.Signing.PrivateKey())
        let root = MerkleTree.root([MerkleTree.leafHash(Array("event".utf8))])
        let checkpoint = Checkpoint(origin: "signpost.example/audit", size: 1, root: root, time: "2026-12-03T07:00:00Z")
        #expect(checkpoint.text.hasPrefix("signpost.example/audit\n1\n"))
        let note = try signer.sign(checkpoint.text)
        let opened = try Checkpoint(text: try SignedNote.Verifier(encoded: signer.verifierKey).open(note))
        #expect(opened == checkpoint)
        for text in [
            "origin\n1\n", "origin\nx\nAAAA\n", "origin\n01\n\(Data(root).base64EncodedString())\n", "o\n1\nAAAA\n",
        ] {
            #expect(throws: Checkpoint.Failure.self) { try Checkpoint(text: text) }
        }
    }
}
