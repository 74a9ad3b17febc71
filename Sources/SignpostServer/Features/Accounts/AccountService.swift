import Fluent
import Foundation
import SignpostCore

/// Creating, suspending and reactivating practitioner accounts, from the CLI or the admin page.
struct AccountService {
    let context: ServiceContext

    struct NewAccount: Sendable {
        var email: String
        var name: String
        var organisationCode: String
        var roles: [String]
        var jobTitle: String?
        var phone: String?
        var dbsCheckedOn: String?
        var trainedOn: String?
        var agreementSignedOn: String?
    }

    struct CreatedAccount: Sendable {
        var practitionerID: UUID
        var email: String
        var initialPassword: String
        var totpSecret: String
        var otpauthURI: String
    }

    struct AccountSummary: Sendable, Codable {
        var id: UUID
        var name: String
        var email: String
        var jobTitle: String
        var organisationName: String
        var roles: [String]
        var status: String
        var dbsCheckedOn: String?
        var trainedOn: String?
        var agreementSignedOn: String?
        var locked: Bool
    }

    /// Validates every field and reports all problems at once, named by field.
    func validate(_ input: NewAccount) async throws -> (OrganisationModel, Set<SystemRole>, NewAccount) {
        var errors: [ServiceError.FieldError] = []
        var cleaned = input
        cleaned.email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        cleaned.name = input.name.trimmingCharacters(in: .whitespaces)
        if !Self.isPlausibleEmail(cleaned.email) {
            errors.append(
                .init(
                    field: "email", message: "Enter an email address in the correct format, like name@example.org.uk."))
        }
        if cleaned.name.isEmpty || cleaned.name.count > 200 {
            errors.append(.init(field: "name", message: "Enter the practitioner's full name (up to 200 characters)."))
        }
        let roles = Self.checkRoles(input.roles, errors: &errors)
        Self.checkVettingDates(input, today: CalendarDate(context.now), errors: &errors)
        if let phone = input.phone, !phone.isEmpty, !Self.isPlausiblePhone(phone) {
            errors.append(
                .init(field: "phone", message: "Enter a phone number using digits, spaces and an optional leading +."))
        }
        let organisation = try await OrganisationModel.query(on: context.db)
            .filter(\.$code == input.organisationCode.trimmingCharacters(in: .whitespaces))
            .first()
        if organisation == nil {
            errors.append(
                .init(
                    field: "organisation",
                    message: input.organisationCode.trimmingCharacters(in: .whitespaces).isEmpty
                        ? "Choose the organisation the account belongs to."
                        : "There is no organisation with the code "
                            + "\(input.organisationCode.trimmingCharacters(in: .whitespaces))."))
        }
        if errors.isEmpty,
            try await PractitionerModel.query(on: context.db).filter(\.$email == cleaned.email).first() != nil
        {
            errors.append(.init(field: "email", message: "An account with this email address already exists."))
        }
        guard errors.isEmpty, let organisation else { throw ServiceError.validation(errors) }
        return (organisation, roles, cleaned)
    }

    /// The roles named, each a known role, together allowed, with a practitioner for any qualifier.
    private static func checkRoles(_ texts: [String], errors: inout [ServiceError.FieldError]) -> Set<SystemRole> {
        var roles = Set<SystemRole>()
        if texts.isEmpty {
            errors.append(.init(field: "role", message: "Choose at least one role."))
        }
        for text in texts {
            if let role = SystemRole(rawValue: text.trimmingCharacters(in: .whitespaces)) {
                roles.insert(role)
            } else {
                let allowed = SystemRole.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(.init(field: "role", message: "'\(text)' is not a role. Use one of: \(allowed)."))
            }
        }
        if let conflict = AccountRules.conflict(in: roles) {
            errors.append(.init(field: "role", message: conflict))
        }
        if roles.contains(where: \.isPractitionerQualifier) && !roles.contains(.practitioner) {
            errors.append(
                .init(
                    field: "role",
                    message: "Child protection and silent read apply to practitioners: choose Practitioner as well."))
        }
        return roles
    }

    /// The vetting dates given must be real dates, today or earlier; a date left out is not checked.
    private static func checkVettingDates(
        _ input: NewAccount, today: CalendarDate, errors: inout [ServiceError.FieldError]
    ) {
        for (field, label, value) in [
            ("dbsCheckedOn", "DBS check date", input.dbsCheckedOn), ("trainedOn", "training date", input.trainedOn),
            ("agreementSignedOn", "user agreement date", input.agreementSignedOn),
        ] {
            guard let value, !value.isEmpty else { continue }
            if let date = CalendarDate(iso: value) {
                if date > today {
                    errors.append(.init(field: field, message: "The \(label) must be today or in the past."))
                }
            } else {
                errors.append(
                    .init(
                        field: field,
                        message: DateEntry.problem(in: value, label: label.prefix(1).uppercased() + label.dropFirst())))
            }
        }
    }

    /// The operator's way in, from the server's command line (the first administrator, the demo): the
    /// roles take effect at once and the credentials are returned to the operator, who hands them over.
    /// Administrators use `AccountGovernanceService.invite`, which never shows anyone's secrets.
    func create(_ input: NewAccount, by actor: AuthenticatedPractitioner?) async throws -> CreatedAccount {
        let (organisation, roles, cleaned) = try await validate(input)
        let password = Credentials.newInitialPassword()
        let secret = TOTP.generateSecret()
        let cost = context.environment.settings.bcryptCost
        let passwords = context.environment.passwords
        let passwordHash = try await context.threadPool.runIfActive { try passwords.hash(password, cost) }
        let practitioner = try Self.newPractitioner(
            cleaned, organisation: organisation, roles: roles, passwordHash: passwordHash, totpSecret: secret)
        try await context.db.transaction { tx in
            try await practitioner.create(on: tx)
            try await AuditLog.append(
                Self.draft(
                    action: "account.created", actor: actor, subjectID: try practitioner.requireID(),
                    details: ["roles": practitioner.roles, "organisation": organisation.code]),
                context: context, on: tx)
        }
        return CreatedAccount(
            practitionerID: try practitioner.requireID(), email: cleaned.email, initialPassword: password,
            totpSecret: practitioner.totpSecret,
            otpauthURI: TOTP(secret: secret).provisioningURI(account: cleaned.email))
    }

    /// An unsaved account from validated input: active, with these roles and credentials.
    static func newPractitioner(
        _ cleaned: NewAccount, organisation: OrganisationModel, roles: Set<SystemRole>, passwordHash: String,
        totpSecret: [UInt8]
    ) throws -> PractitionerModel {
        let practitioner = PractitionerModel()
        practitioner.email = cleaned.email
        practitioner.name = cleaned.name
        practitioner.jobTitle = cleaned.jobTitle?.trimmingCharacters(in: .whitespaces) ?? ""
        practitioner.$organisation.id = try organisation.requireID()
        practitioner.roles = SystemRole.storageText(roles)
        practitioner.phone = cleaned.phone.flatMap { $0.isEmpty ? nil : $0 }
        practitioner.dbsCheckedOn = cleaned.dbsCheckedOn.flatMap { $0.isEmpty ? nil : $0 }
        practitioner.trainedOn = cleaned.trainedOn.flatMap { $0.isEmpty ? nil : $0 }
        practitioner.agreementSignedOn = cleaned.agreementSignedOn.flatMap { $0.isEmpty ? nil : $0 }
        practitioner.status = AccountStatus.active.rawValue
        practitioner.passwordHash = passwordHash
        practitioner.totpSecret = Base32.encode(totpSecret)
        practitioner.failedAttempts = 0
        return practitioner
    }

    /// Suspension ends every session and token at once; reactivation also clears a lockout.
    func setStatus(_ status: AccountStatus, practitionerID: UUID, by actor: AuthenticatedPractitioner?) async throws {
        let now = context.now
        try await context.db.transaction { tx in
            guard let practitioner = try await PractitionerModel.find(practitionerID, on: tx) else {
                throw ServiceError.notFound("There is no account with this identifier.")
            }
            if actor?.id == practitionerID && status == .suspended {
                throw ServiceError.conflict("You cannot suspend your own account.")
            }
            practitioner.status = status.rawValue
            if status == .active {
                practitioner.failedAttempts = 0
                practitioner.lockedUntil = nil
            }
            try await practitioner.save(on: tx)
            if status == .suspended {
                try await SessionModel.query(on: tx).filter(\.$practitioner.$id == practitionerID).delete()
                try await APITokenModel.query(on: tx)
                    .filter(\.$practitioner.$id == practitionerID)
                    .filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: now)
                    .update()
            }
            try await AuditLog.append(
                Self.draft(
                    action: status == .suspended ? "account.suspended" : "account.reactivated", actor: actor,
                    subjectID: practitionerID),
                context: context, on: tx)
        }
    }

    func list() async throws -> [AccountSummary] {
        let now = context.now
        return try await PractitionerModel.query(on: context.db)
            .with(\.$organisation)
            .sort(\.$name)
            .all()
            .map { practitioner in
                AccountSummary(
                    id: try practitioner.requireID(), name: practitioner.name, email: practitioner.email,
                    jobTitle: practitioner.jobTitle, organisationName: practitioner.organisation.name,
                    roles: (SystemRole.parseList(practitioner.roles) ?? []).sorted().map(\.rawValue),
                    status: practitioner.status, dbsCheckedOn: practitioner.dbsCheckedOn,
                    trainedOn: practitioner.trainedOn, agreementSignedOn: practitioner.agreementSignedOn,
                    locked: SignInRules.isLocked(lockedUntil: practitioner.lockedUntil, now: now))
            }
    }

    private static func draft(
        action: String, actor: AuthenticatedPractitioner?, subjectID: UUID, details: [String: String] = [:]
    ) -> AuditDraft {
        var draft = AuditDraft(
            action: action, actor: actor, subjectType: "practitioner", subjectID: subjectID.uuidString, details: details
        )
        if actor == nil {
            // Changes made at the server's command line by an operator with shell access.
            draft.actorRole = "operator-cli"
        }
        return draft
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else { return false }
        return true
    }

    static func isPlausiblePhone(_ phone: String) -> Bool {
        let trimmed = phone.trimmingCharacters(in: .whitespaces)
        let body = trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed
        let digits = body.filter(\.isNumber)
        return (7...15).contains(digits.count) && body.allSatisfy { $0.isNumber || $0 == " " || $0 == "-" }
    }
}
