import Fluent
import Foundation
import SignpostCore
import Vapor

/// The operations the command line may perform, as a small public surface over the services.
/// The CLI parses arguments and prints; everything it changes is validated and audited here.
public struct SignpostOperations {
    let app: Application

    public init(app: Application) {
        self.app = app
    }

    public struct CreatedPractitioner: Sendable {
        public var email: String
        public var initialPassword: String
        public var totpSecret: String
        public var otpauthURI: String
    }

    public struct PractitionerInput: Sendable {
        public var email: String
        public var name: String
        public var organisationCode: String
        public var roles: [String]
        public var jobTitle: String?
        public var phone: String?
        public var dbsCheckedOn: String?
        public var trainedOn: String?
        public var agreementSignedOn: String?

        public init(
            email: String, name: String, organisationCode: String, roles: [String], jobTitle: String?, phone: String?,
            dbsCheckedOn: String?, trainedOn: String?, agreementSignedOn: String?
        ) {
            self.email = email
            self.name = name
            self.organisationCode = organisationCode
            self.roles = roles
            self.jobTitle = jobTitle
            self.phone = phone
            self.dbsCheckedOn = dbsCheckedOn
            self.trainedOn = trainedOn
            self.agreementSignedOn = agreementSignedOn
        }
    }

    /// A failure to show the operator: every field error on its own line.
    public struct OperationError: Error, CustomStringConvertible {
        public var description: String
    }

    public func migrate(revert: Bool = false) async throws {
        if revert { try await app.autoRevert() } else { try await app.autoMigrate() }
    }

    public func addPractitioner(_ input: PractitionerInput) async throws -> CreatedPractitioner {
        try await translating {
            let created = try await AccountService(context: app.serviceContext()).create(
                .init(
                    email: input.email, name: input.name, organisationCode: input.organisationCode, roles: input.roles,
                    jobTitle: input.jobTitle, phone: input.phone, dbsCheckedOn: input.dbsCheckedOn,
                    trainedOn: input.trainedOn, agreementSignedOn: input.agreementSignedOn),
                by: nil)
            return CreatedPractitioner(
                email: created.email, initialPassword: created.initialPassword, totpSecret: created.totpSecret,
                otpauthURI: created.otpauthURI)
        }
    }

    public struct OutboxMessage: Sendable {
        public var recipient: String
        public var subject: String
        public var body: String
        public var createdAt: Date
    }

    /// Messages waiting for the mail relay, oldest first; `markSent` records them as handed over.
    public func outbox(markSent: Bool) async throws -> [OutboxMessage] {
        try await translating {
            try await OutboxService(context: app.serviceContext()).pending(markSent: markSent).map {
                OutboxMessage(recipient: $0.recipient, subject: $0.subject, body: $0.body, createdAt: $0.createdAt)
            }
        }
    }

    public func setPractitionerStatus(email: String, suspended: Bool) async throws {
        try await translating {
            guard
                let practitioner = try await PractitionerModel.query(on: app.db).filter(\.$email == email.lowercased())
                    .first(),
                let id = practitioner.id
            else { throw ServiceError.notFound("There is no account with the email address \(email).") }
            try await AccountService(context: app.serviceContext()).setStatus(
                suspended ? .suspended : .active, practitionerID: id, by: nil)
        }
    }

    public func addAuthority(onsCode: String, name: String, officeHoursPhone: String, emergencyDutyPhone: String)
        async throws
    {
        try await translating {
            _ = try await ReferenceDataService(context: app.serviceContext()).addAuthority(
                onsCode: onsCode, name: name, officeHoursPhone: officeHoursPhone, emergencyDutyPhone: emergencyDutyPhone
            )
        }
    }

    /// Crypto-shredding: destroys an authority's data key, so its encrypted early-help text can never
    /// be read again. For decommissioning; irreversible by design.
    public func destroyAuthorityKey(onsCode: String) async throws {
        try await translating {
            let code = onsCode.uppercased()
            guard try await AuthorityModel.query(on: app.db).filter(\.$onsCode == code).first() != nil else {
                throw ServiceError.notFound("There is no authority with the ONS code \(code).")
            }
            let context = app.serviceContext()
            try await app.db.transaction { tx in
                try await DataKeyStore.destroy(authorityCode: code, context: context, on: tx)
            }
        }
    }

    public func addOrganisation(code: String, name: String, kind: String, authorityCode: String, sensitive: Bool)
        async throws
    {
        try await translating {
            _ = try await ReferenceDataService(context: app.serviceContext()).addOrganisation(
                code: code, name: name, kind: kind, authorityCode: authorityCode, sensitive: sensitive)
        }
    }

    public struct ImportReport: Sendable {
        public var imported: Int
        /// Rows whose child was on the index already (by NHS number or UPN): the involvement was recorded.
        public var linked = 0
        public var alreadyPresent: Int
        public var rejected: [(line: Int, reason: String)]
        /// Possible duplicates of a child on the index or of another row, not imported: for review.
        public var held: [(line: Int, reason: String)] = []
    }

    /// One row as the CSV reader took it: its first physical line, its values by column, and why the
    /// reader refused it as it stands (a ragged row), if it did.
    public typealias ImportRow = (line: Int, fields: [String: String], problem: String?)

    /// Imports children a row at a time from `next` (the CLI streams the file), in batches.
    public func importChildren(
        next: @escaping () throws -> ImportRow?, organisationCode: String, practitionerEmail: String?, dryRun: Bool,
        acceptPossibleDuplicates: Bool = false, progress: @escaping (Int) -> Void
    ) async throws -> ImportReport {
        try await translating {
            var service = ImportService(context: app.serviceContext())
            service.acceptPossibleDuplicates = acceptPossibleDuplicates
            let report = try await service.run(
                next: { try next().map { ImportService.Row(line: $0.line, fields: $0.fields, problem: $0.problem) } },
                organisationCode: organisationCode, practitionerEmail: practitionerEmail, dryRun: dryRun,
                progress: progress)
            return ImportReport(
                imported: report.imported, linked: report.linked, alreadyPresent: report.alreadyPresent,
                rejected: report.rejected, held: report.held)
        }
    }

    public static let importColumns = ImportService.columns

    /// Imports children for an organisation; rows are (line number, column → value).
    public func importChildren(
        rows: [(line: Int, fields: [String: String])], organisationCode: String, practitionerEmail: String?,
        dryRun: Bool, acceptPossibleDuplicates: Bool = false,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> ImportReport {
        try await translating {
            var service = ImportService(context: app.serviceContext())
            service.acceptPossibleDuplicates = acceptPossibleDuplicates
            let report = try await service.run(
                rows: rows.map { ImportService.Row(line: $0.line, fields: $0.fields) },
                organisationCode: organisationCode,
                practitionerEmail: practitionerEmail, dryRun: dryRun, progress: progress)
            return ImportReport(
                imported: report.imported, linked: report.linked, alreadyPresent: report.alreadyPresent,
                rejected: report.rejected, held: report.held)
        }
    }

    public static let contactImportColumns = AgencyContactService.importColumns

    /// Imports an organisation's contacts with children it is involved with; idempotent by reference.
    public func importContacts(
        rows: [(line: Int, fields: [String: String])], organisationCode: String,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> ImportReport {
        try await translating {
            let report = try await AgencyContactService(context: app.serviceContext()).importRows(
                rows, organisationCode: organisationCode, progress: progress)
            return ImportReport(
                imported: report.imported, alreadyPresent: report.alreadyPresent, rejected: report.rejected)
        }
    }

    /// Every link of the chain, after placing any events still pending. A log changed under the stored
    /// tree cannot take new events, and then verification names the change.
    public func verifyAudit() async throws -> AuditChain.Verdict {
        _ = try? await AuditSequencer.sequencePending(on: app.db)
        return try await AuditVerification.verify(on: app.db)
    }

    /// A signed checkpoint of the audit log as it stands (C2SP note text), for a witness to keep.
    public func auditCheckpoint(signer: SignedNote.Signer) async throws -> String {
        try await AuditSequencer.sequencePending(on: app.db)
        return try await AuditTree.checkpoint(signer: signer, now: app.serviceContext().now, on: app.db).note
    }

    /// Adds a checkpoint to a witness directory under a new name; returns the file's path.
    public static func keepCheckpoint(_ note: String, in directory: String) throws -> String {
        try AuditCheckpointService.keep(note, in: directory, now: Date())
    }

    /// Whether today's log extends a checkpoint a witness kept: `extends` and what was checked, or the
    /// problem found.
    public func verifyAudit(against note: String, verifier: SignedNote.Verifier) async throws
        -> (extends: Bool, message: String)
    {
        _ = try? await AuditSequencer.sequencePending(on: app.db)
        switch try await AuditTree.verify(against: note, verifier: verifier, on: app.db) {
        case .extends(let events, let covered):
            return (true, "audit log extends the checkpoint: \(events) events, \(covered) under the checkpoint")
        case .broken(let problem):
            return (false, "audit log does not extend the checkpoint: \(problem)")
        }
    }

    func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ServiceError {
            let flags = [
                "dbsCheckedOn": "dbs-checked", "trainedOn": "trained", "agreementSignedOn": "agreement-signed",
                "jobTitle": "job-title",
            ]
            let lines =
                error.fieldErrors.isEmpty
                ? [error.detail] : error.fieldErrors.map { "--\(flags[$0.field] ?? $0.field): \($0.message)" }
            throw OperationError(description: lines.joined(separator: "\n"))
        }
    }
}
