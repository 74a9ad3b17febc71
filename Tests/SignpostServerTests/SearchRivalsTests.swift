import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Children who each fit a search share its odds, but only children the searcher may see: a hidden rival must
/// not turn a visible child's `match` into `possible`, or the band would tell that someone hidden lives there.
@Suite("Search: rivals share the odds, and only visible ones")
struct SearchRivalsTests {
    @Test func aShieldedTwinDoesNotChangeHisBrothersBandForAnOutsider() async throws {
        try await withSignpostApp { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let manager = try await APIClient.signIn(world, try await world.account(roles: [.dataManager]))
            let outsider = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            let details =
                #""familyName":"Palmer","dateOfBirth":"2020-10-28","postcode":"HU3 2AH","addressLine":"28 York Terrace","gender":"male""#
            let mateo = try await team.createChild(#""givenName":"Mateo",\#(details)"#)
            let chidi = try await team.createChild(#""givenName":"Chidi",\#(details)"#)
            let criteria = #""familyName":"Palmer","dateOfBirth":"2020-10-28","postcode":"HU3 2AH""#
            // Both visible: each fits as well as the other, so neither is a match.
            let both = try outsider.decode(SearchResponse.self, try await outsider.search(criteria))
            #expect(Set(both.results.map(\.id)) == [mateo, chidi])
            #expect(both.results.allSatisfy { $0.band == "possible" })
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            let shielded = try await manager.send(
                .POST, "/api/v1/children/\(chidi)/shield",
                json: #"{"grounds":"Fleeing domestic abuse: the father must not find him","reviewOn":"\#(review)"}"#)
            #expect(shielded.status == .created, "\(shielded.body.string)")
            // Found through his postcode, a hidden field, Chidi is withheld from the outsider; and Mateo answers exactly as if he were the only Palmer twin.
            let one = try outsider.decode(SearchResponse.self, try await outsider.search(criteria))
            #expect(one.results.map(\.id) == [mateo])
            #expect(one.results.first?.band == "match")
        }
    }
}
