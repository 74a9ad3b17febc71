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
