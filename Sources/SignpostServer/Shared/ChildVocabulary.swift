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
}
