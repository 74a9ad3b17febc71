import Foundation
import SignpostCore

/// The administrators' accounts page: every account, the invitation form, and role grants to decide.
enum AccountsPage {
    static let template = "admin-accounts"

    struct Model: Encodable {
        var layout: LayoutContext
        var accounts: [AccountRow]
        var hasAccounts: Bool
        var organisations: [OrganisationOption]
        var roles: [ChoiceOption]
        var errors: FormErrors
        var form: CreateForm
        var notice: String?
        var grants: [GrantRow]
        var hasGrants: Bool
    }

    /// One account as the page lists it: roles in words, and tags for what stops it being simply active.
    struct AccountRow: Encodable {
        var id: UUID
        var name: String
        var email: String
        var organisationName: String
        var roles: String
        var dbsCheckedOn: String
        var tags: [Tag]
        /// Suspended: the row offers reactivation instead of suspension.
        var suspended: Bool
    }

    /// A GOV.UK tag: its words and its colour modifier (`govuk-tag--<colour>`).
    struct Tag: Encodable {
        var text: String
        var colour: String
    }

    struct GrantRow: Encodable {
        var id: UUID
        var practitioner: String
        var roles: String
        var requestedBy: String
        var mayApprove: Bool
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

    /// Stored role names in words, sorted as `SystemRole` orders them: "Practitioner and Data manager".
    static func roleNames(_ roles: [String]) -> String {
        let known = roles.compactMap(SystemRole.init(rawValue:)).sorted().map(\.displayName)
        let unknown = roles.filter { SystemRole(rawValue: $0) == nil }
        return PlainEnglish.list(known + unknown, conjunction: "and")
    }

    /// What the sign-in rules (`SignInRules.refusals`) would refuse this account for today, as tags; an
    /// account they would let in is "Active". A DBS check more than `SignInRules.dbsValidityYears` old is
    /// "DBS check overdue", never plain active.
    static func tags(_ account: AccountService.AccountSummary, today: CalendarDate) -> [Tag] {
        let vetting = AccountVetting(
            status: AccountStatus(rawValue: account.status) ?? .suspended,
            dbsCheckedOn: account.dbsCheckedOn.flatMap(CalendarDate.init(iso:)),
            trainedOn: account.trainedOn.flatMap(CalendarDate.init(iso:)),
            agreementSignedOn: account.agreementSignedOn.flatMap(CalendarDate.init(iso:)))
        var tags: [Tag] = SignInRules.refusals(for: vetting, today: today).map {
            switch $0 {
            case .suspended: Tag(text: "Suspended", colour: "grey")
            case .dbsLapsed: Tag(text: "DBS check overdue", colour: "red")
            case .dbsMissing: Tag(text: "No DBS check recorded", colour: "red")
            case .trainingMissing: Tag(text: "Training not recorded", colour: "orange")
            case .agreementUnsigned: Tag(text: "User agreement not signed", colour: "orange")
            }
        }
        if account.locked { tags.append(Tag(text: "Locked after failed sign-ins", colour: "orange")) }
        return tags.isEmpty ? [Tag(text: "Active", colour: "green")] : tags
    }

    static func row(_ account: AccountService.AccountSummary, today: CalendarDate) -> AccountRow {
        AccountRow(
            id: account.id, name: account.name, email: account.email, organisationName: account.organisationName,
            roles: roleNames(account.roles), dbsCheckedOn: account.dbsCheckedOn.map(DisplayTime.day) ?? "Not recorded",
            tags: tags(account, today: today), suspended: account.status == AccountStatus.suspended.rawValue)
    }

    static func model(
        layout: LayoutContext, overview: AccountGovernanceService.AccountsOverview, form: CreateForm,
        errors: FormErrors, notice: SiteURL.AccountsNotice?
    ) -> Model {
        let chosenRoles = Set(form.role ?? [])
        return Model(
            layout: layout, accounts: overview.accounts.map { row($0, today: overview.today) },
            hasAccounts: !overview.accounts.isEmpty,
            organisations: overview.organisations.map {
                OrganisationOption(code: $0.code, name: $0.name, selected: $0.code == form.organisation)
            },
            roles: SystemRole.allCases.map {
                ChoiceOption(value: $0.rawValue, label: $0.displayName, checked: chosenRoles.contains($0.rawValue))
            },
            errors: errors, form: form, notice: noticeText(notice),
            grants: overview.grants.map {
                GrantRow(
                    id: $0.id, practitioner: $0.practitioner, roles: roleNames($0.roles), requestedBy: $0.requestedBy,
                    mayApprove: $0.mayApprove)
            },
            hasGrants: !overview.grants.isEmpty)
    }
}
