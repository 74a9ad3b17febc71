import Fluent
import Foundation
import SignpostCore

/// Synthetic demo data: fictional authorities and organisations, and an account for every role.
/// Phone numbers are from Ofcom's ranges reserved for drama, so none reaches a real person.
public struct DemoSeeder: Sendable {
    /// Every demo record is confirmed, so no duplicate check runs; the limiter is there for the signature.
    let limiter = SearchRateLimiter()
    public struct DemoAccount: Sendable, Codable {
        public var email: String
        public var password: String
        public var totpSecret: String
        public var role: String
        public var organisation: String
        public var note: String?
    }

    let context: ServiceContext

    init(context: ServiceContext) {
        self.context = context
    }

    /// Seeds an empty, migrated database and returns the demo accounts with their credentials.
    public func seed() async throws -> [DemoAccount] {
        try await seedAuthoritiesAndOrganisations()
        let created = try await createAccounts()
        try await seedChildren()
        try await seedSharedRecord()
        try await seedRelationships()
        return created
    }

    /// The authorities (each with its data key) and their organisations, in one transaction.
    private func seedAuthoritiesAndOrganisations() async throws {
        try await context.db.transaction { tx in
            var authorityIDs: [String: UUID] = [:]
            for seed in Self.authorities {
                let authority = AuthorityModel(
                    onsCode: seed.code, name: seed.name, officeHoursPhone: seed.officeHours,
                    emergencyDutyPhone: seed.emergencyDuty)
                try await authority.create(on: tx)
                _ = try await DataKeyStore.cipher(for: seed.code, creating: true, context: context, on: tx)
                authorityIDs[seed.code] = try authority.requireID()
            }
            for seed in Self.organisations {
                guard let authorityID = authorityIDs[seed.authority] else { continue }
                try await OrganisationModel(
                    code: seed.code, name: seed.name, kind: seed.kind, authorityID: authorityID,
                    sensitive: seed.sensitive
                ).create(on: tx)
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "demo.seeded", actor: nil, subjectType: "system",
                    details: [
                        "authorities": String(Self.authorities.count),
                        "organisations": String(Self.organisations.count),
                    ]),
                context: context, on: tx)
        }
    }

    /// An account for every demo seed, suspended where the seed says so, with the credentials to sign in.
    private func createAccounts() async throws -> [DemoAccount] {
        let today = CalendarDate(context.now)
        let service = AccountService(context: context)
        var created: [DemoAccount] = []
        for seed in Self.accounts {
            let recent = today.adding(years: -1).iso
            let account = try await service.create(
                .init(
                    email: seed.email, name: seed.name, organisationCode: seed.organisation,
                    roles: seed.roles.map(\.rawValue),
                    jobTitle: seed.jobTitle, phone: "01632 960\(String(format: "%03d", 400 + created.count))",
                    dbsCheckedOn: seed.dbsOverride ?? recent, trainedOn: recent, agreementSignedOn: recent),
                by: nil)
            if seed.suspended {
                try await service.setStatus(.suspended, practitionerID: account.practitionerID, by: nil)
            }
            created.append(
                DemoAccount(
                    email: account.email, password: account.initialPassword, totpSecret: account.totpSecret,
                    role: seed.roles.map(\.rawValue).joined(separator: ","), organisation: seed.organisation,
                    note: seed.note))
        }
        return created
    }
}
