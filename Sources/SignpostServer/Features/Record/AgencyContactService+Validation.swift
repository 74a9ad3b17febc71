import Foundation
import SignpostCore

extension AgencyContactService {
    static let noteLimit = 500

    /// The contact as sent, checked field by field before anything is read or written.
    static func checked(_ input: ContactInput, today: CalendarDate) throws -> Checked {
        var errors: [ServiceError.FieldError] = []
        let typed = input.occurredOn.trimmingCharacters(in: .whitespaces)
        let day = CalendarDate(typed: typed)
        if typed.isEmpty {
            errors.append(.init(field: "occurredOn", message: "Enter the date of the contact."))
        } else if let day, !ChronologyRules.isPlausible(occurredOn: day, today: today) {
            errors.append(.init(field: "occurredOn", message: "The date of the contact must be today or in the past."))
        } else if day == nil {
            errors.append(.init(field: "occurredOn", message: DateEntry.problem(in: typed, label: "The date")))
        }
        let kind = ContactKind(rawValue: input.kind)
        if kind == nil { errors.append(.init(field: "kind", message: "Choose what kind of contact it was.")) }
        let outcome = ContactOutcome(rawValue: input.outcome)
        if outcome == nil { errors.append(.init(field: "outcome", message: "Choose what came of the contact.")) }
        let seen = input.childSeen ?? (outcome == .seen)
        if seen && outcome.map({ $0 != .seen }) == true {
            errors.append(
                .init(field: "childSeen", message: "A child who was seen makes the outcome \u{201C}Seen\u{201D}."))
        }
        if input.seenAlone == true && !seen {
            errors.append(.init(field: "seenAlone", message: "A child seen alone was seen."))
        }
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > noteLimit {
            errors.append(.init(field: "note", message: "The note must be \(noteLimit) characters or fewer."))
        }
        checkSessions(input, kind: kind, errors: &errors)
        let reference = input.reference?.trimmingCharacters(in: .whitespaces)
        if let reference, reference.count > 100 {
            errors.append(.init(field: "reference", message: "The reference must be 100 characters or fewer."))
        }
        guard errors.isEmpty, let day, let kind, let outcome else { throw ServiceError.validation(errors) }
        return Checked(
            on: day, kind: kind, outcome: outcome, childSeen: seen, seenAlone: input.seenAlone,
            note: note?.isEmpty == false ? note : nil, sessionsPossible: input.sessionsPossible,
            sessionsAttended: input.sessionsAttended, reference: reference?.isEmpty == false ? reference : nil)
    }

    /// School attendance is a week's sessions: both numbers, 0 to 10 possible, no more attended than possible.
    private static func checkSessions(
        _ input: ContactInput, kind: ContactKind?, errors: inout [ServiceError.FieldError]
    ) {
        let given = input.sessionsPossible != nil || input.sessionsAttended != nil
        guard kind == .schoolAttendance || given else { return }
        guard kind == .schoolAttendance else {
            errors.append(
                .init(field: "sessionsPossible", message: "Sessions are recorded for school attendance only."))
            return
        }
        guard let possible = input.sessionsPossible, let attended = input.sessionsAttended,
            (1...10).contains(possible), (0...possible).contains(attended)
        else {
            errors.append(
                .init(
                    field: "sessionsPossible",
                    message: "Enter the week's sessions: 1 to 10 possible, and no more attended than possible."))
            return
        }
    }
}
