import Fluent
import Foundation
import SQLKit
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
    /// account is no longer active. One query: every API request starts here, so on a SQLite file it runs on
    /// a reader connection and never waits for the writer. A revocation is seen as soon as it commits.
    func resolve(token: String) async throws -> (AuthenticatedPractitioner, UUID)? {
        guard let sql = context.readers as? any SQLDatabase else { return nil }
        let found = try await sql.raw(
            """
            SELECT t.id AS token_id, t.revoked_at, t.expires_at, p.id AS practitioner_id, p.name, p.email, p.roles,
                p.status, o.id AS organisation_id, o.code AS organisation_code, o.name AS organisation_name,
                o.sensitive, a.ons_code
            FROM \(ident: APITokenModel.schema) t
            JOIN \(ident: PractitionerModel.schema) p ON p.id = t.practitioner_id
            JOIN \(ident: OrganisationModel.schema) o ON o.id = p.organisation_id
            JOIN \(ident: AuthorityModel.schema) a ON a.id = o.authority_id
            WHERE t.token_hash = \(bind: Credentials.tokenHash(token))
            """
        ).first(decoding: TokenRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row = found, row.revokedAt == nil, row.expiresAt > context.now,
            row.status == AccountStatus.active.rawValue
        else { return nil }
        let practitioner = AuthenticatedPractitioner(
            id: row.practitionerId, name: row.name, email: row.email, roles: SystemRole.parseList(row.roles) ?? [],
            organisationID: row.organisationId, organisationCode: row.organisationCode,
            organisationName: row.organisationName, organisationSensitive: row.sensitive,
            authorityCode: row.onsCode, apiTokenID: row.tokenId)
        return (practitioner, row.tokenId)
    }

    private struct TokenRow: Decodable {
        var tokenId: UUID
        var revokedAt: Date?
        var expiresAt: Date
        var practitionerId: UUID
        var name: String
        var email: String
        var roles: String
        var status: String
        var organisationId: UUID
        var organisationCode: String
        var organisationName: String
        var sensitive: Bool
        var onsCode: String
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
