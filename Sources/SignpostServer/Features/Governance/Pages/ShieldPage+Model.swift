import Foundation
import SignpostCore

/// Shield a child (the grounds and the review date); or, when the child is shielded already, review the
/// shield with its current grounds in view, or lift it with a reason.
enum ShieldPage {
    static let template = "shield"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var heading: String
        var introduction: String
        /// The shield in force, in words; nil when the child is not shielded.
        var current: Current?
        var groundsLabel: String
        var submitLabel: String
        var form: Form
        var errors: FormErrors
    }

    struct Current: Encodable {
        var grounds: String
        var reviewOn: String
        var reviewOverdue: Bool
        var inherited: Bool
        /// "18 November 2026 at 11:09am by Dana Manager".
        var set: String
    }

    /// The shield and lift forms, kept as typed when the page is shown again with errors.
    struct Form: Codable {
        var grounds: String?
        var reviewOn: String?
        var reason: String?

        var input: ShieldService.ShieldInput {
            ShieldService.ShieldInput(grounds: grounds ?? "", reviewOn: reviewOn ?? "")
        }
    }

    static func heading(shielded: Bool) -> String {
        shielded ? "Review the shield" : "Shield this child"
    }

    static func title(_ errors: FormErrors, shielded: Bool) -> String {
        errors.any ? "Error: \(heading(shielded: shielded))" : heading(shielded: shielded)
    }

    static func model(
        layout: (String) -> LayoutContext, childID: UUID, current: ShieldService.CurrentShield?, form: Form,
        errors: FormErrors
    ) -> Model {
        let shielded = current != nil
        return Model(
            layout: layout(title(errors, shielded: shielded)), childID: childID, heading: heading(shielded: shielded),
            introduction: shielded
                ? "This child is shielded. Review the shield: say why it is still needed and when to review it next, "
                    + "or lift it if it is no longer needed."
                : "Shield a child who is at increased risk if located. Outside the child's team, practitioners then "
                    + "see only the name, gender, date of birth and how to reach you; searches on address, postcode "
                    + "or identifiers find nothing and alert the auditors.",
            current: current.map(describe),
            groundsLabel: shielded ? "Grounds for keeping the shield" : "Grounds for shielding",
            submitLabel: shielded ? "Record the review" : "Shield this child", form: form, errors: errors)
    }

    static func describe(_ shield: ShieldService.CurrentShield) -> Current {
        Current(
            grounds: shield.grounds, reviewOn: DisplayTime.day(shield.reviewOn), reviewOverdue: shield.reviewOverdue,
            inherited: shield.inherited,
            set: DisplayTime.minute(shield.setAt) + (shield.setBy.map { " by \($0)" } ?? ""))
    }
}
