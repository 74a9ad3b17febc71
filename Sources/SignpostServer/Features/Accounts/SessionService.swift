import Fluent
import Foundation
import SignpostCore

/// Browser sessions: created at sign-in, checked on every page, ended at sign-out or by timeout.
struct SessionService {
    let context: ServiceContext

    struct NewSession: Sendable {
        var cookieValue: String
        var sessionID: UUID
        var csrfToken: String
    }

    /// Creates the session row inside the sign-in transaction.
    static func create(for practitionerID: UUID, now: Date, on db: any Database) async throws -> NewSession {
        let cookie = Credentials.newOpaqueToken()
        let csrf = Credentials.newOpaqueToken()
        let session = SessionModel(
            tokenHash: Credentials.tokenHash(cookie), practitionerID: practitionerID, csrfToken: csrf, now: now)
        try await session.create(on: db)
        return NewSession(cookieValue: cookie, sessionID: try session.requireID(), csrfToken: csrf)
    }

    /// The practitioner behind a session cookie, or nil when it is unknown, timed out or the account is
    /// no longer active. Timed-out sessions are deleted as they are found.
    func resolve(cookieValue: String) async throws -> AuthenticatedPractitioner? {
        let found = try await SessionModel.query(on: context.db)
            .filter(\.$tokenHash == Credentials.tokenHash(cookieValue))
            .with(\.$practitioner, { $0.with(\.$organisation, { $0.with(\.$authority) }) })
            .first()
        guard let session = found, let sessionID = session.id else { return nil }
        let now = context.now
        guard SessionLifetime.isLive(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now),
            session.practitioner.status == AccountStatus.active.rawValue
        else {
            try await SessionModel.query(on: context.db).filter(\.$id == sessionID).delete()
            return nil
        }
        // Refresh the idle timer, but not on every request: a write a minute is enough.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            try await SessionModel.query(on: context.db).filter(\.$id == sessionID).set(\.$lastSeenAt, to: now).update()
        }
        return try AuthenticationService.authenticated(
            session.practitioner, sessionID: sessionID, csrfToken: session.csrfToken)
    }

    func signOut(_ practitioner: AuthenticatedPractitioner) async throws {
        guard let sessionID = practitioner.sessionID else { return }
        try await context.db.transaction { tx in
            try await SessionModel.query(on: tx).filter(\.$id == sessionID).delete()
            try await AuditLog.append(
                AuditDraft(
                    action: "auth.sign-out", actor: practitioner, subjectType: "practitioner",
                    subjectID: practitioner.id.uuidString),
                context: context, on: tx)
        }
    }
}
