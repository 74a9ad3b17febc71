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
    }

    /// Checks credentials and, when they pass, calls `grant` inside the same transaction as the audit
    /// event, to create the session or token.
    func authenticate<Grant: Sendable>(
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
        if SignInRules.isLocked(lockedUntil: practitioner.lockedUntil, now: now) {
            return try await rejectLockedAccount(subject, practitionerID: practitionerID, channel: channel)
        }

        let hash = practitioner.passwordHash
        let passwords = context.environment.passwords
        let passwordOK = (try? await context.threadPool.runIfActive { try passwords.verify(password, hash) }) ?? false
        let totp = Base32.decode(practitioner.totpSecret).map { TOTP(secret: $0) }
        let acceptedStep =
            passwordOK ? totp?.acceptedStep(for: code, at: now, lastUsedStep: practitioner.lastTOTPStep) : nil

        guard passwordOK, let acceptedStep else {
            return try await rejectWrongCredentials(
                subject, practitionerID: practitionerID, previousFailures: practitioner.failedAttempts,
                passwordOK: passwordOK, now: now, channel: channel)
        }

        let refusals = SignInRules.refusals(for: Self.vetting(of: practitioner), today: CalendarDate(now))
        if !refusals.isEmpty {
            return try await refuseFailedVetting(
                subject, practitionerID: practitionerID, refusals: refusals, spentStep: acceptedStep, channel: channel)
        }

        return try await grantSignIn(
            subject, practitionerID: practitionerID, acceptedStep: acceptedStep, channel: channel, grant: grant)
    }

    /// No account has this email: audited by a keyed hash of the email, never the email itself.
    private func rejectUnknownAccount<Grant: Sendable>(email: String, password: String, channel: String)
        async throws -> Outcome<Grant>
    {
        // Spend the same time as a real check so response timing does not reveal unknown emails.
        let dummy = context.environment.dummyPasswordHash
        let passwords = context.environment.passwords
        _ = try? await context.threadPool.runIfActive { try passwords.verify(password, dummy) }
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

    /// The account is locked out: refused before the password is even checked.
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

    /// A wrong password, or a wrong or reused code: counts towards the lockout, which is audited too
    /// when this failure starts it.
    private func rejectWrongCredentials<Grant: Sendable>(
        _ subject: AuthenticatedPractitioner, practitionerID: UUID, previousFailures previous: Int, passwordOK: Bool,
        now: Date, channel: String
    ) async throws -> Outcome<Grant> {
        let problem = passwordOK ? "wrong-or-reused-code" : "wrong-password"
        let lockedNow: Bool = try await context.db.transaction { tx in
            let (failures, lockedUntil) = SignInRules.afterFailure(previousFailures: previous, now: now)
            try await PractitionerModel.query(on: tx)
                .filter(\.$id == practitionerID)
                .set(\.$failedAttempts, to: failures)
                .set(\.$lockedUntil, to: lockedUntil)
                .update()
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-in", actor: subject, subjectType: "practitioner",
                    subjectID: practitionerID.uuidString, outcome: .failure,
                    details: ["channel": channel, "problem": problem, "failures": String(previous + 1)]),
                context: context, on: tx)
            if lockedUntil != nil {
                try await AuditLog.append(
                    AuditDraft(
                        action: "auth.lockout", actor: subject, subjectType: "practitioner",
                        subjectID: practitionerID.uuidString, outcome: .refused,
                        details: ["minutes": String(Int(SignInRules.lockoutSeconds / 60))]),
                    context: context, on: tx)
            }
            return lockedUntil != nil
        }
        context.environment.metrics.signIn(outcome: lockedNow ? "lockout" : "failure")
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

    /// Spends the code, clears failures and any lockout, and calls `grant`, all in one transaction.
    private func grantSignIn<Grant: Sendable>(
        _ subject: AuthenticatedPractitioner, practitionerID: UUID, acceptedStep: Int64, channel: String,
        grant: @escaping @Sendable (any Database, AuthenticatedPractitioner) async throws -> Grant
    ) async throws -> Outcome<Grant> {
        let granted: Grant = try await context.db.transaction { tx in
            try await PractitionerModel.query(on: tx)
                .filter(\.$id == practitionerID)
                .set(\.$lastTOTPStep, to: acceptedStep)
                .set(\.$failedAttempts, to: 0)
                .set(\.$lockedUntil, to: nil)
                .update()
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
