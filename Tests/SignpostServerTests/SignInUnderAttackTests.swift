import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing

@testable import SignpostServer

/// Password work counted in bcrypt rounds (2^cost per check), to show every failure path spends the same.
final class CountingPasswordWork: @unchecked Sendable {
    private let lock = NSLock()
    private var rounds = 0

    var total: Int { lock.withLock { rounds } }
    func reset() { lock.withLock { rounds = 0 } }

    func hasher() -> PasswordHasher {
        PasswordHasher(
            hash: { password, cost in try PasswordHasher.bcrypt.hash(password, cost) },
            verify: { [self] password, hash in
                lock.withLock { rounds += 1 << (PasswordHasher.bcryptCost(of: hash) ?? 0) }
                return try PasswordHasher.bcrypt.verify(password, hash)
            })
    }
}

@Suite("Sign-in under attack: atomic lockout, equal-cost failures, hash upgrades")
struct SignInUnderAttackTests {
    private func attempt(_ context: ServiceContext, _ email: String, _ password: String, _ code: String)
        async throws -> Bool
    {
        let outcome = try await AuthenticationService(context: context).authenticate(
            email: email, password: password, code: code, channel: "api", grant: { _, _ in true })
        if case .granted = outcome { return true }
        return false
    }

    @Test func oneHundredParallelGuessesLockTheAccountAfterFive() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let context = world.context
            // Every test app on SQLite shares one event-loop thread and one connection, so with the whole
            // suite running, 100 at once would wait past the pool's timeout: 25 are in flight there, which still
            // all read the account before any writes it. PostgreSQL takes all 100 at once.
            let inFlight = TestDatabase.isPostgres ? 100 : 25
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                var granted = 0
                for index in 0..<100 {
                    if index >= inFlight, let result = try await group.next() { granted += result ? 1 : 0 }
                    group.addTask { try await attempt(context, account.email, "wrong-\(index)", "000000") }
                }
                return try await group.reduce(granted) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 0)
            let checked = try await AuditEventModel.query(on: try await world.auditLog)
                .filter(\.$action == "auth.sign-in").filter(\.$outcome == "failure").count()
            let refusedAsLocked = try await AuditEventModel.query(on: try await world.auditLog)
                .filter(\.$action == "auth.sign-in").filter(\.$outcome == "refused").count()
            // Only five guesses were ever checked; the other 95 met the lock, and every one was audited.
            #expect(checked == SignInRules.maximumFailures)
            #expect(refusedAsLocked == 100 - SignInRules.maximumFailures)
            #expect(try await world.auditActions().filter { $0 == "auth.lockout" }.count == 1)
            // The real credentials are refused until the lock runs out.
            let code = account.code(at: world.clock.now)
            #expect(try await attempt(context, account.email, account.password, code) == false)
            world.clock.advance(seconds: SignInRules.lockoutSeconds + 31)
            #expect(
                try await attempt(world.context, account.email, account.password, account.code(at: world.clock.now)))
        }
    }

    @Test func aLockThatRanOutCountsAgainFromOne() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            for _ in 1...5 { _ = try await attempt(world.context, account.email, "wrong", "000000") }
            world.clock.advance(seconds: SignInRules.lockoutSeconds + 1)
            _ = try await attempt(world.context, account.email, "wrong", "000000")
            let model = try await PractitionerModel.find(account.id, on: world.app.db)
            #expect(model?.failedAttempts == 1)
            #expect(model?.lockedUntil == nil)
        }
    }

    @Test func everyFailurePathSpendsTheSamePasswordWork() async throws {
        try await withSignpostApp(adjust: { $0.bcryptCost = 6 }) { world in
            let work = CountingPasswordWork()
            var context = world.context
            context.environment.passwords = work.hasher()
            let current = try await world.account()
            let older = try await world.account()
            // An account whose hash was made before the cost was raised to 6.
            let olderModel = try #require(try await PractitionerModel.find(older.id, on: world.app.db))
            olderModel.passwordHash = try PasswordHasher.bcrypt.hash(older.password, 4)
            try await olderModel.save(on: world.app.db)
            let locked = try await world.account()
            for _ in 1...5 { _ = try await attempt(context, locked.email, "wrong", "000000") }

            var spent: [String: Int] = [:]
            let cases: [(String, String, String)] = [
                ("unknown email", "nobody@test.example", "wrong"), ("wrong password", current.email, "wrong"),
                ("older hash", older.email, "wrong"), ("locked, wrong password", locked.email, "wrong"),
                ("locked, right password", locked.email, locked.password),
            ]
            for (name, email, password) in cases {
                work.reset()
                #expect(try await attempt(context, email, password, "000000") == false)
                spent[name] = work.total
            }
            #expect(Set(spent.values) == [1 << 6], "password work by path: \(spent)")
        }
    }

    @Test func aSuccessfulSignInUpgradesTheHashToTheConfiguredCost() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let model = try #require(try await PractitionerModel.find(account.id, on: world.app.db))
            model.passwordHash = try PasswordHasher.bcrypt.hash(account.password, 5)
            try await model.save(on: world.app.db)
            #expect(
                try await attempt(world.context, account.email, account.password, account.code(at: world.clock.now)))
            let upgraded = try #require(try await PractitionerModel.find(account.id, on: world.app.db))
            #expect(PasswordHasher.bcryptCost(of: upgraded.passwordHash) == 4)
            #expect(try PasswordHasher.bcrypt.verify(account.password, upgraded.passwordHash))
        }
    }

    @Test func bcryptCostIsReadFromTheHash() {
        #expect(PasswordHasher.bcryptCost(of: "$2b$12$abcdefghijklmnopqrstuv") == 12)
        #expect(PasswordHasher.bcryptCost(of: "$2a$04$abc") == 4)
        #expect(PasswordHasher.bcryptCost(of: "plain") == nil)
        #expect(PasswordHasher.bcryptCost(of: "$argon2id$v=19$m=65536") == nil)
    }
}
