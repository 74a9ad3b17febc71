import Foundation

/// The vetting and account checks that decide whether a practitioner who has proved who they are may
/// use Signpost today. They are checked only after the password and code are right, so their
/// specific messages cannot be used to discover which email addresses have accounts.
public enum SignInRefusal: String, Sendable, Equatable, CaseIterable {
    case suspended
    case dbsMissing
    case dbsLapsed
    case trainingMissing
    case agreementUnsigned

    public var message: String {
        switch self {
        case .suspended:
            "Your account is suspended. Contact your Signpost administrator."
        case .dbsMissing:
            "There is no enhanced DBS check on your account. Ask your administrator to record it."
        case .dbsLapsed:
            "Your enhanced DBS check is more than 3 years old. Ask your administrator to record a new check."
        case .trainingMissing:
            "You have not completed Signpost training. Complete it, then ask your administrator to record it."
        case .agreementUnsigned:
            "You have not signed the Signpost user agreement. Ask your administrator to record it."
        }
    }
}

public struct AccountVetting: Sendable, Equatable {
    public var status: AccountStatus
    public var dbsCheckedOn: CalendarDate?
    public var trainedOn: CalendarDate?
    public var agreementSignedOn: CalendarDate?

    public init(
        status: AccountStatus, dbsCheckedOn: CalendarDate?, trainedOn: CalendarDate?, agreementSignedOn: CalendarDate?
    ) {
        self.status = status
        self.dbsCheckedOn = dbsCheckedOn
        self.trainedOn = trainedOn
        self.agreementSignedOn = agreementSignedOn
    }
}

public enum SignInRules {
    /// How long an enhanced DBS check stands: 3 years. After that the account may not sign in (`dbsLapsed`)
    /// and the accounts page shows it as overdue, until an administrator records a new check.
    public static let dbsValidityYears = 3
    public static let maximumFailures = 5
    public static let lockoutSeconds: TimeInterval = 15 * 60
    /// Failed sign-ins a minute from one client address, across all accounts, before it must wait. It stops
    /// one address spraying guesses over many accounts (each account's lock only stops guesses at one), and
    /// is high enough for an office of practitioners behind one address who mistype now and then.
    public static let maximumFailuresPerAddressPerMinute = 20

    /// Every reason this account may not sign in today, most fundamental first; empty means allowed.
    public static func refusals(for vetting: AccountVetting, today: CalendarDate) -> [SignInRefusal] {
        var refusals: [SignInRefusal] = []
        if vetting.status == .suspended { refusals.append(.suspended) }
        if let checked = vetting.dbsCheckedOn {
            if isDBSCheckOverdue(checkedOn: checked, today: today) { refusals.append(.dbsLapsed) }
        } else {
            refusals.append(.dbsMissing)
        }
        if vetting.trainedOn == nil { refusals.append(.trainingMissing) }
        if vetting.agreementSignedOn == nil { refusals.append(.agreementUnsigned) }
        return refusals
    }

    /// A check is overdue once more than `dbsValidityYears` have passed: one dated 2023-05-01 is good up to
    /// and including 2026-05-01, and overdue from 2026-05-02.
    public static func isDBSCheckOverdue(checkedOn checked: CalendarDate, today: CalendarDate) -> Bool {
        checked.adding(years: dbsValidityYears) < today
    }

    public static func isLocked(lockedUntil: Date?, now: Date) -> Bool {
        guard let lockedUntil else { return false }
        return lockedUntil > now
    }
}

/// Session lifetimes: short idle timeout for shared workstations, absolute limit of a working day.
public enum SessionLifetime {
    public static let idleSeconds: TimeInterval = 15 * 60
    public static let absoluteSeconds: TimeInterval = 8 * 60 * 60

    public static func isLive(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idleSeconds && now.timeIntervalSince(createdAt) < absoluteSeconds
    }
}
