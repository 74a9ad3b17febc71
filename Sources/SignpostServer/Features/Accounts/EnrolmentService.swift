import Fluent
import Foundation
import SignpostCore

/// The owner of a new account sets their password and enrols an authenticator at a one-time link.
/// The link is the only way to the account's second factor: no administrator ever sees it.
struct EnrolmentService {
    let context: ServiceContext
    static let minimumPasswordLength = 12

    struct Enrolment: Sendable {
        var email: String
        var totpSecret: String
        var otpauthURI: String
    }

    /// What the enrolment page shows the link's holder, or 404 for an unknown, used or expired link.
    func open(token: String) async throws -> Enrolment {
        let (_, practitioner) = try await find(token, on: context.db)
        let secret = Base32.decode(practitioner.totpSecret) ?? []
        return Enrolment(
            email: practitioner.email, totpSecret: practitioner.totpSecret,
            otpauthURI: TOTP(secret: secret).provisioningURI(account: practitioner.email))
    }

    func complete(token: String, password: String, confirmation: String, code: String) async throws {
        var errors: [ServiceError.FieldError] = []
        if password.count < Self.minimumPasswordLength {
            errors.append(
                .init(
                    field: "password",
                    message: "Choose a password of at least \(Self.minimumPasswordLength) characters."))
        } else if password.count > 200 {
            errors.append(.init(field: "password", message: "Choose a password of 200 characters or fewer."))
        }
        if password != confirmation {
            errors.append(.init(field: "confirmation", message: "Type the same password twice."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let cost = context.environment.settings.bcryptCost
        let passwords = context.environment.passwords
        let hash = try await context.threadPool.runIfActive { try passwords.hash(password, cost) }
        let trimmedCode = code.filter(\.isNumber)
        try await context.db.transaction { tx in
            let (link, practitioner) = try await find(token, on: tx)
            let totp = TOTP(secret: Base32.decode(practitioner.totpSecret) ?? [])
            guard trimmedCode.count == 6,
                let step = totp.acceptedStep(for: trimmedCode, at: context.now, lastUsedStep: nil)
            else {
                throw ServiceError.validation([
                    .init(field: "code", message: "Enter the 6-digit code your authenticator app shows now.")
                ])
            }
            practitioner.passwordHash = hash
            practitioner.failedAttempts = 0
            practitioner.lastTOTPStep = step
            try await practitioner.save(on: tx)
            link.usedAt = context.now
            try await link.save(on: tx)
            try await AuditLog.append(
                AuditDraft(
                    action: "account.enrolled", actor: nil, subjectType: "practitioner",
                    subjectID: try practitioner.requireID().uuidString),
                context: context, on: tx)
        }
    }

    private func find(_ token: String, on db: any Database) async throws -> (EnrolmentLinkModel, PractitionerModel) {
        guard token.count <= 100,
            let link = try await EnrolmentLinkModel.query(on: db).filter(\.$tokenHash == Credentials.tokenHash(token))
                .first(),
            link.usedAt == nil, link.expiresAt > context.now,
            let practitioner = try await PractitionerModel.find(link.practitionerID, on: db)
        else { throw ServiceError.notFound() }
        return (link, practitioner)
    }
}
