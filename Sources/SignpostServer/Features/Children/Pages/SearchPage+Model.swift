import Foundation
import SignpostCore

/// Find a child: the stated reason, the details searched on, and the ranked results with their band.
enum SearchPage {
    static let template = "children-search"

    struct Model: Encodable {
        var layout: LayoutContext
        var form: Form
        var reasons: [ChoiceOption]
        var errors: FormErrors
        var searched: Bool
        var results: [ResultRow]
        var resultCount: Int
        /// "1 child found", "3 children found": the results' heading, and part of the page title.
        var resultHeading: String
        /// The shared search fields (`search-fields.leaf`) ask for a UPN here.
        let showUPN = true
        /// Whether this node is part of national signposting, so the page offers "Ask other authorities".
        var nationalLookup = false
    }

    /// The search form, kept as typed when it is shown again with errors.
    struct Form: Codable {
        var reason: String?
        var reasonText: String?
        var givenName: String?
        var familyName: String?
        var dateOfBirth: String?
        var postcode: String?
        var nhsNumber: String?
        var upn: String?
        /// Only "Ask other authorities" asks for it: the hub's encodings hold the child's sex.
        var gender: String?

        var request: SearchRequest {
            SearchRequest(
                reason: reason ?? "", reasonText: reasonText,
                criteria: SearchCriteria(
                    givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth, postcode: postcode,
                    nhsNumber: nhsNumber, upn: upn))
        }
    }

    struct ResultRow: Encodable {
        var id: UUID
        var name: String
        var dateOfBirth: String
        var gender: String
        var authority: String
        var band: String
        /// The band in plain words: what the practitioner may conclude, and what to check.
        var bandMeaning: String
        var isMatch: Bool
        var score: Double

        init(_ result: SearchResult) {
            id = result.id
            name = "\(result.givenName) \(result.familyName)"
            dateOfBirth = result.dateOfBirth ?? "unborn"
            gender = ChildVocabulary.genderName(result.gender)
            authority = result.authority
            band = result.band == MatchBand.match.rawValue ? "Likely match" : "Possible match"
            isMatch = result.band == MatchBand.match.rawValue
            bandMeaning =
                isMatch
                ? "Very likely the same child: at least 99 in 100 on the details given."
                : "Could be this child, or a brother, sister or twin: check the details with the record before you act."
            score = result.score
        }
    }

    /// Search reasons in the order the forms offer them.
    static let reasonOrder = ChildVocabulary.searchReasonOrder

    static func title(_ errors: FormErrors, results: [SearchResult]? = nil) -> String {
        if errors.any { return "Error: Find a child" }
        guard let results else { return "Find a child" }
        return "\(heading(count: results.count)): Find a child"
    }

    static func heading(count: Int) -> String {
        PlainEnglish.count(count, "child", "children") + " found"
    }

    /// A refusal without field errors (too many searches, the national hub not answering) shows against the
    /// first field.
    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        error.fieldErrors.isEmpty ? [.init(field: "givenName", message: error.detail)] : error.fieldErrors
    }

    static func model(layout: LayoutContext, form: Form, errors: FormErrors, results: [SearchResult]? = nil)
        -> Model
    {
        Model(
            layout: layout, form: form,
            reasons: reasonOrder.map {
                ChoiceOption(value: $0, label: ChildVocabulary.searchReasons[$0] ?? $0, checked: form.reason == $0)
            },
            errors: errors, searched: results != nil, results: (results ?? []).map(ResultRow.init),
            resultCount: results?.count ?? 0, resultHeading: heading(count: results?.count ?? 0))
    }
}
