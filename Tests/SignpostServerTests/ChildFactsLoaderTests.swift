import Fluent
import Foundation
import SignpostCore
import Testing

@testable import SignpostServer

/// `ChildFactsLoader` reads with hand-written SQL for speed. Every policy decision starts from what it
/// loads, so here it must load exactly what Fluent's own queries load, for every demo child: the same
/// models, field for field, as existing rows (saving one updates it rather than inserting a copy).
@Suite("Child facts: hand-written SQL loads what Fluent loads")
struct ChildFactsLoaderTests {
    @Test func everyDemoChildLoadsAsFluentLoadsIt() async throws {
        try await withSignpostApp { world in
            _ = try await DemoSeeder(application: world.app).seed()
            let db = world.app.db
            let children = try await ChildModel.query(on: db).filter(\.$mergedIntoID == nil).all()
            #expect(children.count > 10)
            var checked = (involvements: 0, consents: 0, decisions: 0, shields: 0, memberships: 0)
            for child in children {
                let id = try child.requireID()
                let loaded = try #require(try await ChildFactsLoader.load(id, on: db))
                #expect(try json(loaded.child) == json(child))
                #expect(loaded.child._$idExists && !loaded.child.hasChanges, "found, not new")
                #expect(
                    try await loaded.child.$otherNames.query(on: db).count()
                        == ChildNameModel.query(on: db).filter(\.$child.$id == id).count(),
                    "its relations can be queried, as a child Fluent found")
                let authority = try #require(try await AuthorityModel.find(child.$authority.id, on: db))
                #expect(try json(loaded.authority) == json(authority))

                let involvements = try await InvolvementModel.query(on: db).filter(\.$child.$id == id)
                    .with(\.$organisation).with(\.$practitioner).all()
                #expect(try sortedJSON(loaded.involvements) == sortedJSON(involvements))
                #expect(loaded.involvements.allSatisfy { $0._$idExists && !$0.hasChanges })
                let consents = try await ConsentModel.query(on: db).filter(\.$child.$id == id)
                    .sort(\.$recordedAt, .descending).sort(\.$id).all()
                #expect(try loaded.consents.map(json) == consents.map(json), "newest first, ties by id")
                let decisions = try await SharingDecisionModel.query(on: db).filter(\.$child.$id == id)
                    .sort(\.$decidedAt, .descending).sort(\.$id).all()
                #expect(try loaded.decisions.map(json) == decisions.map(json), "newest first, ties by id")
                let shield = try await ShieldModel.query(on: db).filter(\.$child.$id == id)
                    .filter(\.$liftedAt == nil).first()
                #expect(try loaded.shield.map(json) == shield.map(json))
                let memberships = try await TeamMembershipModel.query(on: db).filter(\.$childID == id)
                    .filter(\.$endedAt == nil).all()
                #expect(try sortedJSON(loaded.memberships) == sortedJSON(memberships))

                checked.involvements += involvements.count
                checked.consents += consents.count
                checked.decisions += decisions.count
                checked.shields += shield == nil ? 0 : 1
                checked.memberships += memberships.count
            }
            // The comparison means something only if the demo has rows of every kind.
            #expect(checked.involvements > 0 && checked.consents > 0 && checked.decisions > 0)
            #expect(checked.shields > 0 && checked.memberships > 0)
        }
    }

    /// A search's candidates load as Fluent's eager-loading query loads them: every demo child not merged
    /// away, field for field, with its authority and other names, and nothing for a merged or unknown id.
    @Test func searchCandidatesLoadAsFluentLoadsThem() async throws {
        try await withSignpostApp { world in
            _ = try await DemoSeeder(application: world.app).seed()
            let db = world.app.db
            let merged = try #require(try await ChildModel.query(on: db).first())
            merged.mergedIntoID = UUID()
            try await merged.save(on: db)
            let everyID = try await ChildModel.query(on: db).all().map { try $0.requireID() }
            for (given, family) in [("Billy", "Thompson"), ("Will", "Thomson")] {
                let alias = ChildNameModel()
                alias.$child.id = try #require(everyID.first { $0 != merged.id })
                alias.kind = "alias"
                alias.givenName = given
                alias.familyName = family
                try await alias.create(on: db)
            }
            let fluent = try await ChildModel.query(on: db).filter(\.$id ~~ everyID).filter(\.$mergedIntoID == nil)
                .with(\.$authority).with(\.$otherNames).all()
            let loaded = try await ChildFactsQueries.candidates(everyID + [UUID()], on: world.sql)
            #expect(loaded.count == fluent.count && loaded.count == everyID.count - 1)
            let byID = Dictionary(uniqueKeysWithValues: fluent.map { ($0.id!, $0) })
            var names = 0
            for child in loaded {
                let expected = try #require(byID[child.id!])
                // Neither query promises an order for the other names, which the child's JSON includes.
                for one in [child, expected] { one.$otherNames.value?.sort { $0.id!.uuidString < $1.id!.uuidString } }
                #expect(try json(child) == json(expected))
                #expect(try json(child.authority) == json(expected.authority))
                #expect(try sortedJSON(child.otherNames) == sortedJSON(expected.otherNames))
                #expect(child._$idExists && !child.hasChanges, "found, not new")
                names += child.otherNames.count
            }
            #expect(names > 0, "the demo has other names to compare")
        }
    }

    @Test func aMergedOrUnknownChildLoadsAsNothing() async throws {
        try await withSignpostApp { world in
            _ = try await DemoSeeder(application: world.app).seed()
            let db = world.app.db
            #expect(try await ChildFactsLoader.load(UUID(), on: db) == nil)
            let child = try #require(try await ChildModel.query(on: db).first())
            child.mergedIntoID = UUID()
            try await child.save(on: db)
            #expect(try await ChildFactsLoader.load(child.requireID(), on: db) == nil)
        }
    }

    @Test func aLoadedChildSavedAgainUpdatesOnlyWhatChanged() async throws {
        try await withSignpostApp { world in
            _ = try await DemoSeeder(application: world.app).seed()
            let db = world.app.db
            let before = try await ChildModel.query(on: db).count()
            let some = try #require(try await ChildModel.query(on: db).filter(\.$mergedIntoID == nil).first())
            let loaded = try #require(try await ChildFactsLoader.load(some.requireID(), on: db))
            loaded.child.whereabouts = "unknown"
            try await loaded.child.save(on: db)
            #expect(try await ChildModel.query(on: db).count() == before, "an update, not a new row")
            let stored = try #require(try await ChildModel.find(some.requireID(), on: db))
            #expect(stored.whereabouts == "unknown" && stored.givenName == some.givenName)
        }
    }

    private func json<M: Model>(_ model: M) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(model), as: UTF8.self)
    }

    private func sortedJSON<M: Model>(_ models: [M]) throws -> [String] { try models.map(json).sorted() }
}
