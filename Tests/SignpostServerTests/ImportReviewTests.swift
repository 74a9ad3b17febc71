import Fluent
import Foundation
import SignpostCore
import Testing

@testable import SignpostServer

/// A row with neither an NHS number nor a UPN that may be a child already on the index, or another row of the
/// file, is held for review and not imported; a run that accepts possible duplicates imports it. A row with an
/// NHS number is identified by it and never held.
@Suite("Import: possible duplicates are held for review")
struct ImportReviewTests {
    static let rows: [(line: Int, fields: [String: String])] = [
        // Amelia as already on the index, without an NHS number: a possible duplicate.
        (2, ["source_id": "A", "given_name": "Amelia", "family_name": "Smith-Jones", "date_of_birth": "2016-07-09"]),
        (3, ["source_id": "B", "given_name": "Grace", "family_name": "Okafor", "date_of_birth": "2012-03-04"]),
        // The same child as line 3, with her name misspelt.
        (4, ["source_id": "C", "given_name": "Grace", "family_name": "Okafro", "date_of_birth": "2012-03-04"]),
        (5, ["source_id": "D", "given_name": "Noah", "family_name": "Khan", "date_of_birth": "2019-01-02"]),
        // Like Amelia, but with an NHS number of her own: identified by it, so a new child and never held.
        (
            6,
            [
                "source_id": "E", "given_name": "Amelia", "family_name": "Smith-Jones", "date_of_birth": "2016-07-09",
                "nhs_number": "9990000034",
            ]
        ),
    ]

    @Test func possibleDuplicatesAreHeldWithTheirReasonAndAcceptedOnRequest() async throws {
        try await withSignpostApp { world in
            let social = try await APIClient.signIn(world, try await world.account())
            let existing = try await social.createChild(amelia)
            _ = try await world.account(organisation: "TST-SCH")
            let operations = SignpostOperations(app: world.app)
            let db = world.app.db
            let before = try await ChildModel.query(on: db).count()

            let dry = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: true
            ) { _, _ in }
            #expect(dry.held.map(\.line) == [2, 4], "a dry run says what would be held")
            // Searching the index reads children's records: even a dry run records that it did.
            #expect(try await world.auditActions().contains("children.import-checked"))

            let report = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false
            ) { _, _ in }
            #expect(report.imported == 3)
            #expect(report.held.map(\.line) == [2, 4])
            #expect(!report.held[0].reason.contains(existing.uuidString), "never names a record the policy may hide")
            #expect(report.held[0].reason.contains("data manager"))
            #expect(report.held[1].reason.contains("line 3"))
            #expect(try await ChildModel.query(on: db).count() == before + 3, "held rows are not imported")

            let again = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false
            ) { _, _ in }
            #expect(again.held.map(\.line) == [2, 4], "still held, and nothing imported twice")
            #expect(again.imported == 0 && again.alreadyPresent == 3)

            let accepted = try await operations.importChildren(
                rows: Self.rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false,
                acceptPossibleDuplicates: true
            ) { _, _ in }
            #expect(accepted.imported == 2 && accepted.held.isEmpty)
            #expect(try await ChildModel.query(on: db).count() == before + 5)
        }
    }

    /// Grace at line 2, then more than a batch of other children, then Grace misspelt: the real run finds
    /// line 2 on the index, and the dry run, which wrote nothing, must hold the same row.
    static func rowsAcrossBatches() -> [(line: Int, fields: [String: String])] {
        var generator = SeededRandom(seed: 20_261_207)
        func word(_ length: Int) -> String {
            String((0..<length).map { _ in "bcdfghjklmnprstvwz".randomElement(using: &generator)! }).capitalized
        }
        var rows = [
            (2, ["source_id": "G1", "given_name": "Grace", "family_name": "Okafor", "date_of_birth": "2012-03-04"])
        ]
        let start = CalendarDate(year: 2008, month: 1, day: 1)!
        for index in 0..<ImportService.batchSize + 10 {
            rows.append(
                (
                    index + 3,
                    [
                        "source_id": "F\(index)", "given_name": word(7), "family_name": word(8),
                        "date_of_birth": start.adding(days: index * 7).description,
                    ]
                ))
        }
        rows.append(
            (
                rows.count + 2,
                ["source_id": "G2", "given_name": "Grace", "family_name": "Okafro", "date_of_birth": "2012-03-04"]
            ))
        return rows
    }

    @Test func aDryRunHoldsADuplicateOfARowInAnEarlierBatchAsTheRealRunDoes() async throws {
        try await withSignpostApp { world in
            _ = try await world.account(organisation: "TST-SCH")
            let operations = SignpostOperations(app: world.app)
            let rows = Self.rowsAcrossBatches()
            let last = rows[rows.count - 1].line
            let dry = try await operations.importChildren(
                rows: rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: true
            ) { _, _ in }
            let real = try await operations.importChildren(
                rows: rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false
            ) { _, _ in }
            #expect(real.held.map(\.line) == [last], "the real run holds Grace's second row")
            #expect(dry.held.map(\.line) == [last], "and so does the dry run, batches apart")
            #expect(dry.held.first?.reason.contains("line 2") == true)
            #expect(dry.imported == real.imported)
        }
    }
}
