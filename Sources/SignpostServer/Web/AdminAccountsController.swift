import Fluent
import SignpostCore
import Vapor

/// The administrators' accounts page: list, create, suspend and reactivate.
struct AdminAccountsController {
    struct AccountsPage: Encodable {
        var layout: LayoutContext
        var accounts: [AccountService.AccountSummary]
        var organisations: [OrganisationOption]
        var roles: [ChoiceOption]
        var errors: FormErrors
        var form: CreateForm
        var notice: String?
    }

    struct OrganisationOption: Encodable {
        var code: String
        var name: String
        var selected: Bool
    }

    struct CreatedPage: Encodable {
        var layout: LayoutContext
        var email: String
        var password: String
        var totpSecret: String
        var otpauthURI: String
    }

    struct CreateForm: Content {
        var email: String?
        var name: String?
        var organisation: String?
        var role: [String]?
        var jobTitle: String?
        var phone: String?
        var dbsCheckedOn: String?
        var trainedOn: String?
        var agreementSignedOn: String?

        static let empty = CreateForm()
    }

    func addRoutes(to signedIn: any RoutesBuilder) {
        let admin = signedIn.grouped("admin", "accounts").grouped(RequirePermission(action: .manageAccounts))
        admin.get(use: index)
        admin.post(use: create)
        admin.post(":practitionerID", "suspend", use: suspend)
        admin.post(":practitionerID", "reactivate", use: reactivate)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        try await render(request, errors: .none, form: .empty, notice: request.query[String.self, at: "notice"])
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let admin = try request.auth.require(AuthenticatedPractitioner.self)
        let form = try request.content.decode(CreateForm.self)
        let input = AccountService.NewAccount(
            email: form.email ?? "", name: form.name ?? "", organisationCode: form.organisation ?? "",
            roles: form.role ?? [], jobTitle: form.jobTitle, phone: form.phone, dbsCheckedOn: form.dbsCheckedOn,
            trainedOn: form.trainedOn, agreementSignedOn: form.agreementSignedOn)
        do {
            let created = try await AccountService(context: request.serviceContext).create(input, by: admin)
            let page = CreatedPage(
                layout: LayoutContext(request: request, title: "Account created"), email: created.email,
                password: created.initialPassword, totpSecret: created.totpSecret, otpauthURI: created.otpauthURI)
            return try await request.view.render("admin-account-created", page).encodeResponse(for: request)
        } catch let error as ServiceError where error.status == .unprocessableEntity {
            return try await render(request, errors: FormErrors(error.fieldErrors), form: form, status: .unprocessableEntity)
        }
    }

    @Sendable func suspend(_ request: Request) async throws -> Response {
        try await change(request, to: .suspended)
    }

    @Sendable func reactivate(_ request: Request) async throws -> Response {
        try await change(request, to: .active)
    }

    private func change(_ request: Request, to status: AccountStatus) async throws -> Response {
        let admin = try request.auth.require(AuthenticatedPractitioner.self)
        guard let id = request.parameters.get("practitionerID", as: UUID.self) else {
            throw ServiceError.notFound("There is no account with this identifier.")
        }
        try await AccountService(context: request.serviceContext).setStatus(status, practitionerID: id, by: admin)
        let notice = status == .suspended ? "suspended" : "reactivated"
        return request.redirect(to: "/admin/accounts?notice=\(notice)", redirectType: .normal)
    }

    private func render(
        _ request: Request, errors: FormErrors, form: CreateForm, notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let context = request.serviceContext
        let organisations = try await OrganisationModel.query(on: context.db).sort(\.$name).all()
        let chosenRoles = Set(form.role ?? [])
        let noticeText: String? =
            switch notice {
            case "suspended": "The account has been suspended. Its sessions and API tokens have ended."
            case "reactivated": "The account has been reactivated."
            default: nil
            }
        let page = AccountsPage(
            layout: LayoutContext(request: request, title: errors.items.isEmpty ? "Accounts" : "Error: Accounts"),
            accounts: try await AccountService(context: context).list(),
            organisations: organisations.map {
                OrganisationOption(code: $0.code, name: $0.name, selected: $0.code == form.organisation)
            },
            roles: SystemRole.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.displayName, checked: chosenRoles.contains($0.rawValue)) },
            errors: errors, form: form, notice: noticeText)
        let response = try await request.view.render("admin-accounts", page).encodeResponse(for: request)
        response.status = status
        return response
    }
}
