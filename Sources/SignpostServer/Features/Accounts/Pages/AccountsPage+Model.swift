import Foundation
import SignpostCore

/// The administrators' accounts page: every account, the invitation form, and role grants to decide.
enum AccountsPage {
    static let template = "admin-accounts"

    struct Model: Encodable {
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

    struct OrganisationOption: Encodable {
        var code: String
        var name: String
        var selected: Bool
    }

    /// The invitation form, kept as typed when it is shown again with errors.
    struct CreateForm: Codable {
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

        var input: AccountService.NewAccount {
            AccountService.NewAccount(
                email: email ?? "", name: name ?? "", organisationCode: organisation ?? "", roles: role ?? [],
                jobTitle: jobTitle, phone: phone, dbsCheckedOn: dbsCheckedOn, trainedOn: trainedOn,
                agreementSignedOn: agreementSignedOn)
        }
    }

    struct RolesForm: Decodable {
        var role: [String]?
    }

    static func title(_ errors: FormErrors) -> String {
        errors.any ? "Error: Accounts" : "Accounts"
    }

    static func noticeText(_ notice: SiteURL.AccountsNotice?) -> String? {
        switch notice {
        case .suspended: "The account has been suspended. Its sessions and API tokens have ended."
        case .reactivated: "The account has been reactivated."
        case .invited:
            "The account was created. Its owner has been sent a one-time link to set a password and an authenticator."
        case .invitedPending:
            "The account was created and its owner sent a one-time enrolment link. "
                + "Its privileged roles wait for a second administrator's approval."
        case .rolesRequested: "Ordinary roles were added. Privileged roles wait for a second administrator's approval."
        case .approved: "The roles were granted. The auditors have been alerted."
        case .declined: "The request for roles was declined."
        case nil: nil
        }
    }

    static func model(
        layout: LayoutContext, overview: AccountGovernanceService.AccountsOverview, form: CreateForm,
        errors: FormErrors, notice: SiteURL.AccountsNotice?
    ) -> Model {
        let chosenRoles = Set(form.role ?? [])
        return Model(
            layout: layout, accounts: overview.accounts,
            organisations: overview.organisations.map {
                OrganisationOption(code: $0.code, name: $0.name, selected: $0.code == form.organisation)
            },
            roles: SystemRole.allCases.map {
                ChoiceOption(value: $0.rawValue, label: $0.displayName, checked: chosenRoles.contains($0.rawValue))
            },
            errors: errors, form: form, notice: noticeText(notice), grants: overview.grants,
            hasGrants: !overview.grants.isEmpty)
    }
}
