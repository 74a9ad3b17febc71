import Foundation
import SignpostCore

/// Ask other authorities: the same reason and details as a local search (and the child's sex, which the
/// hub's encodings hold), then each authority that knows a child like this, with what it let us see.
enum NationalLookupPage {
    static let template = "national-lookup"
    static let title = "Ask other authorities"

    struct Model: Encodable {
        var layout: LayoutContext
        var form: Form
        var reasons: [ChoiceOption]
        var genders: [ChoiceOption]
        var errors: FormErrors
        var searched: Bool
        var results: [ResultRow]
        var resultCount: Int
        var resultHeading: String
        /// The shared search fields leave out the UPN here: the hub's encodings do not hold it.
        let showUPN = false
    }

    /// The search form (its UPN left out: the hub's encodings do not hold one) with the child's sex.
    typealias Form = SearchPage.Form

    static func request(_ form: Form) -> FederationLookupService.LookupRequest {
        var search = form.request
        search.criteria.upn = nil
        return .init(
            reason: search.reason, reasonText: search.reasonText, criteria: search.criteria, gender: form.gender)
    }

    struct ResultRow: Encodable {
        struct Involvement: Encodable {
            var organisation: String
            var role: String
            var phone: String
            var lead: Bool
        }

        var authority: String
        var band: String
        var isLikely: Bool
        var bandMeaning: String
        /// The authority's own words on what it shares, or why we only have its front door.
        var summary: String
        var involvements: [Involvement]
        var route: String

        init(_ found: FederationLookupService.Found) {
            authority = found.answer?.authorityName ?? "Authority \(found.authority)"
            isLikely = found.band == .likely && !found.ambiguous
            band = isLikely ? "Likely match" : "Possible match"
            bandMeaning =
                found.ambiguous
                ? "More than one of their children is close: they will confirm which with you."
                : isLikely
                    ? "Very likely the same child on the details given: confirm it with them before you act."
                    : "Could be this child, or a brother, sister or twin: check the details with them."
            // Only an answer of involvements names services (the service clears any sent with a route).
            let named = found.answer?.kind == .involvements ? found.answer?.involvements ?? [] : []
            involvements = named.map {
                Involvement(
                    organisation: $0.organisation, role: $0.role, phone: $0.contactPhone ?? "Not given",
                    lead: $0.leadProfessional)
            }
            switch found.answer?.kind {
            case .involvements?:
                summary =
                    involvements.isEmpty
                    ? "They know this child and name no service you may contact directly."
                    : "Who is working with the child there, as their access policy lets them tell you."
                route = found.answer?.brokeringRoute ?? found.contactRoute
            case .brokeringRoute?:
                summary = "They know a child like this but cannot say who is involved. Ask through their front door."
                route = found.answer?.brokeringRoute ?? found.contactRoute
            case nil:
                summary = "They did not answer just now. Ask through their front door, or try again later."
                route = found.contactRoute
            }
        }
    }

    static func pageTitle(_ errors: FormErrors, results: [FederationLookupService.Found]?) -> String {
        if errors.any { return "Error: \(title)" }
        guard let results else { return title }
        return "\(heading(count: results.count)): \(title)"
    }

    static func heading(count: Int) -> String {
        count == 0
            ? "No other authority knows a child like this"
            : PlainEnglish.count(count, "authority", "authorities") + " may know this child"
    }

    static func model(
        layout: LayoutContext, form: Form, errors: FormErrors, results: [FederationLookupService.Found]? = nil
    ) -> Model {
        Model(
            layout: layout, form: form,
            reasons: SearchPage.reasonOrder.map {
                ChoiceOption(value: $0, label: ChildVocabulary.searchReasons[$0] ?? $0, checked: form.reason == $0)
            },
            genders: ChildVocabulary.genderLabels.map {
                ChoiceOption(value: $0.code, label: $0.label, checked: form.gender == $0.code)
            },
            errors: errors, searched: results != nil, results: (results ?? []).map(ResultRow.init),
            resultCount: results?.count ?? 0, resultHeading: heading(count: results?.count ?? 0))
    }
}
