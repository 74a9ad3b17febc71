import Foundation
import SignpostCore

extension ChronologyService {
    /// The entry as typed, checked field by field before anything is read or written.
    static func checked(_ input: EntryInput, today: CalendarDate, corrects: UUID?) throws -> ChronologyLog.Draft {
        var errors: [ServiceError.FieldError] = []
        let typedDay = input.occurredOn.trimmingCharacters(in: .whitespaces)
        let day = CalendarDate(typed: typedDay)
        if typedDay.isEmpty {
            errors.append(.init(field: "occurredOn", message: "Enter the date it happened."))
        } else if let day, !ChronologyRules.isPlausible(occurredOn: day, today: today) {
            errors.append(.init(field: "occurredOn", message: "The date it happened must be today or in the past."))
        } else if day == nil {
            errors.append(.init(field: "occurredOn", message: DateEntry.problem(in: typedDay, label: "The date")))
        }
        let time = input.occurredTime?.trimmingCharacters(in: .whitespaces) ?? ""
        if !time.isEmpty && !ChronologyRules.isTime(time) {
            errors.append(
                .init(field: "occurredTime", message: "Enter the time as hours and minutes, for example 14:30."))
        }
        let category = ChronologyCategory(rawValue: input.category)
        if category == nil || category == .team {
            errors.append(.init(field: "category", message: "Choose what kind of event this was."))
        }
        let significance = ChronologySignificance(rawValue: input.significance)
        if significance == nil {
            errors.append(.init(field: "significance", message: "Choose how significant it was."))
        }
        let summary = input.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty {
            errors.append(.init(field: "summary", message: "Enter a summary of what happened."))
        } else if summary.count > ChronologyRules.summaryLimit {
            errors.append(
                .init(
                    field: "summary",
                    message: "The summary must be \(ChronologyRules.summaryLimit) characters or fewer; "
                        + "it has \(summary.count)."))
        }
        guard errors.isEmpty, let day, let category, let significance else { throw ServiceError.validation(errors) }
        return ChronologyLog.Draft(
            occurredOn: day, occurredTime: time.isEmpty ? nil : time, category: category, significance: significance,
            summary: summary, source: .practitioner, corrects: corrects)
    }
}
