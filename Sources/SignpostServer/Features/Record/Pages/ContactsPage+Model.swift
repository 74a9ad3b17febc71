import Foundation
import SignpostCore

/// The agency contacts page: the picture of contact first (last seen, the agreed frequency, school
/// attendance, the expected contacts as a table), then the contacts, then the forms to record one
/// and to agree how often the child is seen.
enum ContactsPage {
    static let template = "contacts"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var heading: String
        var childHref: String
        var notice: String?
        var lastSeen: String
        var notSeenWarning: String?
        var frequency: String
        var attendance: String?
        var persistentAbsence: Bool
        var missed: String
        var expected: [Expected]
        var contacts: [Row]
        var mayAdd: Bool
        var kinds: [ChronologyPage.Option]
        var outcomes: [ChronologyPage.Option]
        var form: Form
        var errors: FormErrors
    }

    struct Expected: Encodable {
        var name: String
        var window: String
        var state: String
        var tagClass: String
    }

    struct Row: Encodable {
        var date: String
        var organisation: String
        var kind: String
        var outcome: String
        var seen: String
        var note: String
    }

    /// The contact and frequency forms as typed.
    struct Form: Codable, Sendable {
        var occurredOn: String?
        var kind: String?
        var outcome: String?
        var seenAlone: String?
        var note: String?
        var sessionsPossible: String?
        var sessionsAttended: String?
        var everyDays: String?

        var input: AgencyContactService.ContactInput {
            .init(
                occurredOn: occurredOn ?? "", kind: kind ?? "", outcome: outcome ?? "", childSeen: nil,
                seenAlone: seenAlone == "yes" ? true : nil, note: note,
                sessionsPossible: Self.count(sessionsPossible), sessionsAttended: Self.count(sessionsAttended),
                reference: nil)
        }

        /// A typed count: blank is none; anything but a whole number is out of range, so the service
        /// refuses it with its own message and the page shows what was typed.
        private static func count(_ typed: String?) -> Int? {
            guard let text = typed?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return Int(text) ?? -1
        }
    }

    static func title(_ errors: FormErrors, childName: String) -> String {
        (errors.any ? "Error: " : "") + "Agency contacts for \(childName)"
    }

    static func noticeText(_ notice: SiteURL.ContactsNotice?) -> String? {
        switch notice {
        case .recorded: "The contact has been recorded"
        case .alreadyRecorded: "That contact was recorded before: nothing has changed"
        case .frequencyAgreed: "The agreed frequency has been recorded"
        case nil: nil
        }
    }

    static func model(
        layout: LayoutContext, childID: UUID, page: AgencyContactService.ContactsPage, form: Form,
        notice: SiteURL.ContactsNotice?, errors: FormErrors
    ) -> Model {
        let picture = page.picture
        let lastSeen = picture.lastSeen.map {
            "\(DisplayTime.day($0)) (\(PlainEnglish.count(picture.daysSinceSeen ?? 0, "day", "days")) ago)"
        }
        return Model(
            layout: layout, childID: childID, heading: "Agency contacts for \(page.childName)",
            childHref: SiteURL.child(childID).path, notice: noticeText(notice),
            lastSeen: lastSeen ?? "Not recorded as seen by a service whose contacts you can see",
            notSeenWarning: picture.notSeenTooLong
                ? (picture.daysSinceSeen.map { "Not seen for \($0) days" } ?? "Not recorded as seen") : nil,
            frequency: picture.frequencyDays.map { "At least every \($0) days" }
                ?? "None agreed (a child not seen for \(ContactSchedule.notSeenDays) days is flagged)",
            attendance: picture.attendancePercent.map { String(format: "%.1f%%", $0) },
            persistentAbsence: picture.persistentAbsence,
            missed: PlainEnglish.count(picture.missedContacts, "missed contact", "missed contacts"),
            expected: picture.expected.map(expected), contacts: page.contacts.map(row), mayAdd: page.mayAdd,
            kinds: ChronologyPage.options(ContactKind.allCases.map { ($0.rawValue, $0.label) }, chosen: form.kind),
            outcomes: ChronologyPage.options(
                ContactOutcome.allCases.map { ($0.rawValue, $0.label) }, chosen: form.outcome),
            form: form, errors: errors)
    }

    private static func expected(_ item: AgencyContactService.ExpectedView) -> Expected {
        let (state, tag): (String, String) =
            switch item.state {
            case .met: ("Met", "govuk-tag--green")
            case .due: ("Due now", "govuk-tag--blue")
            case .missed: ("Missed", "govuk-tag--red")
            case .upcoming: ("Not yet due", "govuk-tag--grey")
            }
        return Expected(
            name: item.name, window: "\(DisplayTime.day(item.from)) to \(DisplayTime.day(item.by))", state: state,
            tagClass: tag)
    }

    private static func row(_ contact: AgencyContactService.ContactView) -> Row {
        guard contact.disclosure == .full else {
            return Row(
                date: DisplayTime.day(contact.occurredOn), organisation: "Another service",
                kind: "Another service recorded a contact", outcome: "", seen: "", note: "")
        }
        let seen = contact.childSeen == true ? (contact.seenAlone == true ? "Yes, alone" : "Yes") : "No"
        var kind = contact.kind?.label ?? ""
        if let possible = contact.sessionsPossible, let attended = contact.sessionsAttended {
            kind += ": \(attended) of \(possible) sessions"
        }
        return Row(
            date: DisplayTime.day(contact.occurredOn),
            organisation: contact.organisationName ?? contact.organisationCode ?? "", kind: kind,
            outcome: contact.outcome?.label ?? "", seen: seen, note: contact.note ?? "")
    }
}
