import Foundation
import SignpostCore

/// The criteria a search must meet before the index is touched.
extension SearchService {
    /// Minimum criteria: an identifier, or a name with a date of birth or postcode. No wildcards.
    static func validate(_ request: SearchRequest) throws -> (MatchRecord, String?, String) {
        var errors: [ServiceError.FieldError] = []
        let reasonLabel = try Self.reasonLabel(for: request.reason)
        let reasonText = request.reasonText?.trimmingCharacters(in: .whitespaces) ?? ""
        if request.reason == "other" && reasonText.isEmpty {
            errors.append(.init(field: "reasonText", message: "Say why you are searching."))
        }
        TextFieldChecks.multiLine(
            request.reasonText, field: "reasonText", label: "Your reason", limit: TextRules.freeTextLimit,
            into: &errors)
        let c = request.criteria
        TextFieldChecks.singleLine(
            c.givenName, field: "givenName", label: "The given name", limit: TextRules.nameLimit,
            into: &errors)
        TextFieldChecks.singleLine(
            c.familyName, field: "familyName", label: "The family name", limit: TextRules.nameLimit,
            into: &errors)
        appendWildcardErrors(in: c, to: &errors)
        let nhs = parseNHSNumber(c.nhsNumber, errors: &errors)
        let upn = parseUPN(c.upn, errors: &errors)
        let dob = parseDateOfBirth(c.dateOfBirth, errors: &errors)
        let postcode = parsePostcode(c.postcode, errors: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        try requireEnoughDetail(c, nhs: nhs, upn: upn, dob: dob, postcode: postcode)
        let query = MatchRecord(
            id: "query", givenName: clean(c.givenName) ?? "", familyName: clean(c.familyName) ?? "", dateOfBirth: dob,
            postcode: postcode?.normalised ?? "", nhsNumber: nhs?.digits ?? "")
        return (query, upn, reasonText.isEmpty ? reasonLabel : "\(reasonLabel): \(reasonText)")
    }

    /// The reasons in the order the form offers them, as a person would list them.
    static var reasonChoices: String {
        PlainEnglish.list(
            ChildVocabulary.searchReasonOrder.compactMap { ChildVocabulary.searchReasons[$0]?.lowercased() })
    }

    /// A search without a known reason is refused on that alone, before the criteria are looked at.
    private static func reasonLabel(for reason: String) throws -> String {
        guard let reasonLabel = ChildVocabulary.searchReasons[reason] else {
            throw ServiceError.validation([
                .init(
                    field: "reason",
                    message: "Choose why you are searching: \(reasonChoices)."
                )
            ])
        }
        return reasonLabel
    }

    private static func clean(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private static func appendWildcardErrors(
        in criteria: SearchCriteria, to errors: inout [ServiceError.FieldError]
    ) {
        for (field, value) in [
            ("givenName", criteria.givenName), ("familyName", criteria.familyName), ("postcode", criteria.postcode),
            ("nhsNumber", criteria.nhsNumber), ("upn", criteria.upn),
        ] {
            if let value, value.contains(where: { "*%?_".contains($0) }) {
                errors.append(
                    .init(
                        field: field,
                        message: "Search does not accept wildcards (* % ? _). Enter the details you know in full."))
            }
        }
    }

    private static func parseNHSNumber(_ text: String?, errors: inout [ServiceError.FieldError]) -> NHSNumber? {
        guard let text = clean(text) else { return nil }
        switch NHSNumber.parse(text) {
        case .success(let number): return number
        case .failure(let problem):
            errors.append(.init(field: "nhsNumber", message: problem.message))
            return nil
        }
    }

    /// The UPN in its canonical form.
    private static func parseUPN(_ text: String?, errors: inout [ServiceError.FieldError]) -> String? {
        guard let text = clean(text) else { return nil }
        switch UniquePupilNumber.parse(text) {
        case .success(let value): return value.value
        case .failure(let problem):
            errors.append(.init(field: "upn", message: problem.message))
            return nil
        }
    }

    private static func parseDateOfBirth(_ text: String?, errors: inout [ServiceError.FieldError]) -> CalendarDate? {
        guard let text = clean(text) else { return nil }
        let dob = CalendarDate(iso: text)
        if dob == nil {
            errors.append(
                .init(field: "dateOfBirth", message: DateEntry.problem(in: text, label: "Date of birth")))
        }
        return dob
    }

    private static func parsePostcode(_ text: String?, errors: inout [ServiceError.FieldError]) -> Postcode? {
        guard let text = clean(text) else { return nil }
        let postcode = Postcode(text)
        if postcode == nil {
            errors.append(.init(field: "postcode", message: "Enter a UK postcode like SW1A 1AA."))
        }
        return postcode
    }

    /// Checked only once every field is well formed: a malformed identifier is reported as such, not
    /// as too little detail.
    private static func requireEnoughDetail(
        _ criteria: SearchCriteria, nhs: NHSNumber?, upn: String?, dob: CalendarDate?, postcode: Postcode?
    ) throws {
        let hasName = clean(criteria.givenName) != nil || clean(criteria.familyName) != nil
        if nhs == nil && upn == nil && !(hasName && (dob != nil || postcode != nil)) {
            throw ServiceError.validation([
                .init(
                    field: "givenName",
                    message:
                        "Enter an NHS number or UPN, or a name with a date of birth or postcode. Searches with less detail are not allowed."
                )
            ])
        }
    }
}
