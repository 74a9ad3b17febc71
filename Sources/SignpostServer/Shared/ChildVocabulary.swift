import Foundation

/// The words a child record uses (name kinds, search reasons): shared by the record, the search and
/// the facts loader.
enum ChildVocabulary {
    static let genders = ["male", "female", "not-specified", "unknown"]
    static let whereabouts = ["current", "last-known", "none-known", "left-england"]
    static let nameKinds = ["former", "alias"]
    /// The search reasons in the order the forms offer them.
    static let searchReasonOrder = [
        "new-referral", "child-protection-enquiry", "emergency-attendance", "school-admission", "other",
    ]
    static let searchReasons = [
        "new-referral": "New referral", "child-protection-enquiry": "Child protection enquiry",
        "emergency-attendance": "Emergency attendance", "school-admission": "School admission", "other": "Other",
    ]
    /// Each stored gender in the pages' words, in the order the forms offer them.
    static let genderLabels: [(code: String, label: String)] = [
        ("female", "Female"), ("male", "Male"), ("not-specified", "Not specified"), ("unknown", "Not known"),
    ]
    /// Each stored whereabouts in the pages' words.
    static let whereaboutsLabels = [
        "current": "Current address", "last-known": "Last known address", "none-known": "No address known",
        "left-england": "Left England",
    ]

    /// "Not specified" for `not-specified`: the pages never show the stored code.
    static func genderName(_ code: String) -> String {
        genderLabels.first { $0.code == code }?.label ?? PlainEnglish.words(fromCode: code)
    }

    /// "Last known address" for `last-known`.
    static func whereaboutsName(_ code: String) -> String {
        whereaboutsLabels[code] ?? PlainEnglish.words(fromCode: code)
    }
}
