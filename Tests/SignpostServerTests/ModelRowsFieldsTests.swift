import Fluent
import Testing

@testable import SignpostServer

/// The hand-listed database properties (`ListedDatabaseFields`) decode the audited child read without
/// reflection. A list that misses or repeats one of the model's fields would load it as never set.
@Suite("Model rows: hand-listed fields are the model's fields")
struct ModelRowsFieldsTests {
    static let listed: [any ListedDatabaseFields.Type] = [
        ChildModel.self, ChildNameModel.self, ChildAddressModel.self, CarerModel.self, InvolvementModel.self,
        AuthorityModel.self, OrganisationModel.self, PractitionerModel.self, ConsentModel.self,
        SharingDecisionModel.self, ShieldModel.self, TeamMembershipModel.self,
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
