import Crypto
import Foundation

/// C2SP signed notes with Ed25519 (the format of Go's checksum database, Sigstore's Rekor and the
/// transparency-dev witnesses), so a Signpost checkpoint can be checked by tools Signpost did not write.
/// A note is its text (lines, each ending in a newline), a blank line, then signature lines
/// `— <key name> <base64(key ID ‖ signature)>`. The key ID is the first four bytes of
/// `SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`; 0x01 is the Ed25519 algorithm byte.
public enum SignedNote {
    public enum Failure: Error, Equatable {
        case malformedKey
        case malformedNote
        case noSignatureByThisKey
        case badSignature
    }

    static func keyID(name: String, publicKey: Data) -> Data {
        Data(SHA256.hash(data: Data(name.utf8) + Data([0x0A, 0x01]) + publicKey).prefix(4))
    }

    static func validName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains(where: { $0 == "+" || $0.isWhitespace })
    }

    /// Signs notes; never stored in the database (its file is `SIGNPOST_AUDIT_SIGNING_KEY_FILE`).
    public struct Signer: Sendable {
        public let name: String
        let key: Curve25519.Signing.PrivateKey

        public init(name: String, key: Curve25519.Signing.PrivateKey) throws {
            guard validName(name) else { throw Failure.malformedKey }
            self.name = name
            self.key = key
        }

        /// `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 ‖ seed)>`, as Go's `note.NewSigner` reads it.
        public init(encoded: String) throws {
            let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4)
            guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
                let raw = Data(base64Encoded: String(parts[4])), raw.count == 33, raw.first == 0x01,
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw.dropFirst())
            else { throw Failure.malformedKey }
            try self.init(name: String(parts[2]), key: key)
            guard parts[3] == Self.hex(keyID) else { throw Failure.malformedKey }
        }

        /// A new key pair for the log called `name`.
        public static func generate(name: String) throws -> Signer {
            try Signer(name: name, key: Curve25519.Signing.PrivateKey())
        }

        public var keyID: Data { SignedNote.keyID(name: name, publicKey: key.publicKey.rawRepresentation) }

        public var encoded: String {
            "PRIVATE+KEY+\(name)+\(Self.hex(keyID))+\((Data([0x01]) + key.rawRepresentation).base64EncodedString())"
        }

        /// The verifier key to publish: `<name>+<key ID hex>+<base64(0x01 ‖ public key)>`.
        public var verifierKey: String {
            "\(name)+\(Self.hex(keyID))+\((Data([0x01]) + key.publicKey.rawRepresentation).base64EncodedString())"
        }

        /// The signed note of `text`, which must be non-empty lines each ending in a newline.
        public func sign(_ text: String) throws -> String {
            guard SignedNote.validText(text) else { throw Failure.malformedNote }
            let signature = try key.signature(for: Data(text.utf8))
            return "\(text)\n\u{2014} \(name) \((keyID + signature).base64EncodedString())\n"
        }

        static func hex(_ data: Data) -> String { Hex.encode(data) }
    }

    /// Checks notes against one published key.
    public struct Verifier: Sendable {
        public let name: String
        let keyID: Data
        let key: Curve25519.Signing.PublicKey

        public init(encoded: String) throws {
            let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2)
            guard parts.count == 3, validName(String(parts[0])), parts[1].count == 8,
                let raw = Data(base64Encoded: String(parts[2])), raw.count == 33, raw.first == 0x01,
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw.dropFirst())
            else { throw Failure.malformedKey }
            let id = SignedNote.keyID(name: String(parts[0]), publicKey: raw.dropFirst())
            guard Signer.hex(id) == parts[1] else { throw Failure.malformedKey }
            (name, keyID, self.key) = (String(parts[0]), id, key)
        }

        /// The note's text, if one of its signature lines is this key's and verifies.
        public func open(_ note: String) throws -> String {
            guard let split = note.range(of: "\n\n", options: .backwards) else { throw Failure.malformedNote }
            let text = String(note[..<split.lowerBound]) + "\n"
            let signatures = note[split.upperBound...]
            guard SignedNote.validText(text), signatures.hasSuffix("\n") else { throw Failure.malformedNote }
            for line in signatures.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 3, fields[0] == "\u{2014}" else { throw Failure.malformedNote }
                guard fields[1] == name, let blob = Data(base64Encoded: String(fields[2])), blob.count == 68,
                    blob.prefix(4) == keyID
                else { continue }
                guard key.isValidSignature(blob.dropFirst(4), for: Data(text.utf8)) else { throw Failure.badSignature }
                return text
            }
            throw Failure.noSignatureByThisKey
        }
    }

    /// Lines without control characters, each ending in a newline, none of them empty.
    static func validText(_ text: String) -> Bool {
        guard text.hasSuffix("\n"), !text.contains("\n\n"), !text.hasPrefix("\n") else { return false }
        return !text.unicodeScalars.contains { $0 != "\n" && ($0.value < 0x20 || $0.value == 0x7F) }
    }
}
