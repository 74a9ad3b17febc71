import Fluent
import Foundation
import SignpostCore
import Testing

@testable import SignpostServer

/// An import writes its new children a batch at a time, and first asks once which of the batch's keys a
/// shielded child holds. A row that is a possible duplicate of a shielded child, imported on a run that
/// accepts possible duplicates, must still inherit the shield, as one child created through the API does,
/// and a row that matches nothing shielded must not.
@Suite("Import: a possible duplicate of a shielded child inherits the shield")
struct ImportShieldTests {
    @Test func anImportedPossibleDuplicateInheritsTheShieldAndOthersDoNot() async throws {
        try await withSignpostApp { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let manager = try await APIClient.signIn(world, try await world.account(roles: [.dataManager]))
            let original = try await team.createChild(
                #""givenName":"Amelia","familyName":"Smith","dateOfBirth":"2016-07-09","postcode":"LS6 2AB""#)
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            let shielded = try await manager.send(
                .POST, "/api/v1/children/\(original)/shield",
                json: #"{"grounds":"Fleeing domestic abuse","reviewOn":"\#(review)"}"#)
            #expect(shielded.status == .created, "\(shielded.body.string)")

            _ = try await world.account(organisation: "TST-SCH")
            let rows: [(line: Int, fields: [String: String])] = [
                (2, ["source_id": "A", "given_name": "Grace", "family_name": "Okafor", "date_of_birth": "2012-03-04"]),
                (
                    3,
                    [
                        "source_id": "B", "given_name": "Amelia", "family_name": "Smith",
                        "date_of_birth": "2016-07-09", "postcode": "LS6 2AB",
                    ]
                ),
                (4, ["source_id": "C", "given_name": "Noah", "family_name": "Khan", "date_of_birth": "2019-01-02"]),
            ]
            let report = try await SignpostOperations(app: world.app).importChildren(
                rows: rows, organisationCode: "TST-SCH", practitionerEmail: nil, dryRun: false,
                acceptPossibleDuplicates: true
            ) { _, _ in }
            #expect(report.imported == 3)

            let db = world.app.db
            func shieldOf(_ source: String) async throws -> ShieldModel? {
                let child = try #require(
                    try await ChildModel.query(on: db).filter(\.$sourceKey ~~ ["TST-SCH:\(source)", source]).first())
                return try await ShieldModel.query(on: db).filter(\.$child.$id == child.requireID())
                    .filter(\.$liftedAt == nil).first()
            }
            #expect(try await shieldOf("B")?.inheritedFrom == original, "the possible duplicate is shielded")
            #expect(try await shieldOf("A") == nil)
            #expect(try await shieldOf("C") == nil)
        }
    }
}
