import Fluent
import Foundation
import Testing

@testable import SignpostServer

/// The hand-listed database properties (`ListedDatabaseFields`) decode the audited child read without
/// reflection. A list that misses or repeats one of the model's fields would load it as never set.
@Suite("Model rows: hand-listed fields are the model's fields")
struct ModelRowsFieldsTests {
    static let listed: [any ListedDatabaseFields.Type] = [
        ChildModel.self, ChildNameModel.self, ChildAddressModel.self, CarerModel.self, InvolvementModel.self,
        AuthorityModel.self, OrganisationModel.self, PractitionerModel.self, ConsentModel.self,
        SharingDecisionModel.self, ShieldModel.self, TeamMembershipModel.self, ChildMatchKeyModel.self,
        ChildAccessModel.self,
    ]

    @Test(arguments: listed.map { ListedType($0) })
    func everyDatabaseFieldIsListedOnce(_ listedType: ListedType) {
        let model = listedType.make()
        let listed = model.listedDatabaseProperties.flatMap(\.keys).map(\.description)
        let fluent = Swift.type(of: model).keys.map { $0.description }
        #expect(listed.sorted() == fluent.sorted(), "\(listedType.testDescription)")
        #expect(Set(listed).count == listed.count, "\(listedType.testDescription): a field listed twice")
    }

    /// A model type as a test argument, named by its schema.
    struct ListedType: CustomTestStringConvertible, Sendable {
        let make: @Sendable () -> any ListedDatabaseFields
        let testDescription: String
        init(_ type: any ListedDatabaseFields.Type) {
            make = { type.init() }
            testDescription = type.schema
        }
    }
}

/// `ModelRows.insert` writes what Fluent's own create writes: the same columns and values, read back.
@Suite("Model rows: a hand-written insert stores what Fluent's create stores")
struct ModelRowsInsertTests {
    @Test func aChildReadsBackAsFluentsCreateStoresIt() async throws {
        try await withSignpostApp { world in
            _ = try await world.account()
            let db = world.app.db
            let organisation = try #require(try await OrganisationModel.query(on: db).first())
            let practitioner = try #require(try await PractitionerModel.query(on: db).first())
            func child() -> ChildModel {
                let child = ChildModel()
                child.givenName = "Ava"
                child.familyName = "Price"
                child.dateOfBirth = "2016-01-01"
                child.gender = "female"
                child.whereabouts = "current"
                child.postcode = "LS6 2AB"
                child.tier = 2
                child.$authority.id = organisation.$authority.id
                child.createdBy = practitioner.id
                child.updatedBy = nil
                let stamp = Date(timeIntervalSince1970: 1_800_000_000)
                child.createdAt = stamp
                child.updatedAt = stamp
                return child
            }
            let byFluent = child()
            try await byFluent.create(on: db)
            let byHand = child()
            try await ModelRows.insert([byHand], on: db)
            #expect(byHand._$idExists && byHand.id != nil)

            let stored = try await [byFluent, byHand].asyncMap {
                try #require(try await ChildModel.find($0.id, on: db))
            }
            #expect(try normalised(stored[0]) == normalised(stored[1]))
            // Fluent stamps its create with the wall clock; the hand-written insert keeps the caller's time.
            #expect(stored[1].createdAt == Date(timeIntervalSince1970: 1_800_000_000))
        }
    }

    /// The model as JSON without its id and timestamps, which differ by design.
    private func normalised(_ child: ChildModel) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var object = try #require(
            try JSONSerialization.jsonObject(with: try encoder.encode(child)) as? [String: Any])
        for key in ["id", "createdAt", "updatedAt"] { object.removeValue(forKey: key) }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
