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
    var authorityCode: String
    /// The session this request belongs to (pages) or nil (API tokens, CLI).
    var sessionID: UUID?
    var csrfToken: String?

    var actor: Actor {
        Actor(practitionerID: id.uuidString, roles: roles, organisationCode: organisationCode, authorityCode: authorityCode)
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
