import Fluent
import Foundation
import SignpostCore

/// Email + password (bcrypt) + TOTP sign-in, with lockout and vetting checks, shared by the sign-in
/// page and the API token endpoint. Every attempt, whatever its outcome, is audited.
struct AuthenticationService {
    let context: ServiceContext

    /// One message for every credential failure, so nobody can learn which emails have accounts.
    static let genericFailure =
        "The email address, password or security code is not right. After 5 wrong attempts an account is locked for 15 minutes."

    enum Outcome<Grant: Sendable>: Sendable {
        case granted(AuthenticatedPractitioner, Grant)
        case rejected
        case refused([SignInRefusal])
        /// Too many failed sign-ins from this client address: nothing was checked.
        case throttled(retryAfterSeconds: Int)
    }

    /// Checks credentials once the client address's throttle let the attempt through (`authenticate`).
    func checkCredentials<Grant: Sendable>(
        email rawEmail: String, password: String, code: String, channel: String,
        grant: @escaping @Sendable (any Database, AuthenticatedPractitioner) async throws -> Grant
    ) async throws -> Outcome<Grant> {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let now = context.now
        let practitioner = try await PractitionerModel.query(on: context.db)
            .filter(\.$email == email)
            .with(\.$organisation) { $0.with(\.$authority) }
            .first()

        guard let practitioner, let practitionerID = practitioner.id else {
            return try await rejectUnknownAccount(email: email, password: password, channel: channel)
        }

        let subject = try Self.authenticated(practitioner)
        let claim = try await SignInAttempts(context: context).claim(practitionerID: practitionerID)
        // The password is checked on every path, locked or not, so a locked account answers no faster.
        let hash = practitioner.passwordHash
        let passwordOK = await checkPassword(password, against: hash)
        guard case .claimed(let failures, let locksNow) = claim else {
            return try await rejectLockedAccount(subject, practitionerID: practitionerID, channel: channel)
        }
        let totp = Base32.decode(practitioner.totpSecret).map { TOTP(secret: $0) }
        let acceptedStep =
            passwordOK ? totp?.acceptedStep(for: code, at: now, lastUsedStep: practitioner.lastTOTPStep) : nil

        guard passwordOK, let acceptedStep else {
            return try await rejectWrongCredentials(
                subject, practitionerID: practitionerID, failures: failures, locksNow: locksNow,
                passwordOK: passwordOK, channel: channel)
        }

        let refusals = SignInRules.refusals(for: Self.vetting(of: practitioner), today: CalendarDate(now))
        if !refusals.isEmpty {
            return try await refuseFailedVetting(
                subject, practitionerID: practitionerID, refusals: refusals, spentStep: acceptedStep, channel: channel)
        }

        return try await grantSignIn(
            subject, practitionerID: practitionerID, acceptedStep: acceptedStep,
            upgradedHash: await upgradedHash(of: password, currentHash: hash), channel: channel, grant: grant)
    }

    /// No account has this email: audited by a keyed hash of the email, never the email itself.
    private func rejectUnknownAccount<Grant: Sendable>(email: String, password: String, channel: String)
        async throws -> Outcome<Grant>
    {
        // Spend the same time as a real check so response timing does not reveal unknown emails.
        _ = await checkPassword(password, against: context.environment.dummyPasswordHash)
        try await context.db.transaction { tx in
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: nil, outcome: .failure,
                    details: [
                        "channel": channel, "problem": "unknown-account",
                        "emailHash": context.masterKey.keyedHash(email, purpose: "email"),
                    ]),
                context: context, on: tx)
        }
        context.environment.metrics.signIn(outcome: "failure")
        return .rejected
    }

    /// The account is locked out: refused whatever the password and code, which were checked anyway.
    private func rejectLockedAccount<Grant: Sendable>(
        _ subject: AuthenticatedPractitioner, practitionerID: UUID, channel: String
    ) async throws -> Outcome<Grant> {
        try await context.db.transaction { tx in
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: subject, subjectType: "practitioner",
                    subjectID: practitionerID.uuidString, outcome: .refused,
                    details: ["channel": channel, "problem": "locked"]),
                context: context, on: tx)
        }
        context.environment.metrics.signIn(outcome: "locked")
        return .rejected
    }

    /// A wrong password, or a wrong or reused code. The attempt was already counted when it was claimed; the
    /// lockout it may have started is audited in the same transaction as the failure.
    private func rejectWrongCredentials<Grant: Sendable>(
        _ subject: AuthenticatedPractitioner, practitionerID: UUID, failures: Int, locksNow: Bool, passwordOK: Bool,
        channel: String
    ) async throws -> Outcome<Grant> {
        let problem = passwordOK ? "wrong-or-reused-code" : "wrong-password"
        try await context.db.transaction { tx in
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: subject, subjectType: "practitioner",
                    subjectID: practitionerID.uuidString, outcome: .failure,
                    details: ["channel": channel, "problem": problem, "failures": String(failures)]),
                context: context, on: tx)
            if locksNow {
                try await AuditLog.append(
                    AuditDraft(
                        action: "auth.lockout", actor: subject, subjectType: "practitioner",
                        subjectID: practitionerID.uuidString, outcome: .refused,
                        details: ["minutes": String(Int(SignInRules.lockoutSeconds / 60))]),
                    context: context, on: tx)
            }
        }
        context.environment.metrics.signIn(outcome: locksNow ? "lockout" : "failure")
        return .rejected
    }

    /// Right credentials on an account that may not sign in now (suspended, or its vetting lapsed).
    private func refuseFailedVetting<Grant: Sendable>(
        _ subject: AuthenticatedPractitioner, practitionerID: UUID, refusals: [SignInRefusal], spentStep: Int64,
        channel: String
    ) async throws -> Outcome<Grant> {
        try await context.db.transaction { tx in
            // The code was genuine, so it is spent even though sign-in is refused.
            try await PractitionerModel.query(on: tx)
                .filter(\.$id == practitionerID)
                .set(\.$lastTOTPStep, to: spentStep)
                .set(\.$failedAttempts, to: 0)
                .set(\.$lockedUntil, to: nil)
                .update()
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: subject, subjectType: "practitioner",
                    subjectID: practitionerID.uuidString, outcome: .refused,
                    details: ["channel": channel, "refusals": refusals.map(\.rawValue).joined(separator: ",")]),
                context: context, on: tx)
        }
        context.environment.metrics.signIn(outcome: "refused")
        return .refused(refusals)
    }

    /// Spends the code, clears failures and any lockout, upgrades the password hash to the configured cost if
    /// it was made at another, and calls `grant`, all in one transaction.
    private func grantSignIn<Grant: Sendable>(
        _ subject: AuthenticatedPractitioner, practitionerID: UUID, acceptedStep: Int64, upgradedHash: String?,
        channel: String, grant: @escaping @Sendable (any Database, AuthenticatedPractitioner) async throws -> Grant
    ) async throws -> Outcome<Grant> {
        let granted: Grant = try await context.db.transaction { tx in
            let update = PractitionerModel.query(on: tx)
                .filter(\.$id == practitionerID)
                .set(\.$lastTOTPStep, to: acceptedStep)
                .set(\.$failedAttempts, to: 0)
                .set(\.$lockedUntil, to: nil)
            if let upgradedHash { update.set(\.$passwordHash, to: upgradedHash) }
            try await update.update()
            let value = try await grant(tx, subject)
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: subject, subjectType: "practitioner",
                    subjectID: practitionerID.uuidString, outcome: .success, details: ["channel": channel]),
                context: context, on: tx)
            return value
        }
        context.environment.metrics.signIn(outcome: "success")
        return .granted(subject, granted)
    }

    static func vetting(of practitioner: PractitionerModel) -> AccountVetting {
        AccountVetting(
            status: AccountStatus(rawValue: practitioner.status) ?? .suspended,
            dbsCheckedOn: practitioner.dbsCheckedOn.flatMap(CalendarDate.init(iso:)),
            trainedOn: practitioner.trainedOn.flatMap(CalendarDate.init(iso:)),
            agreementSignedOn: practitioner.agreementSignedOn.flatMap(CalendarDate.init(iso:)))
    }

    /// Maps a practitioner loaded with its organisation and authority to the value services pass around.
    static func authenticated(_ practitioner: PractitionerModel, sessionID: UUID? = nil, csrfToken: String? = nil)
        throws -> AuthenticatedPractitioner
    {
        guard let id = practitioner.id, let organisationID = practitioner.organisation.id else {
            throw ServiceError(
                kind: .unavailable, title: "Account incomplete", detail: "The account record is incomplete.")
        }
        return AuthenticatedPractitioner(
            id: id, name: practitioner.name, email: practitioner.email,
            roles: SystemRole.parseList(practitioner.roles) ?? [],
            organisationID: organisationID, organisationCode: practitioner.organisation.code,
            organisationName: practitioner.organisation.name,
            organisationSensitive: practitioner.organisation.sensitive,
            authorityCode: practitioner.organisation.authority.onsCode,
            sessionID: sessionID, csrfToken: csrfToken)
    }
}
