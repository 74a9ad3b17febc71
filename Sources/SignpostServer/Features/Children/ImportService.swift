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
        guard
            let organisation = try await OrganisationModel.query(on: context.db).filter(
                \.$code == organisationCode.uppercased()
            ).first()
        else {
            throw ServiceError.validation([
                .init(field: "organisation", message: "There is no organisation with the code '\(organisationCode)'.")
            ])
        }
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
        let actor = try AuthenticationService.authenticated(holder)
        let today = CalendarDate(context.now)
        var report = Report()
        var valid: [(String, ChildInput)] = []
        var seenKeys = Set<String>()
        for (index, row) in rows.enumerated() {
            progress(index + 1, rows.count)
            let sourceID = row.fields["source_id"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if sourceID.isEmpty {
                report.rejected.append((row.line, "source_id is missing"))
                continue
            }
            let key = "\(organisation.code):\(sourceID)"
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
            let input = ChildInput(
                givenName: row.fields["given_name"] ?? "", familyName: row.fields["family_name"] ?? "",
                dateOfBirth: row.fields["date_of_birth"],
                gender: row.fields["gender"], whereabouts: "current", addressLine: row.fields["address_line"],
                postcode: row.fields["postcode"],
                nhsNumber: row.fields["nhs_number"], upn: row.fields["upn"], tier: tier,
                involvement: .init(role: (row.fields["role"]).flatMap { $0.isEmpty ? nil : $0 } ?? "Key worker"))
            do {
                valid.append((key, try ChildValidation.validate(input, today: today)))
            } catch let error as ServiceError {
                report.rejected.append(
                    (row.line, error.fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: " ")))
            }
        }
        let existing = Set(
            try await ChildModel.query(on: context.db).filter(\.$sourceKey ~~ valid.map(\.0)).all().compactMap(
                \.sourceKey))
        let fresh = valid.filter { !existing.contains($0.0) }
        report.alreadyPresent = valid.count - fresh.count
        report.imported = fresh.count
        if dryRun || fresh.isEmpty { return report }
        let authorityID = organisation.$authority.id
        let context = self.context
        let summary = report
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
        return report
    }
}
