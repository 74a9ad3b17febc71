import Foundation
import LeafKit
import SignpostCore

/// The GOV.UK date input: a date is typed in three boxes, day, month and year, named `NAME-day`,
/// `NAME-month` and `NAME-year`. `DateInputMiddleware` joins them into one `NAME` field before a
/// controller reads the form, so services keep taking one date string, and a page re-rendered after an
/// error splits that string back into the three boxes exactly as they were typed.
enum DateInput {
    /// One date string from the three boxes: `YYYY-MM-DD` for a real date, so services read it as they
    /// read the API's dates; otherwise what was typed, as `day/month/year`, for the service to refuse
    /// and the page to show again. A whole date typed into the day box alone (`31/12/2026`) is read too.
    static func join(day: String, month: String, year: String) -> String {
        let day = trimmed(day)
        let month = trimmed(month)
        let year = trimmed(year)
        if month.isEmpty, year.isEmpty {
            guard !day.isEmpty else { return "" }
            return CalendarDate(typed: day)?.iso ?? day
        }
        let typed = "\(day)/\(month)/\(year)"
        return CalendarDate(typed: typed)?.iso ?? typed
    }

    /// The three boxes for a date string, the inverse of `join`: a stored `YYYY-MM-DD` shows as
    /// `27`, `3`, `2015`, as GOV.UK's examples do; anything else is put back as it was typed.
    static func split(_ value: String) -> (day: String, month: String, year: String) {
        if let date = CalendarDate(iso: value) {
            return (String(date.day), String(date.month), String(date.year))
        }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3 { return (parts[0], parts[1], parts[2]) }
        return (value, "", "")
    }

    private static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }
}

/// `#dateInput(id, name, value, error)` renders the three boxes of a GOV.UK date input; the template
/// keeps the fieldset, legend, hint and error message around it. The day box takes `id` itself, so an
/// error summary link to `#id` moves focus to the first box, as GOV.UK Frontend expects.
struct DateInputTag: UnsafeUnescapedLeafTag {
    func render(_ context: LeafContext) throws -> LeafData {
        let parameters = context.parameters
        guard parameters.count == 4, let id = parameters[0].string, let name = parameters[1].string else {
            throw LeafError(.unknownError("#dateInput(id, name, value, error) takes four parameters"))
        }
        let boxes = DateInput.split(parameters[2].string ?? "")
        let inError = !(parameters[3].string ?? "").isEmpty
        let items = [
            box(id: id, name: "\(name)-day", label: "Day", value: boxes.day, width: 2, inError: inError),
            box(
                id: "\(id)-month", name: "\(name)-month", label: "Month", value: boxes.month, width: 2, inError: inError
            ),
            box(id: "\(id)-year", name: "\(name)-year", label: "Year", value: boxes.year, width: 4, inError: inError),
        ]
        return .string("<div class=\"govuk-date-input\" id=\"\(id)-input\">\(items.joined())</div>")
    }

    private func box(id: String, name: String, label: String, value: String, width: Int, inError: Bool) -> String {
        let errorClass = inError ? " govuk-input--error" : ""
        return """
            <div class="govuk-date-input__item"><div class="govuk-form-group">\
            <label class="govuk-label govuk-date-input__label" for="\(id)">\(label)</label>\
            <input class="govuk-input govuk-date-input__input govuk-input--width-\(width)\(errorClass)" \
            id="\(id)" name="\(name)" type="text" inputmode="numeric" autocomplete="off" \
            value="\(Self.escaped(value))"></div></div>
            """
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
