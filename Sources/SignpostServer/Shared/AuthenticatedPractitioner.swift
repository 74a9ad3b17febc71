import Foundation
import SignpostCore

/// The signed-in practitioner as the services see them: a plain value, never a Fluent model.
struct AuthenticatedPractitioner: Sendable {
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
        Actor(
            practitionerID: id.uuidString, roles: roles, organisationCode: organisationCode,
            authorityCode: authorityCode,
            organisationSensitive: organisationSensitive)
    }

    /// The role named on audit events: the most privileged role the account holds.
    var auditRole: String { roles.sorted().last?.rawValue ?? "none" }
}
