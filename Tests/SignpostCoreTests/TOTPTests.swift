import Foundation
import Testing

@testable import SignpostCore

@Suite("TOTP (RFC 6238) and base32 (RFC 4648)")
struct TOTPTests {
    /// RFC 6238 Appendix B, SHA-1 column, with the RFC's 20-byte ASCII secret and 8 digits.
    static let rfcSecret = Array("12345678901234567890".utf8)
    static let rfcVectors: [(Int64, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    @Test("matches every SHA-1 vector of RFC 6238", arguments: rfcVectors)
    func rfcVector(time: Int64, expected: String) {
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == expected)
    }

    @Test("6-digit codes are the last six digits of the same truncation", arguments: rfcVectors)
    func sixDigits(time: Int64, expected: String) {
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == String(expected.suffix(6)))
    }

    @Test func acceptsOneStepEitherSideButNotTwo() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.step(at: now)
        #expect(totp.acceptedStep(for: totp.code(forStep: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.acceptedStep(for: totp.code(forStep: step + 1), at: now, lastUsedStep: nil) == step + 1)
        #expect(totp.acceptedStep(for: totp.code(forStep: step - 2), at: now, lastUsedStep: nil) == nil)
        #expect(totp.acceptedStep(for: totp.code(forStep: step + 2), at: now, lastUsedStep: nil) == nil)
    }

    @Test func aUsedCodeCannotBeReplayedWithinItsWindow() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let code = totp.code(at: now)
        let step = totp.acceptedStep(for: code, at: now, lastUsedStep: nil)
        #expect(step != nil)
        #expect(totp.acceptedStep(for: code, at: now, lastUsedStep: step) == nil)
        #expect(totp.acceptedStep(for: code, at: now.addingTimeInterval(29), lastUsedStep: step) == nil)
        // An earlier step's code is refused too once a later one was used.
        #expect(totp.acceptedStep(for: totp.code(forStep: step! - 1), at: now, lastUsedStep: step) == nil)
    }

    @Test("rejects malformed codes", arguments: ["", "12345", "1234567", "12a456", "١٢٣٤٥٦"])
    func rejectsMalformed(code: String) {
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.acceptedStep(for: code, at: Date(), lastUsedStep: nil) == nil)
    }

    @Test(
        "base32 matches RFC 4648 section 10",
        arguments: [
            ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ])
    func base32(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased() + "====") == Array(plain.utf8))
    }

    @Test func base32RejectsForeignCharacters() {
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("") == nil)
    }

    @Test func provisioningURINamesSecretIssuerAndParameters() {
        let totp = TOTP(secret: Array("foobar".utf8))
        let uri = totp.provisioningURI(account: "a@b.example")
        #expect(uri.hasPrefix("otpauth://totp/Signpost:a@b.example?"))
        #expect(uri.contains("secret=MZXW6YTBOI"))
        #expect(uri.contains("issuer=Signpost"))
        #expect(uri.contains("period=30"))
        #expect(uri.contains("digits=6"))
    }
}
