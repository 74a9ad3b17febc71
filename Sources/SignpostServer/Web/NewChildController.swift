import SignpostCore
import Vapor

/// The "add a child" page: it first shows possible existing records and creates only when the
/// practitioner confirms that none of them is this child.
struct NewChildController {
    struct NewChildForm: Content {
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

    struct NewChildPage: Encodable {
        var layout: LayoutContext
        var form: NewChildForm
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

    func addRoutes(to signedIn: any RoutesBuilder) {
        let group = signedIn.grouped("children", "new").grouped(RequirePermission(action: .searchChildren))
        group.get(use: show)
        group.post(use: submit)
    }

    @Sendable func show(_ request: Request) async throws -> View {
        try await request.view.render(
            "child-new", try await page(request, form: NewChildForm(), errors: .none, possible: []))
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let actor = try request.signedInPractitioner()
        let form = try request.content.decode(NewChildForm.self)
        var carers: [ChildInput.Carer] = []
        if let name = form.carerName, !name.trimmingCharacters(in: .whitespaces).isEmpty {
            carers.append(
                .init(
                    name: name, relationship: form.carerRelationship ?? "",
                    parentalResponsibility: form.carerParentalResponsibility == "yes", contact: form.carerContact))
        }
        let input = ChildInput(
            givenName: form.givenName ?? "", familyName: form.familyName ?? "", dateOfBirth: form.dateOfBirth,
            expectedDelivery: form.expectedDelivery,
            gender: form.gender, whereabouts: "current", addressLine: form.addressLine, postcode: form.postcode,
            nhsNumber: form.nhsNumber,
            upn: form.upn, schoolName: form.schoolName, gpPractice: form.gpPractice, carers: carers,
            tier: form.tier.flatMap(Int.init),
            involvement: .init(
                role: (form.role ?? "").isEmpty ? "Key worker" : form.role!, contactPhone: form.contactPhone,
                leadProfessional: form.leadProfessional == "yes", sensitiveBasis: form.sensitiveBasis,
                sensitiveBasisNote: form.sensitiveBasisNote),
            indexBasis: form.indexBasis, indexBasisReason: form.indexBasisReason)
        do {
            let reason = form.reason.map { SearchReason(code: $0, text: form.reasonText) }
            switch try await ChildService(context: request.serviceContext).create(
                input, confirm: form.confirm == "yes", reason: reason, by: actor,
                limiter: request.application.searchRateLimiter)
            {
            case .created(let id):
                return request.redirect(to: SiteURL.child(id))
            case .possibleDuplicates(let found):
                let rows = found.map(SearchPage.ResultRow.init)
                return try await request.view.render(
                    "child-new", try await page(request, form: form, errors: .none, possible: rows)
                ).encodeResponse(for: request)
            }
        } catch let error as ServiceError where error.kind == .invalid {
            // The form's field names for the API's nested ones, so each error links to its input.
            let names = [
                "carers[0].name": "carerName", "carers[0].relationship": "carerRelationship",
                "involvement.role": "role",
                "involvement.sensitiveBasis": "sensitiveBasis", "involvement.sensitiveBasisNote": "sensitiveBasisNote",
            ]
            let fields = error.fieldErrors.map {
                ServiceError.FieldError(field: names[$0.field] ?? $0.field, message: $0.message)
            }
            let response = try await request.view.render(
                "child-new", try await page(request, form: form, errors: FormErrors(fields), possible: [])
            )
            .encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
    }

    private func page(
        _ request: Request, form: NewChildForm, errors: FormErrors, possible: [SearchPage.ResultRow]
    ) async throws -> NewChildPage {
        let sensitive = try request.signedInPractitioner().organisationSensitive
        return NewChildPage(
            layout: LayoutContext(
                request: request,
                title: errors.any
                    ? "Error: Add a child" : (possible.isEmpty ? "Add a child" : "Is this child already known?")),
            form: form, errors: errors,
            genders: [
                ("female", "Female"), ("male", "Male"), ("not-specified", "Not specified"), ("unknown", "Not known"),
            ].map {
                ChoiceOption(value: $0.0, label: $0.1, checked: form.gender == $0.0)
            },
            tiers: [
                ("2", "Tier 2: early help or another additional service"),
                ("1", "Tier 1: child protection plan, looked after, or unborn on a plan"),
            ].map {
                ChoiceOption(value: $0.0, label: $0.1, checked: (form.tier ?? "2") == $0.0)
            },
            bases: [LawfulBasis.publicTask, .consent, .safeguarding].map {
                ChoiceOption(
                    value: $0.rawValue,
                    label: $0 == .consent
                        ? "Consent: findable by other services only while consent to the index is in force"
                        : $0.displayName,
                    checked: (form.indexBasis ?? LawfulBasis.publicTask.rawValue) == $0.rawValue)
            },
            sensitiveService: sensitive,
            sensitiveBases: InvolvementService.sensitiveBases.sorted { $0.key < $1.key }.map {
                ChoiceOption(value: $0.key, label: $0.value, checked: form.sensitiveBasis == $0.key)
            },
            possible: possible, hasPossible: !possible.isEmpty,
            reasons: SearchPage.reasonOrder.map {
                ChoiceOption(value: $0, label: ChildVocabulary.searchReasons[$0]!, checked: form.reason == $0)
            })
    }
}
