import Foundation
import SignpostCore
import Testing

@testable import SignpostServer

/// The README tells a newcomer where to see each kind of gap and unexplained role in the demo. These
/// tests seed the demo and read the pictures as the README's accounts, so a claim that stops being true
/// fails here rather than in front of a user.
@Suite("Demo: each kind of gap in the shared picture")
struct DemoPictureTests {
    @Test func theDemoChildrenShowEachKindOfGapWhereTheReadmeSays() async throws {
        try await withSignpostApp { world in
            let seeder = DemoSeeder(application: world.app)
            _ = try await seeder.seed()
            let pictures = SharedPictureService(context: world.app.serviceContext())
            let eli = try await seeder.demoPractitioner("eli.early-help@ashdown.example")
            let sam = try await seeder.demoPractitioner("sam.social-worker@ashdown.example")

            let grace = try await seeder.namedChildID("Grace", "Thompson", born: "2022-06-15")
            let graph = try await pictures.contactGraph(childID: grace, from: nil, to: nil, by: eli)
            let graphGaps = graph.gaps.joined(separator: "\n")
            for expected in ["2 to 2½ year review", "below 90%", "not seen by anyone"] {
                #expect(graphGaps.localizedCaseInsensitiveContains(expected), "Grace's graph: \(expected)")
            }
            let graceWheel = try await pictures.wheel(childID: grace, by: eli)
            #expect(graceWheel.gaps.contains(WheelGap.noGP.text))
            let kyle = try #require(graceWheel.rows.first { $0.name == "Kyle Barker" })
            #expect(kyle.flags.contains(UnexplainedRole.livesWithChildWithoutRelationship.text))
            #expect(kyle.flags.contains(UnexplainedRole.newAdultInHousehold.text))
            let rob = try #require(graceWheel.rows.first { $0.name == "Rob Ellis" })
            #expect(rob.flags.contains(UnexplainedRole.addedWithoutReason.text))

            let william = try await seeder.namedChildID("William", "Thompson", born: "2015-03-07")
            let williamGraph = try await pictures.contactGraph(childID: william, from: nil, to: nil, by: sam)
            #expect(williamGraph.gaps.contains { $0.hasPrefix("No contact from") }, "months of social care, no contact")
            let williamWheel = try await pictures.wheel(childID: william, by: sam)
            #expect(williamWheel.gaps.contains { $0.hasPrefix("No contact from") && $0.hasSuffix("in 3 months") })
            #expect(!williamWheel.gaps.contains(WheelGap.noGP.text), "his GP practice is on his record")
            #expect(williamWheel.rows.contains { $0.name == "Meadowbank Surgery" && $0.ring == "Universal services" })

            let jade = try await seeder.namedChildID("Jade", "Wilson", born: "2010-11-03")
            let jadeWheel = try await pictures.wheel(childID: jade, by: eli)
            #expect(jadeWheel.gaps.contains(WheelGap.noEducationSetting.text))
            let hidden = try #require(jadeWheel.rows.first { $0.name == "Another service" })
            #expect(hidden.flags.isEmpty && hidden.relationship.isEmpty && hidden.basis.isEmpty)
            #expect(!jadeWheel.svg.localizedCaseInsensitiveContains("sexual health"))

            let born = CalendarDate(world.app.serviceContext().now).adding(months: -9).iso
            let poppy = try await seeder.namedChildID("Poppy", "Ward", born: born)
            let poppyWheel = try await pictures.wheel(childID: poppy, by: eli)
            #expect(poppyWheel.gaps.contains(WheelGap.noHealthVisitor.text))
            #expect(poppyWheel.gaps.contains(WheelGap.noLeadProfessional.text))
        }
    }
}
