import Testing

@testable import SignpostCore

/// The Healthy Child Programme's mandated reviews, "not seen for N days" and persistent absence,
/// worked out by hand from the programme's windows and the Department for Education's 90 %.
@Suite("Contact schedule")
struct ContactScheduleTests {
    static let born = CalendarDate(iso: "2024-03-15")!

    static func seen(_ iso: String, healthVisiting: Bool = true) -> ContactFact {
        ContactFact(
            on: CalendarDate(iso: iso)!, kind: .homeVisit, outcome: .seen, childSeen: true,
            byHealthVisiting: healthVisiting)
    }

    static func picture(_ contacts: [ContactFact], today: String, frequency: Int? = nil) -> ContactPicture {
        ContactSchedule.picture(
            contacts: contacts, dateOfBirth: born, expectedDelivery: nil, reviewDue: nil, frequencyDays: frequency,
            today: CalendarDate(iso: today)!)
    }

    @Test func theMandatedReviewsFallInTheirWindowsFromTheDateOfBirth() {
        let reviews = ContactSchedule.healthVisitingReviews(dateOfBirth: Self.born, expectedDelivery: nil)
        #expect(reviews.map(\.from.iso) == ["2024-03-25", "2024-04-26", "2024-12-15", "2026-03-15"])
        #expect(reviews.map(\.by.iso) == ["2024-03-29", "2024-05-10", "2025-03-15", "2026-09-15"])
        let antenatal = ContactSchedule.healthVisitingReviews(
            dateOfBirth: nil, expectedDelivery: CalendarDate(iso: "2027-01-29")!)
        #expect(antenatal.map(\.from.iso) == ["2026-11-06"], "28 weeks of pregnancy: 12 weeks before the due date")
    }

    @Test func aReviewWithNoHealthVisitingContactInItsWindowIsMissed() {
        let contacts = [
            Self.seen("2024-03-27"), Self.seen("2024-05-01"), Self.seen("2025-01-10"),
            // Seen by the school, not health visiting: it does not meet the 2-year review.
            Self.seen("2026-04-01", healthVisiting: false),
        ]
        let states = Self.picture(contacts, today: "2026-10-01").expected.map(\.state)
        #expect(states == [.met, .met, .met, .missed])
        #expect(Self.picture(contacts, today: "2026-04-02").expected.last?.state == .due)
        #expect(Self.picture([], today: "2024-03-20").expected.first?.state == .upcoming)
        #expect(Self.picture([], today: "2029-03-15").expected.isEmpty, "from 5 years old, no reviews are expected")
    }

    @Test func aChildNotSeenForLongerThanTheAgreedFrequencyIsFlagged() {
        let contacts = [
            Self.seen("2026-10-01"),
            ContactFact(
                on: CalendarDate(iso: "2026-10-20")!, kind: .homeVisit, outcome: .noAccess, childSeen: false),
        ]
        let picture = Self.picture(contacts, today: "2026-11-01")
        #expect(picture.lastSeen?.iso == "2026-10-01")
        #expect(picture.daysSinceSeen == 31)
        #expect(picture.notSeenTooLong, "over the 28 days used without an agreed frequency")
        #expect(!Self.picture(contacts, today: "2026-11-01", frequency: 42).notSeenTooLong)
        #expect(Self.picture(contacts, today: "2026-11-01", frequency: 14).notSeenTooLong)
        #expect(picture.missedContacts == 1)
        #expect(!Self.picture([], today: "2026-11-01").notSeenTooLong, "no contacts recorded: nothing to flag")
    }

    @Test func attendanceBelowNinetyPercentThisSchoolYearIsPersistentAbsence() {
        func week(_ iso: String, _ attended: Int) -> ContactFact {
            ContactFact(
                on: CalendarDate(iso: iso)!, kind: .schoolAttendance, outcome: .seen, childSeen: attended > 0,
                sessionsPossible: 10, sessionsAttended: attended)
        }
        // Last school year's weeks do not count in this one.
        let weeks = [week("2026-07-10", 2), week("2026-09-11", 10), week("2026-09-18", 9), week("2026-09-25", 7)]
        let picture = Self.picture(weeks, today: "2026-10-01")
        #expect(picture.attendancePercent == 26.0 / 30.0 * 100)
        #expect(picture.persistentAbsence)
        #expect(!Self.picture([week("2026-09-11", 10), week("2026-09-18", 9)], today: "2026-10-01").persistentAbsence)
        #expect(ContactSchedule.schoolYearStart(CalendarDate(iso: "2026-08-31")!).iso == "2025-09-01")
    }
}

@Suite("Working days and who sees a forum post's author")
struct WorkingDayTests {
    @Test func twoWorkingDaysSkipTheWeekendAndBankHolidays() {
        func after(_ iso: String) -> String { WorkingDays.adding(2, to: CalendarDate(iso: iso)!).iso }
        #expect(after("2026-11-30") == "2026-12-02", "Monday to Wednesday")
        #expect(after("2026-12-03") == "2026-12-07", "Thursday to Monday")
        #expect(after("2026-12-05") == "2026-12-08", "raised on Saturday: Monday and Tuesday")
        #expect(after("2026-12-24") == "2026-12-30", "Christmas Day and the substitute Boxing Day")
        #expect(
            !WorkingDays.isOverdue(raisedOn: CalendarDate(iso: "2026-11-30")!, today: CalendarDate(iso: "2026-12-02")!))
        #expect(
            WorkingDays.isOverdue(raisedOn: CalendarDate(iso: "2026-11-30")!, today: CalendarDate(iso: "2026-12-03")!))
    }

    @Test func anAnonymousPostNamesItsServiceOnlyToThatServiceAndTheDataManagers() {
        let child = ChildFacts(authorityCode: "E06000001", tier: 2, involvements: [], members: ["member", "nurse"])
        let member = Actor(
            practitionerID: "member", roles: [.practitioner], organisationCode: "ORG-A", authorityCode: "E06000001")
        let nurse = Actor(
            practitionerID: "nurse", roles: [.practitioner], organisationCode: "SENS", authorityCode: "E06000001")
        let manager = Actor(
            practitionerID: "dm", roles: [.dataManager], organisationCode: "ORG-A", authorityCode: "E06000001")
        #expect(!Policy.showsPostAuthor(postOrganisation: "SENS", postedAnonymously: true, to: member, child: child))
        #expect(Policy.showsPostAuthor(postOrganisation: "SENS", postedAnonymously: true, to: nurse, child: child))
        #expect(Policy.showsPostAuthor(postOrganisation: "SENS", postedAnonymously: true, to: manager, child: child))
        #expect(Policy.showsPostAuthor(postOrganisation: "SENS", postedAnonymously: false, to: member, child: child))
    }
}
