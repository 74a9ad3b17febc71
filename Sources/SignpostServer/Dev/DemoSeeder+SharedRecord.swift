import Fluent
import Foundation
import SignpostCore

extension DemoSeeder {
    /// The team's shared record for the named children, written through the services as their teams
    /// would: Grace's health visiting since birth (the 2-year review missed), her school attendance this
    /// year below 90 %, a concern and its acknowledgement; William's police attendance and a corrected
    /// entry; Jade's sexual-health contact, which only the clinic and the data managers read.
    func seedSharedRecord() async throws {
        let today = CalendarDate(context.now)
        let eli = try await demoPractitioner("eli.early-help@ashdown.example")
        let hana = try await demoPractitioner("hana.health-visitor@ashdown.example")
        let grace = try await namedChildID("Grace", "Thompson", born: "2022-06-15")
        try await seedGracesHealthVisiting(grace: grace, hana: hana, today: today)
        try await seedGracesSchoolYear(grace: grace, eli: eli, today: today)
        try await seedGracesConcern(grace: grace, eli: eli, hana: hana)
        try await seedWilliamsChronology(
            william: try await namedChildID("William", "Thompson", born: "2015-03-07"),
            sam: try await demoPractitioner("sam.social-worker@ashdown.example"), today: today)
        try await seedJadesClinicContact(
            jade: try await namedChildID("Jade", "Wilson", born: "2010-11-03"), eli: eli,
            nia: try await demoPractitioner("nia.sexual-health@ashdown.example"),
            dana: try await demoPractitioner("dana.data-manager@ashdown.example"), today: today)
    }

    /// A chronology entry as a practitioner types it; the date as `YYYY-MM-DD`.
    struct DemoEntry {
        var on: String
        var time: String? = nil
        var category: ChronologyCategory
        var significance: ChronologySignificance = .routine
        var summary: String
    }

    /// An agency contact as a practitioner (or their service's system) sends it; the date as `YYYY-MM-DD`.
    struct DemoContact {
        var on: String
        var kind: ContactKind
        var outcome: ContactOutcome
        var seenAlone: Bool? = nil
        var note: String? = nil
        var sessions: (possible: Int, attended: Int)? = nil
        var reference: String
    }

    /// Adds the entry through `ChronologyService`, as its author, and returns its ID.
    @discardableResult
    func addEntry(_ entry: DemoEntry, childID: UUID, by author: AuthenticatedPractitioner) async throws -> UUID {
        try await ChronologyService(context: context).add(
            .init(
                occurredOn: entry.on, occurredTime: entry.time, category: entry.category.rawValue,
                significance: entry.significance.rawValue, summary: entry.summary),
            childID: childID, by: author
        ).id
    }

    /// Records the contact through `AgencyContactService`, as its author's service.
    func recordContact(_ contact: DemoContact, childID: UUID, by author: AuthenticatedPractitioner) async throws {
        _ = try await AgencyContactService(context: context).record(
            .init(
                occurredOn: contact.on, kind: contact.kind.rawValue, outcome: contact.outcome.rawValue,
                childSeen: contact.outcome == .seen, seenAlone: contact.seenAlone, note: contact.note,
                sessionsPossible: contact.sessions?.possible, sessionsAttended: contact.sessions?.attended,
                reference: contact.reference),
            childID: childID, by: author)
    }

    /// A named demo child by name and date of birth (the synthetic children may share a name).
    func namedChildID(_ givenName: String, _ familyName: String, born: String) async throws -> UUID {
        let candidates = try await ChildModel.query(on: context.db).filter(\.$givenName == givenName)
            .filter(\.$familyName == familyName).all()
        guard let id = candidates.first(where: { $0.dateOfBirth == born && $0.mergedIntoID == nil })?.id else {
            throw ServiceError.notFound("demo child \(givenName) \(familyName) missing")
        }
        return id
    }

    /// The Mondays of the school weeks from the start of this school year to today, each week ended
    /// (its Friday today or earlier), leaving out the usual holidays.
    static func schoolWeeks(until today: CalendarDate) -> [CalendarDate] {
        var weeks: [CalendarDate] = []
        var monday = firstMonday(onOrAfter: ContactSchedule.schoolYearStart(today))
        while monday.adding(days: 4) <= today {
            if !isSchoolHoliday(monday) { weeks.append(monday) }
            monday = monday.adding(days: 7)
        }
        return weeks
    }

    static func firstMonday(onOrAfter day: CalendarDate) -> CalendarDate {
        // 1970-01-01 (day number 0) was a Thursday.
        let weekday = ((day.dayNumber % 7) + 7 + 3) % 7  // 0 = Monday ... 6 = Sunday
        return day.adding(days: (7 - weekday) % 7)
    }

    /// A week (by its Monday) in a typical English school holiday: the half terms, Christmas, Easter
    /// (near enough) and the summer.
    static func isSchoolHoliday(_ monday: CalendarDate) -> Bool {
        switch (monday.month, monday.day) {
        case (10, 23...29), (12, 20...31), (1, 1...2), (2, 13...19), (4, 1...14), (5, 25...31), (7, 22...31), (8, _):
            true
        default:
            false
        }
    }

    /// William Thompson (Tier 1): Sam records a police attendance at home and what followed, and
    /// corrects the date of the strategy discussion, which was first recorded a week late.
    private func seedWilliamsChronology(william: UUID, sam: AuthenticatedPractitioner, today: CalendarDate)
        async throws
    {
        let attended = today.adding(days: -45)
        try await addEntry(
            .init(
                on: attended.iso, time: "23:10", category: .policeAttendance, significance: .significant,
                summary: "Police attended 14 Church Road after a neighbour reported shouting. William was awake "
                    + "and was spoken to by officers; no injuries. The police's domestic abuse notification "
                    + "reached children's social care the next morning."),
            childID: william, by: sam)
        let strategy =
            "Strategy discussion with the police and Meadowbank Primary School: a section 47 "
            + "enquiry to start; Sam to visit William at home."
        let misdated = try await addEntry(
            .init(on: attended.adding(days: 8).iso, category: .meeting, significance: .significant, summary: strategy),
            childID: william, by: sam)
        try await addEntry(
            .init(
                on: attended.adding(days: 2).iso, category: .homeVisit, significance: .significant,
                summary: "Home visit: William seen alone in his bedroom. He said the shouting woke him and he "
                    + "was scared; he feels safe with his mother."),
            childID: william, by: sam)
        _ = try await ChronologyService(context: context).correct(
            .init(
                occurredOn: attended.adding(days: 1).iso, occurredTime: nil, category: "meeting",
                significance: "significant",
                summary: "Date corrected: the strategy discussion was held the day after the police attendance, "
                    + "not a week later. " + strategy),
            entryID: misdated, childID: william, by: sam)
    }

    /// Jade Wilson: the data manager admits the clinic's nurse to her team (the system writes no
    /// chronology entry for a sensitive service), Eli records a home visit, and the clinic an
    /// appointment that Eli's team sees only as "another service recorded a contact".
    private func seedJadesClinicContact(
        jade: UUID, eli: AuthenticatedPractitioner, nia: AuthenticatedPractitioner,
        dana: AuthenticatedPractitioner, today: CalendarDate
    ) async throws {
        try await TeamService(context: context).admitDirectly(
            childID: jade, practitionerID: nia.id,
            reason: "The clinic records its contacts with Jade in her shared record, with her consent; "
                + "only the clinic and the data managers read them.",
            by: dana)
        try await recordContact(
            .init(
                on: today.adding(days: -20).iso, kind: .homeVisit, outcome: .seen, seenAlone: true,
                note: "Jade seen at home; school pastoral support is going well.", reference: "EH-JW-0001"),
            childID: jade, by: eli)
        try await recordContact(
            .init(
                on: today.adding(days: -12).iso, kind: .appointment, outcome: .seen, seenAlone: true,
                note: "Drop-in appointment: advice given; Jade to come back in four weeks.",
                reference: "SH-JW-0001"),
            childID: jade, by: nia)
    }
}
