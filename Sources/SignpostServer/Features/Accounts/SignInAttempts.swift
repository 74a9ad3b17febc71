import Foundation
import SQLKit
import SignpostCore

/// Claims one sign-in attempt for an account before its password is checked, in a single atomic update.
///
/// Reading the failure count, checking the password and then writing the count back let 100 parallel
/// guesses each see "0 failures": none of them locked the account. Claiming the attempt first means the
/// database serialises the claims, so only `SignInRules.maximumFailures` guesses are ever checked before
/// the lock, however many arrive at once, and on however many servers.
struct SignInAttempts {
    let context: ServiceContext

    enum Claim: Equatable {
        /// The attempt may be checked. `failures` counts it; `locksNow` is true when it started the lock.
        case claimed(failures: Int, locksNow: Bool)
        /// The account is locked: the attempt is refused whatever it holds.
        case locked
    }

    /// Counts the attempt as a failure until it proves otherwise; a success resets the count. A lock that
    /// has run out starts the count again from this attempt.
    func claim(practitionerID: UUID) async throws -> Claim {
        guard let sql = context.db as? any SQLDatabase else {
            throw ServiceError(kind: .unavailable, title: "Sign-in unavailable", detail: "The database is unavailable.")
        }
        let now = context.now
        let lockUntil = now.addingTimeInterval(SignInRules.lockoutSeconds)
        let row = try await sql.raw(
            """
            UPDATE \(ident: PractitionerModel.schema)
            SET failed_attempts = CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END,
                locked_until = CASE
                    WHEN (CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END)
                        >= \(bind: SignInRules.maximumFailures)
                    THEN \(bind: lockUntil) ELSE NULL END
            WHERE id = \(bind: practitionerID) AND (locked_until IS NULL OR locked_until <= \(bind: now))
            RETURNING failed_attempts, locked_until
            """
        ).first(decoding: ClaimRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row else { return .locked }
        return .claimed(failures: row.failedAttempts, locksNow: row.lockedUntil != nil)
    }

    private struct ClaimRow: Decodable {
        var failedAttempts: Int
        var lockedUntil: Date?
    }
}
