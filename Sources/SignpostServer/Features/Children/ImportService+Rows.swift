import Foundation
import SignpostCore

extension ImportService {
    /// Each row validated in file order, keyed by organisation and source id; a rejected row is
    /// reported with its line and reason and left out. Source ids are remembered across batches.
    static func candidates(
        _ rows: [Row], organisationCode: String, today: CalendarDate, state: inout RunState, report: inout Report
    ) -> [Candidate] {
        var valid: [Candidate] = []
        for row in rows {
            if let problem = row.problem {
                report.rejected.append((row.line, problem))
                continue
            }
            let sourceID = row.fields["source_id"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if sourceID.isEmpty {
                report.rejected.append((row.line, "source_id is missing"))
                continue
            }
            let key = "\(organisationCode):\(sourceID)"
            if !state.seenKeys.insert(key).inserted {
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
                let input = try ChildValidation.validate(childInput(from: row, tier: tier), today: today)
                valid.append(Candidate(line: row.line, key: key, input: input))
            } catch let error as ServiceError {
                report.rejected.append(
                    (row.line, error.fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: " ")))
            } catch {
                report.rejected.append((row.line, "the row could not be read"))
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
}
