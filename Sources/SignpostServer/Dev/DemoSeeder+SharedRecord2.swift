import Fluent
import Foundation
import SignpostCore

/// Grace Thompson's shared record: born 2022-06-15, in reception class at Meadowbank Primary School.
extension DemoSeeder {
    /// Hana's health visiting since Grace's birth: the new birth visit, the 6 to 8 week and the 9 to 12
    /// month reviews met; the 2 to 2½ year review (2024-06-15 to 2024-12-15) missed, with a visit
    /// that found no one in and a clinic appointment not attended; a late review afterwards.
    func seedGracesHealthVisiting(grace: UUID, hana: AuthenticatedPractitioner, today: CalendarDate)
        async throws
    {
        for contact in Self.gracesHealthVisitingContacts(today: today) {
            try await recordContact(contact, childID: grace, by: hana)
        }
        let entries: [DemoEntry] = [
            .init(
                on: "2022-06-27", category: .homeVisit,
                summary: "New birth visit: Grace and Joanne well; feeding and safe sleep advice given."),
            .init(
                on: "2024-09-18", category: .appointment, significance: .significant,
                summary: "Grace's 2 to 2½ year review missed: no one in at the visit on 10 July, and the "
                    + "rearranged clinic appointment was not attended. Letter sent to Joanne; GP told."),
            .init(
                on: "2025-03-12", category: .review,
                summary: "Late developmental review at 2 years 9 months: speech a little behind; referred to "
                    + "speech and language therapy."),
        ]
        for entry in entries { try await addEntry(entry, childID: grace, by: hana) }
    }

    static func gracesHealthVisitingContacts(today: CalendarDate) -> [DemoContact] {
        [
            .init(
                on: "2022-06-27", kind: .homeVisit, outcome: .seen,
                note: "New birth visit: feeding well; Joanne well; safe sleep advice.", reference: "HV-GT-0001"),
            .init(
                on: "2022-08-03", kind: .appointment, outcome: .seen,
                note: "6 to 8 week review at the clinic: growing well; no concerns.", reference: "HV-GT-0002"),
            .init(
                on: "2023-04-19", kind: .homeVisit, outcome: .seen,
                note: "9 to 12 month review: crawling and babbling; home safety advice.", reference: "HV-GT-0003"),
            .init(
                on: "2024-07-10", kind: .homeVisit, outcome: .noAccess,
                note: "2 to 2½ year review: no answer; card left with a new date.", reference: "HV-GT-0004"),
            .init(
                on: "2024-09-18", kind: .appointment, outcome: .missed,
                note: "Rearranged 2 to 2½ year review at the clinic: not attended.", reference: "HV-GT-0005"),
            .init(
                on: "2024-11-27", kind: .phoneCall, outcome: .notSeen,
                note: "Joanne says her shifts make appointments hard; a visit offered in the new year.",
                reference: "HV-GT-0006"),
            .init(
                on: "2025-03-12", kind: .homeVisit, outcome: .seen,
                note: "Late developmental review: speech a little behind; referred to speech and language.",
                reference: "HV-GT-0007"),
            .init(
                on: today.adding(days: -10).iso, kind: .phoneCall, outcome: .notSeen,
                note: "Joanne rang about bedtimes since her new rota; sleep advice visit to be booked.",
                reference: "HV-GT-0008"),
        ]
    }

    /// Grace's first school year: Eli's entries (she started reception, the school's referral, a home
    /// visit), the visit as a contact, the agreed frequency, and the school's weekly attendance, which
    /// dips below 90 % by the fourth week.
    func seedGracesSchoolYear(grace: UUID, eli: AuthenticatedPractitioner, today: CalendarDate) async throws {
        // She started reception in the first full week of September 2026; this school year's entries
        // fall between the start of its first full week and today.
        let reception = min(CalendarDate(year: 2026, month: 9, day: 7)!, today)
        let termStarted = min(Self.firstMonday(onOrAfter: ContactSchedule.schoolYearStart(today)), today)
        func daysAgo(_ days: Int) -> String { max(today.adding(days: -days), termStarted).iso }
        let entries: [DemoEntry] = [
            .init(
                on: reception.iso, category: .other, summary: "Started reception class at Meadowbank Primary School."),
            .init(
                on: daysAgo(21), category: .referral, significance: .significant,
                summary: "Meadowbank Primary School asked early help to work with the family: Grace's attendance "
                    + "is below 90 % and she is often late on Mondays."),
            .init(
                on: daysAgo(14), category: .homeVisit, significance: .significant,
                summary: "Home visit: met Grace and Joanne. Joanne's new rota starts at 6am and mornings are a "
                    + "rush. Joanne agreed to an early-help assessment."),
        ]
        for entry in entries { try await addEntry(entry, childID: grace, by: eli) }
        try await recordContact(
            .init(
                on: daysAgo(14), kind: .homeVisit, outcome: .seen,
                note: "Grace seen with Joanne at home; cheerful, tired.", reference: "EH-GT-0001"),
            childID: grace, by: eli)
        try await AgencyContactService(context: context).setFrequency(everyDays: 14, childID: grace, by: eli)
        try await seedGracesAttendance(grace: grace, eli: eli, today: today)
    }

    /// One row a week from the school's register (Eli records the school's weekly returns: the demo has
    /// no account at Meadowbank Primary): two sessions a day, fewer in a week with a bank holiday.
    private func seedGracesAttendance(grace: UUID, eli: AuthenticatedPractitioner, today: CalendarDate)
        async throws
    {
        let absences = [0, 1, 2, 3, 1, 2, 0, 2, 3, 1, 2, 1]
        for (index, monday) in Self.schoolWeeks(until: today).enumerated() {
            let possible = (0..<5).filter { WorkingDays.isWorkingDay(monday.adding(days: $0)) }.count * 2
            guard possible > 0 else { continue }
            let absent = min(absences[index % absences.count], possible)
            try await recordContact(
                .init(
                    on: monday.adding(days: 4).iso, kind: .schoolAttendance,
                    outcome: absent == possible ? .notSeen : .seen,
                    note: absent >= 2 ? "\(absent) sessions missed; late after the register closed on Monday." : nil,
                    sessions: (possible: possible, attended: possible - absent), reference: "MPS-ATT-GT-\(monday.iso)"),
                childID: grace, by: eli)
        }
    }

    /// Hana raises a concern for attention; Eli, Grace's lead professional, acknowledges it with a note,
    /// and Hana replies with what she will do.
    func seedGracesConcern(grace: UUID, eli: AuthenticatedPractitioner, hana: AuthenticatedPractitioner)
        async throws
    {
        let forum = ForumService(context: context)
        let thread = try await forum.startThread(
            .init(
                title: "Grace very tired: bedtimes after 10pm", kind: ForumPostKind.concern.rawValue,
                body: "Joanne rang me: since her new shift rota Grace is rarely asleep before 10pm and is very "
                    + "tired in the mornings. Grace's 2-year review was missed and the late review found her "
                    + "speech behind. With her attendance below 90 %, I am worried her needs are being missed.",
                raiseAttention: true, nameMyService: nil),
            childID: grace, by: hana)
        guard let postID = try await ForumPostModel.query(on: context.db).filter(\.$threadID == thread).first()?.id
        else { throw ServiceError.notFound("demo concern missing") }
        try await forum.acknowledge(
            postID: postID, childID: grace,
            note: "Spoke to Joanne today. Breakfast club place from Monday, and Hana will visit with sleep "
                + "advice; attendance to be checked at the next review.",
            by: eli)
        try await forum.reply(
            .init(
                title: nil, kind: ForumPostKind.progress.rawValue,
                body: "Thank you. I will book the sleep advice visit and chase the speech and language referral.",
                raiseAttention: nil, nameMyService: nil),
            threadID: thread, childID: grace, by: hana)
    }
}
