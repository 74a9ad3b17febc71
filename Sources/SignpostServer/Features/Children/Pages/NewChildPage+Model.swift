import Foundation
import SignpostCore

/// Add a child: the form, and, before anything is created, the possible existing records to check.
enum NewChildPage {
    static let template = "child-new"

    struct Model: Encodable {
        var layout: LayoutContext
        var form: Form
        var errors: FormErrors
        var genders: [ChoiceOption]
        var tiers: [ChoiceOption]
        var bases: [ChoiceOption]
        var sensitiveService: Bool
        var sensitiveBases: [ChoiceOption]
        var possible: [SearchPage.ResultRow]
        var hasPossible: Bool
        var reasons: [ChoiceOption]
    }

    /// The form, kept as typed when it is shown again (with errors, or with possible existing records).
    struct Form: Codable {
        init() {}

        var givenName: String?
        var familyName: String?
        var dateOfBirth: String?
        var expectedDelivery: String?
        var gender: String?
        var addressLine: String?
        var postcode: String?
        var nhsNumber: String?
        var upn: String?
        var schoolName: String?
        var gpPractice: String?
        var tier: String?
        var role: String?
        var contactPhone: String?
        var leadProfessional: String?
        var carerName: String?
        var carerRelationship: String?
        var carerParentalResponsibility: String?
        var carerContact: String?
        var indexBasis: String?
        var indexBasisReason: String?
        var sensitiveBasis: String?
        var sensitiveBasisNote: String?
        var reason: String?
        var reasonText: String?
        var confirm: String?
    }

    static let genders = ChildVocabulary.genderLabels

    static let tiers = [
        ("2", "Tier 2: early help or another additional service"),
        ("1", "Tier 1: child protection plan, looked after, or unborn on a plan"),
    ]

    /// The form's field names for the service's nested ones, so each error links to its input.
    static let fieldNames = [
        "carers[0].name": "carerName", "carers[0].relationship": "carerRelationship", "involvement.role": "role",
        "involvement.sensitiveBasis": "sensitiveBasis", "involvement.sensitiveBasisNote": "sensitiveBasisNote",
    ]

    static func title(_ errors: FormErrors, hasPossible: Bool) -> String {
        errors.any ? "Error: Add a child" : (hasPossible ? "Is this child already known?" : "Add a child")
    }

    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        error.fieldErrors.map { .init(field: fieldNames[$0.field] ?? $0.field, message: $0.message) }
    }

    static func model(
        layout: (String) -> LayoutContext, form: Form, errors: FormErrors, viewer: AuthenticatedPractitioner,
        possible: [SearchResult] = []
    ) -> Model {
        let rows = possible.map(SearchPage.ResultRow.init)
        return Model(
            layout: layout(title(errors, hasPossible: !rows.isEmpty)), form: form, errors: errors,
            genders: genders.map { ChoiceOption(value: $0.0, label: $0.1, checked: form.gender == $0.0) },
            tiers: tiers.map { ChoiceOption(value: $0.0, label: $0.1, checked: (form.tier ?? "2") == $0.0) },
            bases: [LawfulBasis.publicTask, .consent, .safeguarding].map {
                ChoiceOption(
                    value: $0.rawValue,
                    label: $0 == .consent
                        ? "Consent: findable by other services only while consent to the index is in force"
                        : $0.displayName,
                    checked: (form.indexBasis ?? LawfulBasis.publicTask.rawValue) == $0.rawValue)
            },
            sensitiveService: viewer.organisationSensitive,
            sensitiveBases: InvolvementService.sensitiveBases.sorted { $0.key < $1.key }.map {
                ChoiceOption(value: $0.key, label: $0.value, checked: form.sensitiveBasis == $0.key)
            },
            possible: rows, hasPossible: !rows.isEmpty,
            reasons: SearchPage.reasonOrder.map {
                ChoiceOption(value: $0, label: ChildVocabulary.searchReasons[$0]!, checked: form.reason == $0)
            })
    }
}

extension NewChildPage.Form {
    /// The child as the service takes it: one carer at most, and the creator's own involvement.
    var input: ChildInput {
        var carers: [ChildInput.Carer] = []
        if let name = carerName, !name.trimmingCharacters(in: .whitespaces).isEmpty {
            carers.append(
                .init(
                    name: name, relationship: carerRelationship ?? "",
                    parentalResponsibility: carerParentalResponsibility == "yes", contact: carerContact))
        }
        return ChildInput(
            givenName: givenName ?? "", familyName: familyName ?? "", dateOfBirth: dateOfBirth,
            expectedDelivery: expectedDelivery, gender: gender, whereabouts: "current", addressLine: addressLine,
            postcode: postcode, nhsNumber: nhsNumber, upn: upn, schoolName: schoolName, gpPractice: gpPractice,
            carers: carers, tier: tier.flatMap(Int.init),
            involvement: .init(
                role: (role ?? "").isEmpty ? "Key worker" : role!, contactPhone: contactPhone,
                leadProfessional: leadProfessional == "yes", sensitiveBasis: sensitiveBasis,
                sensitiveBasisNote: sensitiveBasisNote),
            indexBasis: indexBasis, indexBasisReason: indexBasisReason)
    }

    /// The stated reason for the duplicate check, as for a search.
    var searchReason: SearchReason? {
        reason.map { SearchReason(code: $0, text: reasonText) }
    }
}
