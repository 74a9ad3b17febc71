import Foundation
import Testing

@testable import SignpostCore

@Suite("Sign-in vetting, lockout and session lifetime")
struct AccountRulesTests {
    static let today = CalendarDate(iso: "2026-11-22")!

    static func vetting(
        status: AccountStatus = .active, dbs: String? = "2025-01-01", trained: String? = "2025-01-01",
        agreement: String? = "2025-01-01"
    ) -> AccountVetting {
        AccountVetting(
            status: status, dbsCheckedOn: dbs.flatMap(CalendarDate.init(iso:)),
            trainedOn: trained.flatMap(CalendarDate.init(iso:)),
            agreementSignedOn: agreement.flatMap(CalendarDate.init(iso:)))
    }

    @Test func aFullyVettedActiveAccountMaySignIn() {
        #expect(SignInRules.refusals(for: Self.vetting(), today: Self.today).isEmpty)
    }

    @Test func aDBSCheckIsGoodForExactlyThreeYears() {
        #expect(SignInRules.refusals(for: Self.vetting(dbs: "2023-11-22"), today: Self.today).isEmpty)
        #expect(SignInRules.refusals(for: Self.vetting(dbs: "2023-11-21"), today: Self.today) == [.dbsLapsed])
    }

    @Test func aDBSCheckIsOverdueFromTheDayAfterItsThirdAnniversary() {
        let checked = CalendarDate(iso: "2023-05-01")!
        #expect(!SignInRules.isDBSCheckOverdue(checkedOn: checked, today: CalendarDate(iso: "2026-05-01")!))
        #expect(SignInRules.isDBSCheckOverdue(checkedOn: checked, today: CalendarDate(iso: "2026-05-02")!))
        #expect(!SignInRules.isDBSCheckOverdue(checkedOn: checked, today: checked))
    }

    @Test func eachMissingCheckIsNamed() {
        #expect(SignInRules.refusals(for: Self.vetting(dbs: nil), today: Self.today) == [.dbsMissing])
        #expect(SignInRules.refusals(for: Self.vetting(trained: nil), today: Self.today) == [.trainingMissing])
        #expect(SignInRules.refusals(for: Self.vetting(agreement: nil), today: Self.today) == [.agreementUnsigned])
        #expect(SignInRules.refusals(for: Self.vetting(status: .suspended), today: Self.today) == [.suspended])
        #expect(
            SignInRules.refusals(
                for: Self.vetting(status: .suspended, dbs: nil, trained: nil, agreement: nil), today: Self.today)
                == [.suspended, .dbsMissing, .trainingMissing, .agreementUnsigned])
    }

    @Test func everyRefusalHasAClearMessage() {
        for refusal in SignInRefusal.allCases {
            #expect(refusal.message.count > 20)
        }
        #expect(SignInRefusal.dbsLapsed.message.contains("3 years"))
    }

    @Test func aLockHoldsForFifteenMinutesAfterTheFifthFailure() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let lockedUntil = now.addingTimeInterval(SignInRules.lockoutSeconds)
        #expect(SignInRules.maximumFailures == 5)
        #expect(SignInRules.isLocked(lockedUntil: lockedUntil, now: now.addingTimeInterval(899)))
        #expect(!SignInRules.isLocked(lockedUntil: lockedUntil, now: now.addingTimeInterval(900)))
        #expect(!SignInRules.isLocked(lockedUntil: nil, now: now))
    }

    @Test func sessionsEndAfterFifteenIdleMinutesOrEightHours() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(SessionLifetime.isLive(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(14 * 60)))
        #expect(!SessionLifetime.isLive(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(15 * 60)))
        let busy = start.addingTimeInterval(8 * 3600 - 60)
        #expect(SessionLifetime.isLive(createdAt: start, lastSeenAt: busy, now: busy.addingTimeInterval(30)))
        #expect(!SessionLifetime.isLive(createdAt: start, lastSeenAt: busy, now: busy.addingTimeInterval(61)))
    }

    @Test(
        "calendar dates parse strictly",
        arguments: ["2023-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-32", "2026/01/01", "", "２０２６-01-01"])
    func rejectsImpossibleDates(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func leapDaysAddYearsSafely() {
        #expect(CalendarDate(iso: "2024-02-29")!.adding(years: 3).iso == "2027-02-28")
        #expect(CalendarDate(iso: "2024-02-29")!.adding(years: 4).iso == "2028-02-29")
    }

    @Test func rolesRoundTripThroughStorage() {
        let roles: Set<SystemRole> = [.auditor, .practitioner]
        #expect(SystemRole.storageText(roles) == "practitioner,auditor")
        #expect(SystemRole.parseList("practitioner,auditor") == roles)
        #expect(SystemRole.parseList("practitioner,root") == nil)
    }
}
