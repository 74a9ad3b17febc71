import SignpostCore
import Fluent
import Foundation
import Vapor

/// Where a request came from: recorded on every audit event.
struct ClientInfo: Sendable {
    var ip: String?
    var userAgent: String?

    static let commandLine = ClientInfo(ip: nil, userAgent: "signpost-cli")
}

/// The signed-in practitioner as the services see them: a plain value, never a Fluent model.
struct AuthenticatedPractitioner: Sendable, Authenticatable {
    var id: UUID
    var name: String
    var email: String
    var roles: Set<SystemRole>
    var organisationID: UUID
    var organisationCode: String
    var organisationName: String
    /// The organisation provides a sensitive service (loaded with the account, so no read needs to ask again).
    var organisationSensitive: Bool = false
    var authorityCode: String
    /// The session this request belongs to (pages) or nil (API tokens, CLI).
    var sessionID: UUID?
    var csrfToken: String?
    /// The API token this request came with (API only).
    var apiTokenID: UUID?

    /// What "one session" means for break-glass: the page session, or the API token.
    var accessScopeID: UUID? { sessionID ?? apiTokenID }

    var actor: Actor {
        Actor(practitionerID: id.uuidString, roles: roles, organisationCode: organisationCode, authorityCode: authorityCode,
              organisationSensitive: organisationSensitive)
    }

    /// The role named on audit events: the most privileged role the account holds.
    var auditRole: String { roles.sorted().last?.rawValue ?? "none" }
}

/// Everything a service needs for one call: the database, the time, who is asking and from where.
struct ServiceContext: Sendable {
    var db: any Database
    var now: Date
    var client: ClientInfo
    var environment: SignpostEnvironment
    var threadPool: NIOThreadPool
    var logger: Logger

    var masterKey: MasterKey { environment.masterKey }
}

extension Request {
    var serviceContext: ServiceContext {
        ServiceContext(
            db: db,
            now: application.signpost.clock(),
            client: ClientInfo(
                ip: remoteAddress?.ipAddress,
                userAgent: headers.first(name: .userAgent).map { String($0.prefix(300)) }),
            environment: application.signpost,
            threadPool: application.threadPool,
            logger: logger)
    }
}

extension Application {
    func serviceContext(client: ClientInfo = .commandLine) -> ServiceContext {
        ServiceContext(db: db, now: signpost.clock(), client: client, environment: signpost, threadPool: threadPool, logger: logger)
    }
}

/// A refusal whose audit event must survive: thrown inside `ServiceContext.auditedTransaction`, it
/// commits the transaction (which then holds only reads and the refusal's audit event) and is
/// rethrown as its service error. A plain error would roll the audit event back with everything else.
struct Refusal: Error {
    var error: ServiceError

    static func notFound(_ detail: String = "There is no child record you can see at this address.") -> Refusal {
        Refusal(error: .notFound(detail))
    }

    static func forbidden(_ detail: String) -> Refusal {
        Refusal(error: .forbidden(detail))
    }

    /// Audits the refusal of an object that does not exist (or that the actor may not know exists)
    /// and throws the same 404 as for any hidden object.
    static func asMissing(
        _ action: String, type: String, id: UUID, by actor: AuthenticatedPractitioner, context: ServiceContext, on tx: any Database
    ) async throws -> Never {
        try await AuditLog.append(
            AuditDraft(action: action, actor: actor, subjectType: type, subjectID: id.uuidString, outcome: .refused,
                       details: ["why": "not found"]),
            context: context, on: tx)
        throw Refusal.notFound()
    }
}

extension ServiceContext {
    /// One transaction with `self.db` swapped for it; a `Refusal` commits, any other error rolls back.
    func auditedTransaction<T: Sendable>(_ body: @escaping @Sendable (ServiceContext, any Database) async throws -> T) async throws -> T {
        let base = self
        let outcome: Result<T, ServiceError> = try await db.transaction { tx in
            var inTransaction = base
            inTransaction.db = tx
            do {
                return .success(try await body(inTransaction, tx))
            } catch let refusal as Refusal {
                var error = refusal.error
                error.audited = true
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
