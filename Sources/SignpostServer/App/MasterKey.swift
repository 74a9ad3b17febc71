import Crypto
import Foundation
import SignpostCore

/// The 32-byte master key from `SIGNPOST_KEY_FILE`. It keys the hashes of searched or typed identifiers in
/// the audit log and wraps each authority's data key for field encryption.
public struct MasterKey: Sendable {
    public let key: SymmetricKey

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "the master key is 32 bytes")
        self.key = SymmetricKey(data: bytes)
    }

    /// Loads the key file, or in development creates `./signpost.key` when none is configured.
    /// The file may hold 32 raw bytes, or 64 hexadecimal characters, or base64 of 32 bytes.
    public static func load(path: String?, allowGenerate: Bool) throws(ConfigurationError) -> MasterKey {
        let chosen = path ?? "signpost.key"
        let manager = FileManager.default
        if !manager.fileExists(atPath: chosen) {
            guard path == nil, allowGenerate else {
                throw ConfigurationError(
                    setting: "SIGNPOST_KEY_FILE",
                    problem: path == nil ? "is required in production" : "no file at \(chosen)")
            }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let created = manager.createFile(
                atPath: chosen, contents: Data(Hex.encode(bytes).utf8), attributes: [.posixPermissions: 0o600])
            guard created else {
                throw ConfigurationError(setting: "SIGNPOST_KEY_FILE", problem: "could not create \(chosen)")
            }
            return MasterKey(bytes: bytes)
        }
        guard let data = manager.contents(atPath: chosen) else {
            throw ConfigurationError(setting: "SIGNPOST_KEY_FILE", problem: "cannot read \(chosen)")
        }
        if data.count == 32 { return MasterKey(bytes: Array(data)) }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let bytes = Hex.decode(text) { return MasterKey(bytes: bytes) }
        if let decoded = Data(base64Encoded: text), decoded.count == 32 { return MasterKey(bytes: Array(decoded)) }
        throw ConfigurationError(
            setting: "SIGNPOST_KEY_FILE",
            problem: "\(chosen) must hold 32 bytes: raw, as 64 hexadecimal characters, or as base64")
    }

    /// A keyed hash for values that must be matchable in the audit log but not readable there
    /// (an email typed at a failed sign-in, later the criteria of a search).
    public func keyedHash(_ value: String, purpose: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)\u{0}\(value)".utf8), using: key)
        return Hex.encode(Array(mac))
    }
}
