import SignpostCore
import Vapor

/// The administrators' accounts page: list, invite, suspend and reactivate, and ask for or decide
/// privileged roles. The page model lives in `Features/Accounts/Pages`.
struct AdminAccountsController {
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
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.AccountsNotice.init(rawValue:))
        return try await show(request, errors: .none, form: .empty, notice: notice)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(AccountsPage.CreateForm.self)
        do {
            let invited = try await AccountGovernanceService(context: request.serviceContext).invite(
                form.input, by: try request.signedInPractitioner())
            let notice: SiteURL.AccountsNotice = invited.pendingRoles.isEmpty ? .invited : .invitedPending
            return request.redirect(to: SiteURL.accounts(notice: notice))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await show(request, errors: FormErrors(error.fieldErrors), form: form)
        }
    }

    @Sendable func requestRoles(_ request: Request) async throws -> Response {
        let id = try request.idParameter("practitionerID")
        let form = try request.content.decode(AccountsPage.RolesForm.self)
        do {
            try await AccountGovernanceService(context: request.serviceContext).requestRoles(
                form.role ?? [], for: id, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.accounts(notice: .rolesRequested))
        } catch let error as ServiceError where error.kind == .invalid {
            // Each account's roles form has its own field, so the summary links to the right one.
            let fields = error.fieldErrors.map {
                ServiceError.FieldError(field: "role-\(id.uuidString)", message: $0.message)
            }
            return try await show(request, errors: FormErrors(fields), form: .empty)
        }
    }

    @Sendable func approveGrant(_ request: Request) async throws -> Response {
        try await AccountGovernanceService(context: request.serviceContext).approve(
            grantID: try request.idParameter("grantID"), by: try request.signedInPractitioner())
        return request.redirect(to: SiteURL.accounts(notice: .approved))
    }

    @Sendable func declineGrant(_ request: Request) async throws -> Response {
        try await AccountGovernanceService(context: request.serviceContext).decline(
            grantID: try request.idParameter("grantID"), by: try request.signedInPractitioner())
        return request.redirect(to: SiteURL.accounts(notice: .declined))
    }

    @Sendable func suspend(_ request: Request) async throws -> Response {
        try await change(request, to: .suspended)
    }

    @Sendable func reactivate(_ request: Request) async throws -> Response {
        try await change(request, to: .active)
    }

    private func change(_ request: Request, to status: AccountStatus) async throws -> Response {
        guard let id = request.parameters.get("practitionerID", as: UUID.self) else {
            throw ServiceError.notFound("There is no account with this identifier.")
        }
        try await AccountService(context: request.serviceContext).setStatus(
            status, practitionerID: id, by: try request.signedInPractitioner())
        return request.redirect(to: SiteURL.accounts(notice: status == .suspended ? .suspended : .reactivated))
    }

    private func show(
        _ request: Request, errors: FormErrors, form: AccountsPage.CreateForm, notice: SiteURL.AccountsNotice? = nil
    ) async throws -> Response {
        let overview = try await AccountGovernanceService(context: request.serviceContext).overview(
            for: try request.signedInPractitioner())
        let page = AccountsPage.model(
            layout: LayoutContext(request: request, title: AccountsPage.title(errors)), overview: overview, form: form,
            errors: errors, notice: notice)
        return try await request.render(AccountsPage.template, page, errors: errors)
    }
}
