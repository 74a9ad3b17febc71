import Crypto
import Fluent
import Foundation
import SignpostCore

/// Accounts made by administrators, under separation of duties: privileged roles wait for a second
/// administrator, auditors are alerted when one is granted, and no administrator sees anyone's password
/// or second factor. A new account's owner enrols through a one-time link sent by the outbox.
struct AccountGovernanceService {
    let context: ServiceContext
    static let enrolmentLifetime: TimeInterval = 72 * 60 * 60

    struct Invited: Sendable {
        var practitionerID: UUID
        var email: String
        /// Privileged roles waiting for a second administrator.
        var pendingRoles: [String]
    }

    struct GrantView: Codable, Sendable {
        var id: UUID
        var practitionerID: UUID
        var practitioner: String
        var roles: [String]
        var requestedBy: String
        var requestedAt: Date
        /// The viewer may approve it (a second administrator).
        var mayApprove: Bool
    }

    /// Creates the account with its ordinary roles, asks for the privileged ones, and sends the
    /// enrolment link. Nothing secret is returned.
    func invite(_ input: AccountService.NewAccount, by admin: AuthenticatedPractitioner) async throws -> Invited {
        let accounts = AccountService(context: context)
        let (organisation, roles, cleaned) = try await accounts.validate(input)
        let (immediate, privileged) = AccountRules.split(roles)
        return try await context.auditedTransaction { context, tx in
            // No password until the owner sets one at the enrolment link: nobody can sign in as them.
            let practitioner = try AccountService.newPractitioner(
                cleaned, organisation: organisation, roles: immediate, passwordHash: "",
                totpSecret: TOTP.generateSecret())
            try await practitioner.create(on: tx)
            let id = try practitioner.requireID()
            try await AuditLog.append(
                AuditDraft(
                    action: "account.created", actor: admin, subjectType: "practitioner", subjectID: id.uuidString,
                    details: [
                        "roles": practitioner.roles, "organisation": organisation.code,
                        "pendingRoles": SystemRole.storageText(privileged),
                    ]),
                context: context, on: tx)
            if !privileged.isEmpty {
                try await Self.request(privileged, for: practitioner, by: admin, context: context, on: tx)
            }
            try await Self.sendEnrolmentLink(to: practitioner, context: context, on: tx)
            return Invited(practitionerID: id, email: cleaned.email, pendingRoles: privileged.sorted().map(\.rawValue))
        }
    }

    /// Asks for more roles for an existing account: ordinary ones are added at once, privileged ones wait.
    func requestRoles(_ roleNames: [String], for practitionerID: UUID, by admin: AuthenticatedPractitioner) async throws
    {
        var parsed = Set<SystemRole>()
        for name in roleNames {
            guard let role = SystemRole(rawValue: name) else {
                throw ServiceError.validation([.init(field: "role", message: "'\(name)' is not a role.")])
            }
            parsed.insert(role)
        }
        let roles = parsed
        guard !roles.isEmpty else {
            throw ServiceError.validation([.init(field: "role", message: "Choose at least one role.")])
        }
        try await context.auditedTransaction { context, tx in
            guard let practitioner = try await PractitionerModel.find(practitionerID, on: tx) else {
                try await Refusal.asMissing(
                    "account.roles-requested", type: "practitioner", id: practitionerID, by: admin, context: context,
                    on: tx)
            }
            let current = SystemRole.parseList(practitioner.roles) ?? []
            let facts = RoleGrantFacts(
                requestedBy: admin.id.uuidString, subject: practitionerID.uuidString, currentRoles: current,
                requestedRoles: roles)
            if case .deny(let reason) = Policy.decide(admin.actor, .request, grant: facts) {
                throw ServiceError.validation([.init(field: "role", message: reason)])
            }
            let (immediate, privileged) = AccountRules.split(roles.subtracting(current))
            if roles.contains(where: \.isPractitionerQualifier) && !current.union(immediate).contains(.practitioner) {
                throw ServiceError.validation([
                    .init(
                        field: "role",
                        message: "Child protection and silent read apply to practitioners: choose Practitioner as well."
                    )
                ])
            }
            if !immediate.isEmpty {
                practitioner.roles = SystemRole.storageText(current.union(immediate))
                try await practitioner.save(on: tx)
                try await AuditLog.append(
                    AuditDraft(
                        action: "account.roles-added", actor: admin, subjectType: "practitioner",
                        subjectID: practitionerID.uuidString,
                        details: ["roles": SystemRole.storageText(immediate)]),
                    context: context, on: tx)
            }
            if !privileged.isEmpty {
                try await Self.request(privileged, for: practitioner, by: admin, context: context, on: tx)
            }
        }
    }

    /// A second administrator approves: the roles take effect, and every auditor is alerted.
    func approve(grantID: UUID, by admin: AuthenticatedPractitioner) async throws {
        try await decide(grantID, approve: true, by: admin)
    }

    func decline(grantID: UUID, by admin: AuthenticatedPractitioner) async throws {
        try await decide(grantID, approve: false, by: admin)
    }

    func pending(for admin: AuthenticatedPractitioner) async throws -> [GrantView] {
        let rows = try await RoleGrantModel.query(on: context.db).filter(\.$status == RoleGrantStatus.pending.rawValue)
            .sort(\.$requestedAt).all()
        let people = try await PractitionerModel.query(on: context.db)
            .filter(\.$id ~~ Array(Set(rows.map(\.practitionerID) + rows.map(\.requestedBy)))).all()
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        return rows.map { row in
            let subject = byID[row.practitionerID]
            let facts = RoleGrantFacts(
                requestedBy: row.requestedBy.uuidString, subject: row.practitionerID.uuidString,
                currentRoles: SystemRole.parseList(subject?.roles ?? "") ?? [],
                requestedRoles: SystemRole.parseList(row.roles) ?? [])
            return GrantView(
                id: row.id!, practitionerID: row.practitionerID, practitioner: subject?.name ?? "",
                roles: row.roles.split(separator: ",").map(String.init),
                requestedBy: byID[row.requestedBy]?.name ?? "", requestedAt: row.requestedAt,
                mayApprove: Policy.decide(admin.actor, .approve, grant: facts).isAllowed)
        }
    }

    /// Roles as a person would list them: "data manager and auditor".
    static func roleNames(_ roles: Set<SystemRole>) -> String {
        PlainEnglish.list(roles.sorted().map { $0.displayName.lowercased() }, conjunction: "and")
    }

    private func decide(_ grantID: UUID, approve: Bool, by admin: AuthenticatedPractitioner) async throws {
        let audit = approve ? "account.roles-approved" : "account.roles-declined"
        try await context.auditedTransaction { context, tx in
            guard let grant = try await RoleGrantModel.find(grantID, on: tx),
                grant.status == RoleGrantStatus.pending.rawValue,
                let practitioner = try await PractitionerModel.find(grant.practitionerID, on: tx)
            else {
                try await Refusal.asMissing(audit, type: "role-grant", id: grantID, by: admin, context: context, on: tx)
            }
            let current = SystemRole.parseList(practitioner.roles) ?? []
            let requested = SystemRole.parseList(grant.roles) ?? []
            let facts = RoleGrantFacts(
                requestedBy: grant.requestedBy.uuidString, subject: grant.practitionerID.uuidString,
                currentRoles: current, requestedRoles: requested)
            if case .deny(let reason) = Policy.decide(admin.actor, approve ? .approve : .decline, grant: facts) {
                try await AuditLog.append(
                    AuditDraft(
                        action: audit, actor: admin, subjectType: "role-grant", subjectID: grantID.uuidString,
                        outcome: .refused),
                    context: context, on: tx)
                throw Refusal.forbidden(reason)
            }
            grant.status = (approve ? RoleGrantStatus.approved : .declined).rawValue
            grant.decidedBy = admin.id
            grant.decidedAt = context.now
            try await grant.save(on: tx)
            if approve {
                practitioner.roles = SystemRole.storageText(current.union(requested))
                try await practitioner.save(on: tx)
                var authority: AuthorityModel?
                if let organisation = try await OrganisationModel.find(practitioner.$organisation.id, on: tx) {
                    authority = try await AuthorityModel.find(organisation.$authority.id, on: tx)
                }
                try await Alerts.raise(
                    .privilegedGrant, practitionerID: grant.practitionerID, childID: nil,
                    authority: authority?.onsCode ?? "",
                    detail:
                        "\(admin.name) approved the \(Self.roleNames(requested)) roles for \(practitioner.name), "
                        + "asked for by another administrator.",
                    context: context, on: tx)
            }
            try await AuditLog.append(
                AuditDraft(
                    action: audit, actor: admin, subjectType: "practitioner",
                    subjectID: grant.practitionerID.uuidString,
                    details: [
                        "grant": grantID.uuidString, "roles": grant.roles, "requestedBy": grant.requestedBy.uuidString,
                    ]),
                context: context, on: tx)
        }
    }

    private static func request(
        _ roles: Set<SystemRole>, for practitioner: PractitionerModel, by admin: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws {
        let grant = RoleGrantModel()
        grant.practitionerID = try practitioner.requireID()
        grant.roles = SystemRole.storageText(roles)
        grant.requestedBy = admin.id
        grant.requestedAt = context.now
        grant.status = RoleGrantStatus.pending.rawValue
        try await grant.create(on: tx)
        try await AuditLog.append(
            AuditDraft(
                action: "account.roles-requested", actor: admin, subjectType: "practitioner",
                subjectID: grant.practitionerID.uuidString,
                details: ["grant": try grant.requireID().uuidString, "roles": grant.roles]),
            context: context, on: tx)
    }

    /// A one-time link, valid for 72 hours, stored only as its SHA-256, delivered by the outbox.
    static func sendEnrolmentLink(to practitioner: PractitionerModel, context: ServiceContext, on tx: any Database)
        async throws
    {
        let token = Credentials.newOpaqueToken()
        let link = EnrolmentLinkModel()
        link.practitionerID = try practitioner.requireID()
        link.tokenHash = Credentials.tokenHash(token)
        link.expiresAt = context.now.addingTimeInterval(enrolmentLifetime)
        link.createdAt = context.now
        try await link.create(on: tx)
        let message = OutboxMessageModel()
        message.recipient = practitioner.email
        message.subject = "Set up your Signpost account"
        message.body = """
            Hello \(practitioner.name),

            An account has been made for you on Signpost. Open this link within 72 hours to choose your password \
            and set up your authenticator app:

            \(context.environment.settings.publicBaseURL)/enrol/\(token)

            The link works once. If you did not expect this message, tell your Signpost administrator.
            """
        message.createdAt = context.now
        try await message.create(on: tx)
    }
}
