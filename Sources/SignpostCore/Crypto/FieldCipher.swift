import Crypto
import Foundation

/// Encryption at rest of free text (assessment strengths and needs, views, conclusions, meeting
/// notes) with AES-256-GCM. Each authority has its own data key, stored only wrapped by the master
/// key; deleting the wrapped key makes that authority's text unrecoverable (crypto-shredding).
/// The associated data binds each value to where it belongs (record and field), so a ciphertext
/// copied into another row or column fails to open.
public struct FieldCipher: Sendable {
    public enum Failure: Error, Equatable {
        case malformed
        case wrongKeyOrContext
    }

    private let key: SymmetricKey

    public init(dataKey: SymmetricKey) {
        self.key = dataKey
    }

    public static func newDataKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    /// `base64(nonce || ciphertext || tag)`.
    public func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw Failure.malformed }
        return combined.base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws -> String {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data) else {
            throw Failure.malformed
        }
        do {
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw Failure.wrongKeyOrContext
        }
    }

    /// A blind index under a subkey of the data key (HKDF, its own purpose): equal words give equal
    /// tokens within one authority, and nothing can be read back from a token. It lets free text be
    /// searched in SQL without decrypting every entry.
    public func blindIndex(purpose: String) -> BlindIndex {
        BlindIndex(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: key, info: Data("signpost-blind-index:\(purpose)".utf8), outputByteCount: 32))
    }

    /// Wraps a data key under the master key, bound to its owner (for example an authority's code).
    public static func wrap(_ dataKey: SymmetricKey, with master: SymmetricKey, owner: String) throws -> String {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        return try FieldCipher(dataKey: master).seal(raw.base64EncodedString(), context: "data-key:\(owner)")
    }

    public static func unwrap(_ wrapped: String, with master: SymmetricKey, owner: String) throws -> SymmetricKey {
        let text = try FieldCipher(dataKey: master).open(wrapped, context: "data-key:\(owner)")
        guard let raw = Data(base64Encoded: text), raw.count == 32 else { throw Failure.malformed }
        return SymmetricKey(data: raw)
    }
}

/// See `FieldCipher.blindIndex(purpose:)`.
public struct BlindIndex: Sendable {
    let key: SymmetricKey

    /// HMAC-SHA256 of the word, its first 16 bytes in base64.
    public func token(_ word: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(word.utf8), using: key)
        return Data(mac.prefix(16)).base64EncodedString()
    }
}
