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
        var grants: [AccountGovernanceService.GrantView]
        var hasGrants: Bool
    }

    struct RolesForm: Content {
        var role: [String]?
    }

    struct OrganisationOption: Encodable {
        var code: String
        var name: String
        var selected: Bool
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
        admin.post(":practitionerID", "roles", use: requestRoles)
        admin.post("grants", ":grantID", "approve", use: approveGrant)
        admin.post("grants", ":grantID", "decline", use: declineGrant)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        try await render(request, errors: .none, form: .empty, notice: request.query[String.self, at: "notice"])
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let admin = try request.signedInPractitioner()
        let form = try request.content.decode(CreateForm.self)
        let input = AccountService.NewAccount(
            email: form.email ?? "", name: form.name ?? "", organisationCode: form.organisation ?? "",
            roles: form.role ?? [], jobTitle: form.jobTitle, phone: form.phone, dbsCheckedOn: form.dbsCheckedOn,
            trainedOn: form.trainedOn, agreementSignedOn: form.agreementSignedOn)
        do {
            let invited = try await AccountGovernanceService(context: request.serviceContext).invite(input, by: admin)
            let notice: SiteURL.AccountsNotice = invited.pendingRoles.isEmpty ? .invited : .invitedPending
            return request.redirect(to: SiteURL.accounts(notice: notice))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await render(
                request, errors: FormErrors(error.fieldErrors), form: form, status: .unprocessableEntity)
        }
    }

    @Sendable func requestRoles(_ request: Request) async throws -> Response {
        let admin = try request.signedInPractitioner()
        let id = try request.idParameter("practitionerID")
        let form = try request.content.decode(RolesForm.self)
        do {
            try await AccountGovernanceService(context: request.serviceContext).requestRoles(
                form.role ?? [], for: id, by: admin)
            return request.redirect(to: SiteURL.accounts(notice: .rolesRequested))
        } catch let error as ServiceError where error.kind == .invalid {
            let fields = error.fieldErrors.map {
                ServiceError.FieldError(field: "role-\(id.uuidString)", message: $0.message)
            }
            return try await render(request, errors: FormErrors(fields), form: .empty, status: .unprocessableEntity)
        }
    }

    @Sendable func approveGrant(_ request: Request) async throws -> Response {
        let admin = try request.signedInPractitioner()
        try await AccountGovernanceService(context: request.serviceContext).approve(
            grantID: try request.idParameter("grantID"), by: admin)
        return request.redirect(to: SiteURL.accounts(notice: .approved))
    }

    @Sendable func declineGrant(_ request: Request) async throws -> Response {
        let admin = try request.signedInPractitioner()
        try await AccountGovernanceService(context: request.serviceContext).decline(
            grantID: try request.idParameter("grantID"), by: admin)
        return request.redirect(to: SiteURL.accounts(notice: .declined))
    }

    @Sendable func suspend(_ request: Request) async throws -> Response {
        try await change(request, to: .suspended)
    }

    @Sendable func reactivate(_ request: Request) async throws -> Response {
        try await change(request, to: .active)
    }

    private func change(_ request: Request, to status: AccountStatus) async throws -> Response {
        let admin = try request.signedInPractitioner()
        guard let id = request.parameters.get("practitionerID", as: UUID.self) else {
            throw ServiceError.notFound("There is no account with this identifier.")
        }
        try await AccountService(context: request.serviceContext).setStatus(status, practitionerID: id, by: admin)
        let notice: SiteURL.AccountsNotice = status == .suspended ? .suspended : .reactivated
        return request.redirect(to: SiteURL.accounts(notice: notice))
    }

    private func render(
        _ request: Request, errors: FormErrors, form: CreateForm, notice: String? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let context = request.serviceContext
        let organisations = try await OrganisationModel.query(on: context.db).sort(\.$name).all()
        let chosenRoles = Set(form.role ?? [])
        let grants = try await AccountGovernanceService(context: context).pending(
            for: try request.signedInPractitioner())
        let noticeText: String? =
            switch notice {
            case "suspended": "The account has been suspended. Its sessions and API tokens have ended."
            case "reactivated": "The account has been reactivated."
            case "invited":
                "The account was created. Its owner has been sent a one-time link to set a password and an authenticator."
            case "invited-pending":
                "The account was created and its owner sent a one-time enrolment link. Its privileged roles wait for a second administrator's approval."
            case "roles-requested":
                "Ordinary roles were added. Privileged roles wait for a second administrator's approval."
            case "approved": "The roles were granted. The auditors have been alerted."
            case "declined": "The request for roles was declined."
            default: nil
            }
        let page = AccountsPage(
            layout: LayoutContext(request: request, title: errors.items.isEmpty ? "Accounts" : "Error: Accounts"),
            accounts: try await AccountService(context: context).list(),
            organisations: organisations.map {
                OrganisationOption(code: $0.code, name: $0.name, selected: $0.code == form.organisation)
            },
            roles: SystemRole.allCases.map {
                ChoiceOption(value: $0.rawValue, label: $0.displayName, checked: chosenRoles.contains($0.rawValue))
            },
            errors: errors, form: form, notice: noticeText,
            grants: grants, hasGrants: !grants.isEmpty)
        let response = try await request.view.render("admin-accounts", page).encodeResponse(for: request)
        response.status = status
        return response
    }
}
