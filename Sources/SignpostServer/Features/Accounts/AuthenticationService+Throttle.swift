import Fluent
import Foundation
import SignpostCore

extension AuthenticationService {
    /// Checks credentials and, when they pass, calls `grant` inside the same transaction as the audit
    /// event, to create the session or token. First the client address's throttle: every attempt is
    /// counted before it is checked (so parallel guesses cannot slip past), and a success is taken back,
    /// so only failures count against the address.
    func authenticate<Grant: Sendable>(
        email: String, password: String, code: String, channel: String,
        grant: @escaping @Sendable (any Database, AuthenticatedPractitioner) async throws -> Grant
    ) async throws -> Outcome<Grant> {
        guard let address = context.client.ip else {
            return try await checkCredentials(
                email: email, password: password, code: code, channel: channel, grant: grant)
        }
        let windows = RateWindows(context: context)
        // A keyed hash: the limits table never holds a client address.
        let bucket = "sign-in-address:" + context.masterKey.keyedHash(address, purpose: "client-address")
        switch try await windows.claim(bucket, limit: SignInRules.maximumFailuresPerAddressPerMinute) {
        case .refused(let seconds):
            return try await refuseThrottledAddress(retryAfterSeconds: seconds, channel: channel)
        case .accepted(let windowStart):
            let outcome = try await checkCredentials(
                email: email, password: password, code: code, channel: channel, grant: grant)
            if case .granted = outcome { try await windows.release(bucket, windowStart: windowStart) }
            return outcome
        }
    }

    /// Refused before any account is looked up, so the answer says nothing about the email given.
    private func refuseThrottledAddress<Grant: Sendable>(retryAfterSeconds: Int, channel: String) async throws
        -> Outcome<Grant>
    {
        try await context.db.transaction { tx in
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: nil, outcome: .refused,
                    details: [
                        "channel": channel, "problem": "address-throttled",
                        "limitPerMinute": String(SignInRules.maximumFailuresPerAddressPerMinute),
                    ]),
                context: context, on: tx)
        }
        context.environment.metrics.signIn(outcome: "throttled")
        return .throttled(retryAfterSeconds: retryAfterSeconds)
    }

    /// What the person is told, on the page and in the API's problem document.
    static func throttledMessage(retryAfterSeconds: Int) -> String {
        let wait = retryAfterSeconds <= 60 ? "a minute" : "\((retryAfterSeconds + 59) / 60) minutes"
        return "There have been too many failed sign-ins from your network. Wait \(wait), then try again."
    }
}
