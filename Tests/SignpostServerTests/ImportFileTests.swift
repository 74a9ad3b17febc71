import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The import as an operator runs it on a file: strict CSV with physical line numbers, clear messages for
/// an empty file or a missing column, batches that commit one by one, and no second child for an NHS
/// number or UPN already on the index.
@Suite("Import of children from a CSV file")
struct ImportFileTests {
    static let header = ImportService.columns.joined(separator: ",")

    private func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "signpost-import-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func rows(of path: String) throws -> [SignpostOperations.ImportRow] {
        let stream = try CSVRowStream(file: path, needing: "source_id", header: ImportService.columns)
        var rows: [SignpostOperations.ImportRow] = []
        while let row = try stream.next() { rows.append(row) }
        return rows
    }

    @Test func raggedRowsAreRefusedWithTheirPhysicalLineCountingQuotedLineBreaks() throws {
        let path = try write(
            """
            \(Self.header)
            S1,Ava,Price,2016-01-01,female,LS6 2AB,"1 Elm Grove
            Flat 2",,,,
            S2,Noah,Khan,2016-02-01,male,LS6 2AB,2 Elm Grove,,,,,EXTRA
            S3,Leo,Barnes

            S4,Mia,Shah,2017-03-03,female,LS6 2AB,4 Elm Grove,,,,

            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try rows(of: path)
        #expect(read.map(\.line) == [2, 4, 5, 7], "line 2 spans two lines; the blank line 6 is skipped")
        #expect(read[0].problem == nil && read[0].fields["address_line"] == "1 Elm Grove\nFlat 2")
        #expect(read[1].problem?.contains("line 4 has 12 values but the header has 11") == true)
        #expect(read[2].problem?.contains("line 5 has 3 values") == true)
        #expect(read[3].problem == nil && read[3].fields["given_name"] == "Mia")
    }

    @Test func anEmptyFileOrAMissingColumnIsNamedNotAnInternalError() throws {
        let empty = try write("")
        let noSourceID = try write("given_name,family_name\nAva,Price\n")
        defer { for path in [empty, noSourceID] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(throws: ImportFileError.self) { try rows(of: empty) }
        do {
            _ = try rows(of: empty)
        } catch let error as ImportFileError {
            #expect(error.description.contains("is empty") && error.description.contains("source_id,given_name"))
        }
        do {
            _ = try rows(of: noSourceID)
            Issue.record("a file with no source_id column was read")
        } catch let error as ImportFileError {
            #expect(error.description.contains("has no source_id column"))
        }
    }

    @Test func aLargeFileCommitsInBatchesAndARerunImportsNothingTwice() async throws {
        try await withSignpostApp { world in
            _ = try await world.account(organisation: "TST-SCH")
            let count = 2 * ImportService.batchSize + 3
            var text = Self.header + "\n"
            for index in 0..<count {
                text +=
                    "S\(index),Child\(index),Family\(index % 97),2016-01-\(String(format: "%02d", 1 + index % 28)),,"
                text += "LS6 2AB,\(index) Elm Grove,,,,\n"
            }
            let path = try write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let operations = SignpostOperations(app: world.app)
            for pass in 1...2 {
                let stream = try CSVRowStream(file: path, needing: "source_id", header: ImportService.columns)
                let report = try await operations.importChildren(
                    next: { try stream.next() }, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false,
                    // The generated rows share a family, a birthday and a postcode: possible duplicates.
                    acceptPossibleDuplicates: true, progress: { _ in })
                #expect(report.imported == (pass == 1 ? count : 0), "pass \(pass)")
                #expect(report.alreadyPresent == (pass == 1 ? 0 : count), "pass \(pass)")
                #expect(report.rejected.isEmpty)
            }
            #expect(try await ChildModel.query(on: world.app.db).count() == count)
            let batches = try await world.auditActions().filter { $0 == "children.imported" }.count
            #expect(batches == 3, "one audit event a committed batch")
        }
    }

    /// A child already on the index is never made twice. Where the policy lets the holder record an
    /// involvement (here: after a reasoned search found the child), the row links; where it does not, the
    /// row goes to the rejects file for review, and nothing about the child is told.
    @Test func anNHSNumberAlreadyOnTheIndexIsLinkedOrSentForReviewButNeverDuplicated() async throws {
        try await withSignpostApp { world in
            let social = try await APIClient.signIn(world, try await world.account())
            let existing = try await social.createChild(amelia)
            let holder = try await world.account(organisation: "TST-SCH")
            let rows: [(line: Int, fields: [String: String])] = [
                (
                    2,
                    [
                        "source_id": "A1", "given_name": "Amelia", "family_name": "Smith-Jones",
                        "date_of_birth": "2016-07-09", "nhs_number": "999 000 0018",
                    ]
                ),
                (
                    3,
                    [
                        "source_id": "N1", "given_name": "Noah", "family_name": "Khan", "date_of_birth": "2016-02-01",
                        "postcode": "LS6 2AB", "nhs_number": "9990000026",
                    ]
                ),
                (
                    4,
                    [
                        "source_id": "N2", "given_name": "Noah", "family_name": "Khan", "date_of_birth": "2016-02-01",
                        "postcode": "LS6 2AB", "nhs_number": "9990000026",
                    ]
                ),
            ]
            let operations = SignpostOperations(app: world.app)
            let hidden = try await operations.importChildren(
                rows: rows, organisationCode: "TST-SCH", practitionerEmail: holder.email, dryRun: false
            ) { _, _ in }
            #expect(hidden.imported == 1, "Noah once")
            #expect(hidden.alreadyPresent == 1, "the second Noah row finds the school involved already")
            #expect(hidden.linked == 0)
            #expect(hidden.rejected.map(\.line) == [2])
            #expect(hidden.rejected.first?.reason.contains("Review it") == true)
            #expect(!(hidden.rejected.first?.reason.contains("Smith-Jones") ?? true), "nothing about the child")
            #expect(try await ChildModel.query(on: world.app.db).count() == 2, "Amelia was not made twice")

            // After a reasoned search finds her, the same row links the school's involvement.
            let school = try await APIClient.signIn(world, holder)
            #expect(try await school.search(#""nhsNumber":"9990000018""#).status == .ok)
            let linked = try await operations.importChildren(
                rows: rows, organisationCode: "TST-SCH", practitionerEmail: holder.email, dryRun: false
            ) { _, _ in }
            #expect(linked.linked == 1 && linked.imported == 0, "\(linked.rejected)")
            #expect(try await ChildModel.query(on: world.app.db).count() == 2)
            let schoolID = try #require(
                try await OrganisationModel.query(on: world.app.db).filter(\.$code == "TST-SCH").first()?.id)
            let involved = try await InvolvementModel.query(on: world.app.db).filter(\.$child.$id == existing)
                .filter(\.$organisation.$id == schoolID).count()
            #expect(involved == 1)
            #expect(try await world.auditActions().contains("involvement.added"))
        }
    }
}
