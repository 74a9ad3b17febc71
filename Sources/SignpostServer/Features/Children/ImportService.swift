import Fluent
import Foundation
import SignpostCore

/// Bulk import of an organisation's children from a CSV extract. Every row is validated; the valid
/// ones are written in one transaction; rejected rows are reported with their line and reason; a
/// re-run imports nothing twice (rows are keyed by organisation and source id).
struct ImportService {
    let context: ServiceContext

    static let columns = [
        "source_id", "given_name", "family_name", "date_of_birth", "gender", "postcode", "address_line", "nhs_number",
        "upn", "tier", "role",
    ]

    struct Row: Sendable {
        var line: Int
        var fields: [String: String]
    }

    struct Report: Sendable {
        var imported = 0
        var alreadyPresent = 0
        var rejected: [(line: Int, reason: String)] = []
    }

    func run(
        rows: [Row], organisationCode: String, practitionerEmail: String?, dryRun: Bool,
        progress: @Sendable (Int, Int) -> Void
    ) async throws -> Report {
        let organisation = try await findOrganisation(code: organisationCode)
        let holder = try await findHolder(in: organisation, email: practitionerEmail)
        let actor = try AuthenticationService.authenticated(holder)
        var report = Report()
        let valid = try Self.validRows(
            rows, organisationCode: organisation.code, today: CalendarDate(context.now), progress: progress,
            rejectingInto: &report)
        let existing = Set(
            try await ChildModel.query(on: context.db).filter(\.$sourceKey ~~ valid.map(\.0)).all().compactMap(
                \.sourceKey))
        let fresh = valid.filter { !existing.contains($0.0) }
        report.alreadyPresent = valid.count - fresh.count
        report.imported = fresh.count
        if dryRun || fresh.isEmpty { return report }
        try await write(fresh, for: organisation, by: actor, summary: report)
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

    /// Each row validated in file order, keyed by organisation and source id; a rejected row is
    /// reported with its line and reason and left out.
    private static func validRows(
        _ rows: [Row], organisationCode: String, today: CalendarDate, progress: @Sendable (Int, Int) -> Void,
        rejectingInto report: inout Report
    ) throws -> [(String, ChildInput)] {
        var valid: [(String, ChildInput)] = []
        var seenKeys = Set<String>()
        for (index, row) in rows.enumerated() {
            progress(index + 1, rows.count)
            let sourceID = row.fields["source_id"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if sourceID.isEmpty {
                report.rejected.append((row.line, "source_id is missing"))
                continue
            }
            let key = "\(organisationCode):\(sourceID)"
            if !seenKeys.insert(key).inserted {
                report.rejected.append((row.line, "source_id \(sourceID) appears more than once in this file"))
                continue
            }
            var tier: Int?
            if let text = row.fields["tier"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
                tier = Int(text.trimmingCharacters(in: .whitespaces))
                if tier == nil {
                    report.rejected.append((row.line, "tier: Tier is 1 (statutory) or 2 (early help)."))
                    continue
                }
            }
            do {
                valid.append((key, try ChildValidation.validate(childInput(from: row, tier: tier), today: today)))
            } catch let error as ServiceError {
                report.rejected.append(
                    (row.line, error.fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: " ")))
            }
        }
        return valid
    }

    private static func childInput(from row: Row, tier: Int?) -> ChildInput {
        ChildInput(
            givenName: row.fields["given_name"] ?? "", familyName: row.fields["family_name"] ?? "",
            dateOfBirth: row.fields["date_of_birth"],
            gender: row.fields["gender"], whereabouts: "current", addressLine: row.fields["address_line"],
            postcode: row.fields["postcode"],
            nhsNumber: row.fields["nhs_number"], upn: row.fields["upn"], tier: tier,
            involvement: .init(role: (row.fields["role"]).flatMap { $0.isEmpty ? nil : $0 } ?? "Key worker"))
    }

    /// The new records and one audit event for the whole import, in one transaction.
    private func write(
        _ fresh: [(String, ChildInput)], for organisation: OrganisationModel, by actor: AuthenticatedPractitioner,
        summary: Report
    ) async throws {
        let authorityID = organisation.$authority.id
        let context = self.context
        try await context.db.transaction { tx in
            for (key, input) in fresh {
                _ = try await ChildService.insert(
                    input, authorityID: authorityID, by: actor, sourceKey: key, confirmedDespiteMatches: true,
                    context: context, on: tx)
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "children.imported", actor: actor, subjectType: "organisation",
                    subjectID: organisation.code,
                    details: [
                        "imported": String(summary.imported), "alreadyPresent": String(summary.alreadyPresent),
                        "rejected": String(summary.rejected.count),
                    ]),
                context: context, on: tx)
        }
    }
}
