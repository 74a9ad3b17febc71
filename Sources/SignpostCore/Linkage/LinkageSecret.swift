import Crypto
import Foundation

/// The linkage secret of one key epoch, issued to each node by a key custodian and never to the hub. Every
/// key the encoder uses is derived from it with HKDF-SHA256 under its own label, so no two fields (nor the
/// NHS-number token, nor the permutation) share a key, and encodings from different epochs never compare.
public struct LinkageSecret: Sendable {
    public let epoch: String
    let material: SymmetricKey

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed
        case tooShort
        case badEpoch

        public var description: String {
            switch self {
            case .malformed: "a linkage key file holds one line: signpost-linkage-key v1 EPOCH BASE64"
            case .tooShort: "the linkage secret must be at least 32 bytes"
            case .badEpoch: "the epoch is 1 to 32 letters, digits, dots or dashes"
            }
        }
    }

    /// An epoch's name: 1 to 32 ASCII letters, digits, dots or dashes.
    public static func isValidEpoch(_ epoch: String) -> Bool {
        !epoch.isEmpty && epoch.count <= 32
            && epoch.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
    }

    public init(epoch: String, material: Data) throws {
        guard Self.isValidEpoch(epoch) else { throw Problem.badEpoch }
        guard material.count >= 32 else { throw Problem.tooShort }
        self.epoch = epoch
        self.material = SymmetricKey(data: material)
    }

    /// The key file's text: `signpost-linkage-key v1 EPOCH BASE64`.
    public init(encoded text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 4, parts[0] == "signpost-linkage-key", parts[1] == "v1",
            let material = Data(base64Encoded: parts[3])
        else { throw Problem.malformed }
        try self.init(epoch: parts[2], material: material)
    }

    /// A new secret for an epoch, as a key custodian issues it.
    public static func generate(epoch: String) throws -> LinkageSecret {
        try LinkageSecret(epoch: epoch, material: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    public var encoded: String {
        "signpost-linkage-key v1 \(epoch) " + material.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The key for one purpose in this epoch.
    func key(_ label: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, salt: Data("signpost-pprl".utf8), info: Data("\(label)|\(epoch)".utf8),
            outputByteCount: 32)
    }
}
