import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Migration 015 gives the children already on the index the postcode-half keys, so an index written before it
/// finds a child through a mistyped postcode just as a new one does.
@Suite("Match keys: migration 015 re-keys the children already on the index")
struct MatchKeyMigrationTests {
    @Test func childrenWrittenBeforeTheNewKeysGainThemAndSearchFindsThem() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            let child = try await api.createChild(
                #""givenName":"Sachin","familyName":"Kaur","dateOfBirth":"2016-07-17","postcode":"LS6 2AB","addressLine":"85 Sparkes Close","gender":"male","upn":"B801200005001","otherNames":[{"kind":"former","givenName":"Sachin","familyName":"Singh"}]"#
            )
            for (given, number) in [("Ava", "3"), ("Noor", "7")] {
                _ = try await api.createChild(
                    #""givenName":"\#(given)","familyName":"Bell","dateOfBirth":"2014-01-02","postcode":"M14 4AB","addressLine":"\#(number) Oak Close""#
                )
            }
            // As an index written before 015 would hold it: none of the new keys.
            let newKeys = ChildMatchKeyModel.query(on: world.app.db).group(.or) {
                $0.filter(\.$key =~ "dp:").filter(\.$key =~ "ap:")
            }
            #expect(try await newKeys.count() == 14)
            try await ChildMatchKeyModel.query(on: world.app.db).group(.or) {
                $0.filter(\.$key =~ "dp:").filter(\.$key =~ "ap:")
            }.delete()
            // No given name, a family name with a slip and two postcode digits swapped: only the new keys find it.
            let criteria = #""familyName":"Kaus","dateOfBirth":"2016-07-17","postcode":"LS6 2BA""#
            let before = try api.decode(SearchResponse.self, try await api.search(criteria))
            #expect(!before.results.contains { $0.id == child })
            // One child to a page, so that the paging itself is exercised.
            try await AddPostcodeHalfMatchKeys(pageSize: 1).prepare(on: world.app.db)
            let rekeyed = ChildMatchKeyModel.query(on: world.app.db).group(.or) {
                $0.filter(\.$key =~ "dp:").filter(\.$key =~ "ap:")
            }
            #expect(try await rekeyed.count() == 14, "every child re-keyed, on every page")
            let keys = try await ChildMatchKeyModel.query(on: world.app.db).filter(\.$childID == child).all(\.$key)
            #expect(
                keys.filter { $0.hasPrefix("dp:") || $0.hasPrefix("ap:") }.count == 6, "the former name's initial too")
            #expect(Set(keys).count == keys.count, "re-keying does not duplicate a key")
            // Every key a child is written with, its pupil number's and its former name's too, and no other.
            let children = try await ChildFactsQueries.candidates(
                try await ChildModel.query(on: world.app.db).all(\.$id), on: try ModelRows.sql(world.app.db))
            for each in children {
                let stored = try await ChildMatchKeyModel.query(on: world.app.db).filter(\.$childID == each.id!)
                    .all(\.$key)
                #expect(Set(stored) == ChildIndexing.keys(each, otherNames: each.otherNames))
            }
            #expect(keys.contains("u:B801200005001") && keys.contains { $0.hasPrefix("fg:S520:") })
            let after = try api.decode(SearchResponse.self, try await api.search(criteria))
            #expect(after.results.contains { $0.id == child })
        }
    }
}
