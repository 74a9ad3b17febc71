import Fluent
import Foundation
import SignpostCore

extension DemoSeeder {
    /// The people in Grace's life, recorded by her early-help key worker, so that her relationships
    /// wheel shows each kind of unexplained role: her mother's new partner, who moved in five weeks ago
    /// and whose relationship nobody has recorded; an uncle added with no basis; and her grandmother,
    /// recorded properly. Her wheel also shows the gap of no GP practice; William's, a social-care
    /// involvement with no contact in three months; Jade's, no school at compulsory school age; and
    /// Poppy's (a baby at Tier 1), no health visitor under 5 and no lead professional.
    func seedRelationships() async throws {
        try await seedWheelGaps()
        let today = CalendarDate(context.now)
        let eli = try await demoPractitioner("eli.early-help@ashdown.example")
        let grace = try await namedChildID("Grace", "Thompson", born: "2022-06-15")
        let people: [RelationshipService.RelationshipInput] = [
            .init(
                name: "Joanne Thompson", relationship: "mother", livesWithChild: true, parentalResponsibility: true,
                contact: "01632 960500", basis: "Grace's mother; on the index for William too"),
            .init(
                name: "Margaret Ellis", dateOfBirth: "1961-04-02", relationship: "maternal grandmother",
                livesWithChild: false, parentalResponsibility: false, contact: "01632 960501",
                basis: "Told by Joanne at the home visit; collects Grace from nursery on Fridays"),
            .init(
                name: "Kyle Barker", livesWithChild: true, parentalResponsibility: false,
                joinedHouseholdOn: today.adding(days: -35).iso),
            .init(name: "Rob Ellis", relationship: "uncle", livesWithChild: false, parentalResponsibility: false),
        ]
        for person in people {
            _ = try await RelationshipService(context: context).record(person, childID: grace, by: eli)
        }
    }

    /// Poppy Ward, nine months old, referred to early help at Tier 1 with a key worker who is not (yet)
    /// her lead professional, no health visitor and no GP on her record. William's social worker has
    /// been working with him since five months ago, before Signpost held his record, and nobody has
    /// recorded a contact since: the demo dates the involvement from when it began.
    private func seedWheelGaps() async throws {
        let today = CalendarDate(context.now)
        let eli = try await demoPractitioner("eli.early-help@ashdown.example")
        let poppy = ChildInput(
            givenName: "Poppy", familyName: "Ward", dateOfBirth: today.adding(months: -9).iso, gender: "female",
            whereabouts: "current", addressLine: "3 Orchard Close", postcode: "LS6 3CD", tier: 1,
            involvement: .init(role: "Early help key worker", contactPhone: "01632 960412"))
        _ = try await ChildService(context: context).create(poppy, confirm: true, by: eli, limiter: limiter)
        let william = try await namedChildID("William", "Thompson", born: "2015-03-07")
        for involvement in try await InvolvementModel.query(on: context.db).filter(\.$child.$id == william).all() {
            involvement.startedOn = today.adding(months: -5).iso
            try await involvement.save(on: context.db)
        }
    }
}
