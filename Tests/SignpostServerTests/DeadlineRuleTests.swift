import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The one deadline rule reaches every list: a shield due for review today is due, not overdue, on
/// the data manager's list, the child's governance panel and the API; one due yesterday is overdue.
@Suite("Deadlines: the due day itself is not overdue, everywhere")
struct DeadlineRuleTests {
    @Test func aShieldReviewDueTodayIsNotOverdueButDueYesterdayIs() async throws {
        try await withSignpostApp { world in
            let manager = try await APIClient.signIn(
                world, try await world.account(roles: [.practitioner, .dataManager]))
            let id = try await manager.createChild(amelia)
            let review = CalendarDate(world.clock.now).adding(days: 30).iso
            let shielded = try await manager.send(
                .POST, "/api/v1/children/\(id)/shield",
                json: #"{"grounds":"At risk if located","reviewOn":"\#(review)"}"#)
            #expect(shielded.status == .created)
            let today = CalendarDate(world.clock.now).iso
            try await ShieldModel.query(on: world.app.db).filter(\.$child.$id == id).set(\.$reviewOn, to: today)
                .update()

            let dueToday = try await manager.send(.GET, "/api/v1/shield-reviews")
            #expect(try manager.decode([ShieldService.OverdueReview].self, dueToday).isEmpty)
            let panel = try manager.decode(
                GovernanceView.self, try await manager.send(.GET, "/api/v1/children/\(id)/consents"))
            #expect(panel.shield?.reviewOverdue == false)

            let yesterday = CalendarDate(world.clock.now).adding(days: -1).iso
            try await ShieldModel.query(on: world.app.db).filter(\.$child.$id == id).set(\.$reviewOn, to: yesterday)
                .update()
            let dueYesterday = try await manager.send(.GET, "/api/v1/shield-reviews")
            #expect(try manager.decode([ShieldService.OverdueReview].self, dueYesterday).map(\.childID) == [id])
            let later = try manager.decode(
                GovernanceView.self, try await manager.send(.GET, "/api/v1/children/\(id)/consents"))
            #expect(later.shield?.reviewOverdue == true)
        }
    }
}
