import Fluent
import Foundation
import SignpostCore

extension DemoSeeder {
    /// The people in Grace's life, recorded by her early-help key worker, so that her relationships
    /// wheel shows each kind of unexplained role: her mother's new partner, who moved in five weeks ago
    /// and whose relationship nobody has recorded; an uncle added with no basis; and her grandmother,
    /// recorded properly. Her wheel also shows the gap of no GP practice; William's, a social-care
    /// involvement with no contact in three months; Jade's, no school at compulsory school age.
    func seedRelationships() async throws {
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
}
