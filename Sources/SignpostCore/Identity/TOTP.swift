import Crypto
import Foundation

/// Time-based one-time passwords, RFC 6238 with RFC 4226 truncation: HMAC-SHA-1, 30-second steps.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public let digits: Int
    public let period: Int64

    public init(secret: [UInt8], digits: Int = 6, period: Int64 = 30) {
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// A fresh 160-bit secret, the length RFC 4226 recommends.
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public func step(at date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970)) / period
    }

    public func code(forStep step: Int64) -> String {
        let counter = withUnsafeBytes(of: UInt64(bitPattern: step).bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = binary % modulus
        let text = String(value)
        return String(repeating: "0", count: digits - text.count) + text
    }

    public func code(at date: Date) -> String { code(forStep: step(at: date)) }

    /// The step a submitted code belongs to, if it is valid at `date` within ±`window` steps and newer than
    /// `lastUsedStep`: a code that was accepted once cannot be replayed inside its window.
    public func acceptedStep(for submitted: String, at date: Date, window: Int64 = 1, lastUsedStep: Int64?) -> Int64? {
        let cleaned = submitted.filter { !$0.isWhitespace }
        guard cleaned.count == digits, cleaned.allSatisfy(\.isASCII), cleaned.allSatisfy(\.isNumber) else {
            return nil
        }
        let current = step(at: date)
        for candidate in (current - window)...(current + window) {
            if let lastUsedStep, candidate <= lastUsedStep { continue }
            if constantTimeEquals(code(forStep: candidate), cleaned) { return candidate }
        }
        return nil
    }

    /// The `otpauth://` URI that authenticator apps read from a QR code.
    public func provisioningURI(account: String, issuer: String = "Signpost") -> String {
        var components = URLComponents()
        components.scheme = "otpauth"
        components.host = "totp"
        components.path = "/\(issuer):\(account)"
        components.queryItems = [
            URLQueryItem(name: "secret", value: Base32.encode(secret)),
            URLQueryItem(name: "issuer", value: issuer),
            URLQueryItem(name: "algorithm", value: "SHA1"),
            URLQueryItem(name: "digits", value: String(digits)),
            URLQueryItem(name: "period", value: String(period)),
        ]
        return components.string ?? ""
    }
}

/// Compares secrets without an early exit, so timing does not reveal how much of a guess was right.
public func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
