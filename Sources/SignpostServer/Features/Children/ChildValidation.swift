import Foundation
import SignpostCore

/// Checks a submitted child record field by field, names every problem, and returns the record in
/// its stored form (identifiers normalised, blanks removed).
enum ChildValidation {
    static func validate(_ input: ChildInput, today: CalendarDate) throws -> ChildInput {
        var errors: [ServiceError.FieldError] = []
        var out = input
        validateText(input, errors: &errors)
        // Each section normalises only its own fields of `out`, so each still reads them as submitted.
        validateNames(&out, errors: &errors)
        validateBirth(&out, today: today, errors: &errors)
        validateVocabulary(&out, errors: &errors)
        validateAddress(&out, errors: &errors)
        validateIdentifiers(&out, errors: &errors)
        validateSchoolAndGP(&out, today: today, errors: &errors)
        if let tier = input.tier, ![1, 2].contains(tier) {
            errors.append(.init(field: "tier", message: "Tier is 1 (statutory) or 2 (early help)."))
        }
        validateOtherNames(input.otherNames ?? [], errors: &errors)
        validateCarers(input.carers ?? [], errors: &errors)
        if let involvement = input.involvement, involvement.role.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(
                .init(field: "involvement.role", message: "Enter your role with the child, such as key worker."))
        }
        validateIndexBasis(&out, errors: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return out
    }

    private static func blankToNil(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private static func validateNames(_ out: inout ChildInput, errors: inout [ServiceError.FieldError]) {
        out.givenName = out.givenName.trimmingCharacters(in: .whitespaces)
        out.familyName = out.familyName.trimmingCharacters(in: .whitespaces)
        if out.givenName.isEmpty {
            errors.append(
                .init(field: "givenName", message: "Enter the child's given name (or 'Baby' for an unborn child)."))
        }
        if out.familyName.isEmpty {
            errors.append(.init(field: "familyName", message: "Enter the child's family name."))
        }
    }

    /// Exactly one of the date of birth (a born child) and the expected date of delivery (an unborn one).
    private static func validateBirth(
        _ out: inout ChildInput, today: CalendarDate, errors: inout [ServiceError.FieldError]
    ) {
        out.dateOfBirth = blankToNil(out.dateOfBirth)
        out.expectedDelivery = blankToNil(out.expectedDelivery)
        switch (out.dateOfBirth, out.expectedDelivery) {
        case (nil, nil):
            errors.append(
                .init(
                    field: "dateOfBirth",
                    message: "Enter the date of birth, or the expected date of delivery for an unborn child."))
        case (.some, .some):
            errors.append(
                .init(
                    field: "expectedDelivery",
                    message: "Give either a date of birth or an expected date of delivery, not both."))
        case (let dob?, nil):
            if let date = CalendarDate(iso: dob) {
                if let problem = DateOfBirthCheck.check(dateOfBirth: date, today: today) {
                    errors.append(.init(field: "dateOfBirth", message: problem.message))
                }
            } else {
                errors.append(
                    .init(field: "dateOfBirth", message: DateEntry.problem(in: dob, label: "Date of birth")))
            }
        case (nil, let edd?):
            if let date = CalendarDate(iso: edd) {
                if let problem = DateOfBirthCheck.check(expectedDelivery: date, today: today) {
                    errors.append(.init(field: "expectedDelivery", message: problem.message))
                }
            } else {
                errors.append(
                    .init(
                        field: "expectedDelivery",
                        message: DateEntry.problem(in: edd, label: "Expected date of delivery")))
            }
        }
    }

    /// Gender and whereabouts, each from its fixed list.
    private static func validateVocabulary(_ out: inout ChildInput, errors: inout [ServiceError.FieldError]) {
        out.gender = blankToNil(out.gender)?.lowercased()
        if let gender = out.gender, !ChildVocabulary.genders.contains(gender) {
            errors.append(
                .init(
                    field: "gender",
                    message: "Gender must be one of: \(ChildVocabulary.genders.joined(separator: ", "))."))
        }
        out.whereabouts = blankToNil(out.whereabouts)?.lowercased()
        if let whereabouts = out.whereabouts, !ChildVocabulary.whereabouts.contains(whereabouts) {
            errors.append(
                .init(
                    field: "whereabouts",
                    message: "Whereabouts must be one of: \(ChildVocabulary.whereabouts.joined(separator: ", "))."))
        }
    }

    private static func validateAddress(_ out: inout ChildInput, errors: inout [ServiceError.FieldError]) {
        out.addressLine = blankToNil(out.addressLine)
        out.postcode = blankToNil(out.postcode)
        if let postcode = out.postcode {
            if let parsed = Postcode(postcode) {
                out.postcode = parsed.normalised
            } else {
                errors.append(
                    .init(
                        field: "postcode",
                        message: "Enter a UK postcode like SW1A 1AA, or leave it blank if it is not known."))
            }
        }
    }

    /// The NHS number and the UPN, checked and stored in their canonical form.
    private static func validateIdentifiers(_ out: inout ChildInput, errors: inout [ServiceError.FieldError]) {
        out.nhsNumber = blankToNil(out.nhsNumber)
        if let nhs = out.nhsNumber {
            switch NHSNumber.parse(nhs) {
            case .success(let number): out.nhsNumber = number.digits
            case .failure(let problem): errors.append(.init(field: "nhsNumber", message: problem.message))
            }
        }
        out.upn = blankToNil(out.upn)
        if let upn = out.upn {
            switch UniquePupilNumber.parse(upn) {
            case .success(let value): out.upn = value.value
            case .failure(let problem): errors.append(.init(field: "upn", message: problem.message))
            }
        }
    }

    private static func validateSchoolAndGP(
        _ out: inout ChildInput, today: CalendarDate, errors: inout [ServiceError.FieldError]
    ) {
        out.schoolName = blankToNil(out.schoolName)
        out.schoolStartedOn = blankToNil(out.schoolStartedOn)
        if let started = out.schoolStartedOn {
            if let date = CalendarDate(iso: started) {
                if date > today {
                    errors.append(
                        .init(field: "schoolStartedOn", message: "The school start date must be today or in the past."))
                }
            } else {
                errors.append(
                    .init(field: "schoolStartedOn", message: DateEntry.problem(in: started, label: "School start date"))
                )
            }
        }
        out.gpPractice = blankToNil(out.gpPractice)
    }

    private static func validateOtherNames(_ names: [ChildInput.OtherName], errors: inout [ServiceError.FieldError]) {
        for (index, name) in names.enumerated() {
            if name.givenName.trimmingCharacters(in: .whitespaces).isEmpty
                && name.familyName.trimmingCharacters(in: .whitespaces).isEmpty
            {
                errors.append(.init(field: "otherNames[\(index)]", message: "Enter the other name, or remove it."))
            }
            if let kind = name.kind, !ChildVocabulary.nameKinds.contains(kind) {
                errors.append(
                    .init(field: "otherNames[\(index)].kind", message: "The kind of name is 'former' or 'alias'."))
            }
        }
    }

    private static func validateCarers(_ carers: [ChildInput.Carer], errors: inout [ServiceError.FieldError]) {
        for (index, carer) in carers.enumerated() {
            if carer.name.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(.init(field: "carers[\(index)].name", message: "Enter the carer's name."))
            }
            if carer.relationship.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(
                    .init(
                        field: "carers[\(index)].relationship", message: "Enter the carer's relationship to the child.")
                )
            }
        }
    }

    /// The lawful basis for keeping the child on the index; safeguarding without consent needs a reason.
    private static func validateIndexBasis(_ out: inout ChildInput, errors: inout [ServiceError.FieldError]) {
        out.indexBasis = blankToNil(out.indexBasis)
        out.indexBasisReason = blankToNil(out.indexBasisReason)
        if let basis = out.indexBasis, LawfulBasis(rawValue: basis) == nil {
            errors.append(
                .init(field: "indexBasis", message: "The lawful basis is consent, public-task or safeguarding."))
        }
        if out.indexBasis == LawfulBasis.safeguarding.rawValue && out.indexBasisReason == nil {
            errors.append(
                .init(
                    field: "indexBasisReason",
                    message:
                        "Adding a child for safeguarding without consent needs a written reason (DPA 2018 Schedule 1 paragraph 18)."
                ))
        }
    }
}
