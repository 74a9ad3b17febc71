import Foundation

/// Password checks that cost the same on every failure path, so timing reveals neither which emails have
/// accounts nor which accounts are locked.
extension AuthenticationService {
    /// Checks `password` on the thread pool. A wrong password against a hash made at a lower cost than the
    /// configured one (an account seeded or enrolled before the cost was raised) repeats the check until it has
    /// spent what one check at the configured cost would, which is what an unknown email spends on the dummy.
    func checkPassword(_ password: String, against hash: String) async -> Bool {
        let passwords = context.environment.passwords
        let matches = (try? await context.threadPool.runIfActive { try passwords.verify(password, hash) }) ?? false
        guard !matches, let stored = PasswordHasher.bcryptCost(of: hash) else { return matches }
        // bcrypt doubles its work with each step of cost.
        let steps = min(max(context.environment.settings.bcryptCost - stored, 0), 4)
        let padding = (1 << steps) - 1
        if padding > 0 {
            _ = try? await context.threadPool.runIfActive {
                for _ in 0..<padding { _ = try passwords.verify(password, hash) }
            }
        }
        return false
    }

    /// A new hash at the configured cost when the stored one was made at another, else nil. Only a successful
    /// sign-in has the password to rehash.
    func upgradedHash(of password: String, currentHash: String) async -> String? {
        let cost = context.environment.settings.bcryptCost
        guard PasswordHasher.bcryptCost(of: currentHash) != cost else { return nil }
        let passwords = context.environment.passwords
        return try? await context.threadPool.runIfActive { try passwords.hash(password, cost) }
    }
}

extension PasswordHasher {
    /// The cost recorded in a modular-crypt bcrypt hash (`$2b$12$…`), or nil for anything else.
    static func bcryptCost(of hash: String) -> Int? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0].hasPrefix("2"), parts[1].count == 2 else { return nil }
        return Int(parts[1])
    }
}
