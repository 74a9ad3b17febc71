import Fluent
import Foundation
import SignpostCore

/// Bulk import of an organisation's children from a CSV extract, read a batch at a time so that memory
/// stays flat however long the file. Every row is validated; each batch's valid rows are written in one
/// transaction with one audit event, so a crash loses at most the batch in flight and a re-run imports
/// nothing twice (rows are keyed by organisation and source id). A row whose NHS number or UPN is already
/// on the index is linked to that child (the organisation's involvement is recorded), never made a second
/// child; one the policy does not let the organisation link is rejected for review.
struct ImportService {
    let context: ServiceContext
    /// Import rows that may be a child already on the index (or another row of the file) instead of holding
    /// them for review: for a file whose possible duplicates a data manager has checked.
    var acceptPossibleDuplicates = false
    /// Rows a transaction writes: small enough for any engine's bind-parameter limit in the batch's lookups
    /// (500 keys, where SQLite allows 32,766 and PostgreSQL 65,535), large enough to amortise the commit.
    static let batchSize = 500

    static let columns = [
        "source_id", "given_name", "family_name", "date_of_birth", "gender", "postcode", "address_line", "nhs_number",
        "upn", "tier", "role",
    ]

    struct Row: Sendable {
        var line: Int
        var fields: [String: String]
        /// Why the reader could not take the row as it stands (a ragged row), or nil.
        var problem: String?
    }

    struct Report: Sendable {
        var imported = 0
        var linked = 0
        var alreadyPresent = 0
        var rejected: [(line: Int, reason: String)] = []
        /// Possible duplicates, not imported: for the authority's data manager to review.
        var held: [(line: Int, reason: String)] = []
    }

    /// What the run remembers across batches: source ids already seen in the file, and the child each
    /// NHS number or UPN met so far belongs to (so a second row for one child links instead of adding).
    struct RunState {
        var seenKeys = Set<String>()
        var childByIdentifier: [String: UUID] = [:]
        /// A dry run's rows that a real run would have written by now (empty in a real run).
        var wouldBeWritten = EarlierRows()
    }

    /// The array form, for callers that hold the rows already.
    func run(
        rows: [Row], organisationCode: String, practitionerEmail: String?, dryRun: Bool,
        progress: @Sendable (Int, Int) -> Void
    ) async throws -> Report {
        var iterator = rows.makeIterator()
        return try await run(
            next: { iterator.next() }, organisationCode: organisationCode, practitionerEmail: practitionerEmail,
            dryRun: dryRun, progress: { progress($0, rows.count) })
    }

    /// Reads rows from `next` until it answers nil, a batch at a time; `progress` hears the rows read so far.
    func run(
        next: () throws -> Row?, organisationCode: String, practitionerEmail: String?, dryRun: Bool,
        progress: (Int) -> Void
    ) async throws -> Report {
        let organisation = try await findOrganisation(code: organisationCode)
        let holder = try await findHolder(in: organisation, email: practitionerEmail)
        let actor = try AuthenticationService.authenticated(holder)
        var report = Report()
        var state = RunState()
        var batch: [Row] = []
        var read = 0
        while let row = try next() {
            batch.append(row)
            read += 1
            guard batch.count == Self.batchSize else { continue }
            try await importBatch(batch, into: organisation, by: actor, dryRun: dryRun, state: &state, report: &report)
            batch.removeAll(keepingCapacity: true)
            progress(read)
        }
        if !batch.isEmpty {
            try await importBatch(batch, into: organisation, by: actor, dryRun: dryRun, state: &state, report: &report)
        }
        progress(read)
        return report
    }

    private func findOrganisation(code organisationCode: String) async throws -> OrganisationModel {
        guard
            let organisation = try await OrganisationModel.query(on: context.db).filter(
                \.$code == organisationCode.uppercased()
            ).first()
        else {
            let code = organisationCode.trimmingCharacters(in: .whitespaces)
            throw ServiceError.validation([
                .init(
                    field: "organisation",
                    message: code.isEmpty
                        ? "Enter the code of the organisation the children come from."
                        : "There is no organisation with the code \(code).")
            ])
        }
        return organisation
    }

    /// The practitioner who will hold the imported involvements: the one named, or else the
    /// organisation's longest-standing active practitioner.
    private func findHolder(in organisation: OrganisationModel, email practitionerEmail: String?) async throws
        -> PractitionerModel
    {
        let query = PractitionerModel.query(on: context.db)
            .filter(\.$organisation.$id == (try organisation.requireID()))
            .filter(\.$status == AccountStatus.active.rawValue)
            .with(\.$organisation, { $0.with(\.$authority) })
        if let practitionerEmail { query.filter(\.$email == practitionerEmail.lowercased()) }
        let holder = try await query.sort(\.$createdAt).all().first {
            (SystemRole.parseList($0.roles) ?? []).contains(.practitioner)
        }
        guard let holder else {
            throw ServiceError.validation([
                .init(
                    field: "practitioner",
                    message: practitionerEmail == nil
                        ? "\(organisation.code) has no active practitioner to hold the imported involvements; give --practitioner."
                        : "\(practitionerEmail!) is not an active practitioner of \(organisation.code).")
            ])
        }
        return holder
    }

}
