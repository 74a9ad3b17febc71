import Foundation
import SignpostCore

/// Closing an episode: a question page (why, and for a move or a step-up what the census and the
/// receiving authority need, chosen from lists with their meanings), then a page to confirm.
enum ClosurePage {
    static let template = "assessment-close"
    static let confirmTemplate = "assessment-close-confirm"

    struct Model: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var reasons: [ChoiceOption]
        var bases: [ChoiceOption]
        var authorities: [ChoiceOption]
        var referralSources: [ChoiceOption]
        var primaryNeeds: [ChoiceOption]
        var note: String
        var errors: FormErrors
    }

    struct Row: Encodable {
        var key: String
        var value: String
    }

    struct Hidden: Encodable {
        var name: String
        var value: String
    }

    struct ConfirmModel: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        var rows: [Row]
        var answers: [Hidden]
    }

    static let fields = ["reason", "receivingAuthority", "transferBasis", "referralSource", "primaryNeed", "note"]

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Close the episode" : "Close the episode"
    }

    /// The page's words for what the service (and the API) says with the stored codes: the page offers
    /// each choice by its label, so its errors name no code.
    static let pageMessages = [
        "reason": "Choose why the episode is closing.",
        "transferBasis": "Choose the basis for passing the assessment on.",
        "receivingAuthority": "Choose the authority the child moved to: not the one they are with now.",
    ]

    /// The service's errors as the question page shows them.
    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        EpisodePage.fieldErrors(error, rename: [:]).map { field in
            .init(field: field.field, message: pageMessages[field.field] ?? field.message)
        }
    }

    static func input(_ form: [String: String]) -> TeamAroundTheChildService.ClosureInput {
        func value(_ name: String) -> String? { form[name].flatMap { $0.isEmpty ? nil : $0 } }
        return .init(
            reason: form["reason"] ?? "", note: value("note"), receivingAuthority: value("receivingAuthority"),
            transferBasis: value("transferBasis"), referralSource: value("referralSource"),
            primaryNeed: value("primaryNeed"))
    }

    static func model(
        layout: LayoutContext, content: EpisodeService.ClosureContent, form: [String: String], errors: FormErrors
    ) -> Model {
        func options(_ pairs: [(String, String)], _ field: String, blank: String) -> [ChoiceOption] {
            [ChoiceOption(value: "", label: blank, checked: (form[field] ?? "").isEmpty)]
                + pairs.map { ChoiceOption(value: $0.0, label: $0.1, checked: form[field] == $0.0) }
        }
        return Model(
            layout: layout, episode: content.episode,
            reasons: ClosureReason.allCases.map {
                ChoiceOption(value: $0.rawValue, label: $0.displayName, checked: form["reason"] == $0.rawValue)
            },
            bases: LawfulBasis.allCases.map {
                ChoiceOption(value: $0.rawValue, label: $0.displayName, checked: form["transferBasis"] == $0.rawValue)
            },
            authorities: options(content.authorities.map { ($0.code, $0.name) }, "receivingAuthority", blank: "Choose"),
            referralSources: options(codes(CINCodes.referralSource), "referralSource", blank: "Choose"),
            primaryNeeds: options(codes(CINCodes.primaryNeed), "primaryNeed", blank: "Choose"),
            note: form["note"] ?? "", errors: errors)
    }

    /// Census codes in their numeric order, labelled with their meaning ("2A: Schools").
    static func codes(_ table: [String: String]) -> [(String, String)] {
        table.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }
            .map { ($0.key, "\($0.key): \($0.value)") }
    }

    static func confirmModel(
        layout: LayoutContext, content: EpisodeService.ClosureContent, input: TeamAroundTheChildService.ClosureInput,
        form: [String: String]
    ) -> ConfirmModel {
        let authority = input.receivingAuthority.map { code in
            content.authorities.first { $0.code == code }?.name ?? code
        }
        let rows = answerRows(
            reasonName: ClosureReason(rawValue: input.reason)?.displayName ?? "", authority: authority,
            transferBasis: input.transferBasis, referralSource: input.referralSource, primaryNeed: input.primaryNeed,
            note: input.note, closed: false)
        return ConfirmModel(
            layout: layout, episode: content.episode, rows: rows,
            answers: fields.compactMap { name in form[name].map { Hidden(name: name, value: $0) } })
    }

    /// A closed episode's answers after its reason, in the words the closing pages use: the receiving
    /// authority by name, the basis, each census code with its meaning ("N3: Parental disability or
    /// illness"), and the note.
    static func closedRows(_ closure: EpisodeView.Closure) -> [Row] {
        answerRows(
            reasonName: nil, authority: closure.receivingAuthority.map { closure.receivingAuthorityName ?? $0 },
            transferBasis: closure.transferBasis, referralSource: closure.referralSource,
            primaryNeed: closure.primaryNeed, note: closure.note, closed: true)
    }

    /// The closure's answers as rows: asked ("Why it is closing") on the confirmation page, or
    /// reported ("Why it closed") once closed.
    static func answerRows(
        reasonName: String?, authority: String?, transferBasis: String?, referralSource: String?,
        primaryNeed: String?, note: String?, closed: Bool
    ) -> [Row] {
        var rows: [Row] = []
        if let reasonName { rows.append(Row(key: closed ? "Why it closed" : "Why it is closing", value: reasonName)) }
        if let authority { rows.append(Row(key: closed ? "Moved to" : "Moving to", value: authority)) }
        if let basis = transferBasis.flatMap(LawfulBasis.init(rawValue:)) {
            rows.append(Row(key: "Basis for passing the assessment on", value: basis.displayName))
        }
        if let code = referralSource {
            rows.append(Row(key: "Referral source", value: label(code, CINCodes.referralSource)))
        }
        if let code = primaryNeed {
            rows.append(Row(key: "Primary need", value: label(code, CINCodes.primaryNeed)))
        }
        if let note, !note.isEmpty { rows.append(Row(key: "Note", value: note)) }
        return rows
    }

    /// A census code with its meaning, as the closing page's lists offer it: "2A: Schools".
    static func label(_ code: String, _ table: [String: String]) -> String {
        table[code].map { "\(code): \($0)" } ?? code
    }
}
