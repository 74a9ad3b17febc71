import Fluent
import Foundation
import SignpostCore

extension DemoSeeder {
    /// Named children the README and the browser tests use, then a few hundred synthetic ones spread
    /// across the demo organisations.
    func seedChildren() async throws {
        let children = ChildService(context: context)
        try await seedNamedChildren(children: children)
        try await seedAccessControlExamples(children: children)
        try await seedSyntheticChildren(children: children)
    }

    /// A demo account as the services see their actor; the accounts are created before any child.
    func demoPractitioner(_ email: String) async throws -> AuthenticatedPractitioner {
        guard
            let model = try await PractitionerModel.query(on: context.db).filter(\.$email == email)
                .with(\.$organisation, { $0.with(\.$authority) }).first()
        else { throw ServiceError.notFound("demo account \(email) missing") }
        return try AuthenticationService.authenticated(model)
    }

    /// The Thompson siblings and the Hughes twins, each recorded by the practitioner who knows them.
    private func seedNamedChildren(children: ChildService) async throws {
        let sam = try await demoPractitioner("sam.social-worker@ashdown.example")
        let eli = try await demoPractitioner("eli.early-help@ashdown.example")
        let tom = try await demoPractitioner("tom.teacher@kingsbridge.example")
        let named: [(AuthenticatedPractitioner, ChildInput)] = [
            (
                sam,
                ChildInput(
                    givenName: "William", familyName: "Thompson", dateOfBirth: "2015-03-07", gender: "male",
                    whereabouts: "current",
                    addressLine: "14 Church Road", postcode: "LS6 2AB",
                    nhsNumber: NHSNumber.completing("999000001")?.digits,
                    schoolName: "Meadowbank Primary School", gpPractice: "Meadowbank Surgery",
                    carers: [
                        .init(
                            name: "Joanne Thompson", relationship: "mother", parentalResponsibility: true,
                            contact: "01632 960500")
                    ],
                    tier: 1,
                    involvement: .init(role: "Social worker", contactPhone: "01632 960410", leadProfessional: true))
            ),
            (
                eli,
                ChildInput(
                    givenName: "Grace", familyName: "Thompson", dateOfBirth: "2022-06-15", gender: "female",
                    whereabouts: "current",
                    addressLine: "14 Church Road", postcode: "LS6 2AB", tier: 2,
                    involvement: .init(role: "Early help key worker", contactPhone: "01632 960412"))
            ),
            (
                tom,
                ChildInput(
                    givenName: "Oliver", familyName: "Hughes", dateOfBirth: "2018-02-14", gender: "male",
                    addressLine: "5 Mill Lane", postcode: "M14 4AB",
                    tier: 2, involvement: .init(role: "Designated safeguarding lead", contactPhone: "01632 960413"))
            ),
            (
                tom,
                ChildInput(
                    givenName: "Harry", familyName: "Hughes", dateOfBirth: "2018-02-14", gender: "male",
                    addressLine: "5 Mill Lane", postcode: "M14 4AB",
                    tier: 2, involvement: .init(role: "Designated safeguarding lead", contactPhone: "01632 960413"))
            ),
        ]
        for (creator, input) in named {
            _ = try await children.create(input, confirm: true, by: creator, limiter: limiter)
        }
    }

    /// Three hundred generated children (from a fixed seed), a fifth of them Tier 1, created in turn by
    /// practitioners across the three authorities.
    private func seedSyntheticChildren(children: ChildService) async throws {
        var creators: [AuthenticatedPractitioner] = []
        for email in [
            "sam.social-worker@ashdown.example", "hana.health-visitor@ashdown.example",
            "eli.early-help@ashdown.example",
            "tom.teacher@kingsbridge.example", "pat.police@kingsbridge.example",
            "yusuf.youth-justice@riverside.example",
        ] {
            creators.append(try await demoPractitioner(email))
        }
        let population = SyntheticPopulation.generate(
            children: 300, seed: 2026, incomingFraction: 0.01, today: CalendarDate(context.now))
        for (index, record) in population.index.enumerated() {
            let input = ChildInput(
                givenName: record.givenName, familyName: record.familyName, dateOfBirth: record.dateOfBirth?.iso,
                gender: record.sex == .unknown ? "unknown" : record.sex.rawValue, whereabouts: "current",
                addressLine: record.addressLine,
                postcode: record.postcode, nhsNumber: record.nhsNumber.isEmpty ? nil : record.nhsNumber,
                tier: index % 5 == 0 ? 1 : 2,
                involvement: .init(role: "Key worker"))
            _ = try await children.create(input, confirm: true, by: creators[index % creators.count], limiter: limiter)
        }
    }
}
