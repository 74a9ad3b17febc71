import Fluent
import Foundation
import SignpostCore

/// Bearer tokens for the API: issued after a full sign-in, stored hashed, expiring, revocable.
struct APITokenService {
    let context: ServiceContext
    static let lifetimeSeconds: TimeInterval = 60 * 60

    struct IssuedToken: Sendable {
        var token: String
        var expiresAt: Date
    }

    static func issue(
        for practitioner: AuthenticatedPractitioner, now: Date, on db: any Database, context: ServiceContext
    ) async throws -> IssuedToken {
        let token = Credentials.newOpaqueToken()
        let expiresAt = now.addingTimeInterval(lifetimeSeconds)
        let row = APITokenModel(
            tokenHash: Credentials.tokenHash(token), practitionerID: practitioner.id, createdAt: now,
            expiresAt: expiresAt)
        try await row.create(on: db)
        try await AuditLog.append(
            AuditDraft(
                action: "auth.token-issued", actor: practitioner, subjectType: "api-token",
                subjectID: try row.requireID().uuidString,
                details: ["expiresAt": ISO8601DateFormatter().string(from: expiresAt)]),
            context: context, on: db)
        return IssuedToken(token: token, expiresAt: expiresAt)
    }

    /// The practitioner behind a bearer token, or nil when it is unknown, expired, revoked or the
    /// account is no longer active.
    func resolve(token: String) async throws -> (AuthenticatedPractitioner, UUID)? {
        let found = try await APITokenModel.query(on: context.db)
            .filter(\.$tokenHash == Credentials.tokenHash(token))
            .with(\.$practitioner, { $0.with(\.$organisation, { $0.with(\.$authority) }) })
            .first()
        guard let row = found, let tokenID = row.id,
            row.revokedAt == nil, row.expiresAt > context.now,
            row.practitioner.status == AccountStatus.active.rawValue
        else { return nil }
        var practitioner = try AuthenticationService.authenticated(row.practitioner)
        practitioner.apiTokenID = tokenID
        return (practitioner, tokenID)
    }

    func revoke(tokenID: UUID, by practitioner: AuthenticatedPractitioner) async throws {
        let now = context.now
        try await context.db.transaction { tx in
            try await APITokenModel.query(on: tx).filter(\.$id == tokenID).set(\.$revokedAt, to: now).update()
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.token-revoked", actor: practitioner, subjectType: "api-token",
                    subjectID: tokenID.uuidString),
                context: context, on: tx)
        }
    }
}
