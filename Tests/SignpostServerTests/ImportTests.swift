import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Import of children from CSV rows")
struct ImportTests {
    static let rows: [(line: Int, fields: [String: String])] = [
        (
            2,
            [
                "source_id": "S1", "given_name": "Ava", "family_name": "Price", "date_of_birth": "2016-01-01",
                "postcode": "LS6 2AB",
            ]
        ),
        (3, ["source_id": "S2", "given_name": "", "family_name": "Price", "date_of_birth": "2016-01-01"]),
        (4, ["source_id": "S3", "given_name": "Noah", "family_name": "Khan", "date_of_birth": "2016-02-30"]),
        (5, ["source_id": "S1", "given_name": "Ava", "family_name": "Price", "date_of_birth": "2016-01-01"]),
        (
            6,
            [
                "source_id": "S4", "given_name": "Leo", "family_name": "Barnes", "date_of_birth": "2019-09-09",
                "upn": "B801200005001", "tier": "1",
            ]
        ),
        (7, ["source_id": "", "given_name": "No", "family_name": "Id", "date_of_birth": "2019-09-09"]),
    ]

    @Test func validRowsImportRejectsAreExplainedAndARerunImportsNothing() async throws {
        try await withSignpostApp { world in
            _ = try await world.account(organisation: "TST-SCH")
            let operations = SignpostOperations(app: world.app)
            let dry = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: true
            ) { _, _ in }
            #expect(dry.imported == 2)
            #expect(try await ChildModel.query(on: world.app.db).count() == 0, "a dry run writes nothing")

            let first = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false
            ) { _, _ in }
            #expect(first.imported == 2)
            #expect(first.rejected.map(\.line) == [3, 4, 5, 7])
            #expect(first.rejected.first { $0.line == 4 }?.reason.contains("real date") == true)
            #expect(first.rejected.first { $0.line == 5 }?.reason.contains("more than once") == true)
            #expect(try await ChildModel.query(on: world.app.db).count() == 2)
            #expect(try await InvolvementModel.query(on: world.app.db).count() == 2)

            let again = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false
            ) { _, _ in }
            #expect(again.imported == 0)
            #expect(again.alreadyPresent == 2)
            #expect(try await ChildModel.query(on: world.app.db).count() == 2)
            #expect(try await world.auditActions().filter { $0 == "children.imported" }.count == 1)
        }
    }

    @Test func anUnknownOrganisationIsRefusedBeforeAnythingIsRead() async throws {
        try await withSignpostApp { world in
            await #expect(throws: SignpostOperations.OperationError.self) {
                _ = try await SignpostOperations(app: world.app).importChildren(
                    rows: Self.rows, organisationCode: "NOPE", practitionerEmail: nil, dryRun: false
                ) { _, _ in }
            }
        }
    }
}
