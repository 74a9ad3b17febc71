import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

@Suite("Child index: create, search, signpost, involvements, merge")
struct ChildIndexTests {
    @Test func invalidDetailsAreNamedAndNothingIsWritten() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            let response = try await api.send(
                .POST, "/api/v1/children",
                json:
                    #"{"child":{"givenName":"","familyName":"X","dateOfBirth":"2030-01-01","postcode":"12345","nhsNumber":"9434765918","upn":"A801200005001","gender":"boy"}}"#
            )
            #expect(response.status == .unprocessableEntity)
            for field in ["givenName", "dateOfBirth", "postcode", "nhsNumber", "upn", "gender"] {
                #expect(response.body.string.contains(#""field":"\#(field)""#), "\(field)")
            }
            #expect(try await ChildModel.query(on: world.app.db).count() == 0)
        }
    }

    @Test func creatingAChildCreatesTheCreatorsInvolvementAndTheTeamSeesTheRecord() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            let id = try await api.createChild(amelia)
            let view = try api.decode(SignpostView.self, try await api.send(.GET, "/api/v1/children/\(id)"))
            #expect(view.visibility == "record")
            #expect(view.record?.postcode == "LS6 2AB")
            #expect(view.record?.carers.first?.name == "Dawn Smith")
            #expect(view.involvements.count == 1)
            #expect(view.leadProfessional?.contains("Test Worker") == true)
            #expect(view.authority.emergencyDutyPhone == "01632 960002")
            let actions = try await world.auditActions()
            #expect(actions.contains("child.created"))
            #expect(actions.last == "child.viewed")
        }
    }

    @Test func creatingLooksForExistingRecordsFirst() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            _ = try await api.createChild(amelia)
            let other = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            let again = try await other.send(
                .POST, "/api/v1/children",
                json:
                    #"{"reason":"new-referral","child":{"givenName":"Amelia","familyName":"Smith","dateOfBirth":"2016-07-09"}}"#
            )
            #expect(again.status == .ok)
            let body = try other.decode(ChildrenAPIController.CreateResponse.self, again)
            #expect(body.created == false)
            #expect(body.possibleExisting?.first?.band == "match")
            #expect(try await ChildModel.query(on: world.app.db).count() == 1)
            // Explicit confirmation creates it anyway, and says so in the audit log.
            _ = try await other.createChild(#""givenName":"Amelia","familyName":"Smith","dateOfBirth":"2016-07-09""#)
            #expect(try await ChildModel.query(on: world.app.db).count() == 2)
        }
    }

    @Test func theThreeVisibilityLevels() async throws {
        try await withSignpostApp { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            let outsider = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            // Nothing before a reasoned search: 404, as if it did not exist.
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)").status == .notFound)
            let found = try await outsider.search(
                #""givenName":"Millie","familyName":"Jones","dateOfBirth":"2016-07-09""#)
            #expect(found.status == .ok)
            let results = try outsider.decode(SearchResponse.self, found).results
            #expect(results.map(\.id) == [id])
            // Signpost after the search: who to contact, no address, no carers, no identifiers.
            let signpost = try await outsider.send(.GET, "/api/v1/children/\(id)")
            #expect(signpost.status == .ok)
            let view = try outsider.decode(SignpostView.self, signpost)
            #expect(view.visibility == "signpost")
            #expect(view.record == nil)
            #expect(view.involvements.first?.contactPhone == "01632 960777")
            for hidden in ["LS6", "Elm Grove", "Dawn", "9990000018"] {
                #expect(!signpost.body.string.contains(hidden), "signpost leaks \(hidden)")
            }
            // Auditors and administrators do not search children.
            let auditor = try await APIClient.signIn(world, try await world.account(roles: [.auditor]))
            #expect(try await auditor.search(#""nhsNumber":"9990000018""#).status == .forbidden)
            #expect(try await auditor.send(.GET, "/api/v1/children/\(id)").status == .notFound)
            // The grant expires: after an hour the outsider needs a new reasoned search.
            world.clock.advance(seconds: 3601)
            let later = try await APIClient.signIn(world, outsider.account)
            #expect(try await later.send(.GET, "/api/v1/children/\(id)").status == .notFound)
        }
    }

    @Test(
        "search needs an identifier, or a name with a date of birth or postcode",
        arguments: [
            (#""givenName":"Amelia","familyName":"Smith""#, 422),
            (#""dateOfBirth":"2016-07-09","postcode":"LS6 2AB""#, 422),
            (#""familyName":"Sm*""#, 422), (#""familyName":"Smith%","dateOfBirth":"2016-07-09""#, 422),
            (#""nhsNumber":"123""#, 422),
            (#""nhsNumber":"999 000 0018""#, 200), (#""familyName":"Smith","postcode":"LS6 2AB""#, 200),
            (#""givenName":"Amelia","dateOfBirth":"2016-07-09""#, 200),
        ])
    func minimumCriteria(criteria: String, status: Int) async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            #expect(try await api.search(criteria).status.code == UInt(status))
        }
    }

    @Test func aReasonFromTheListIsRequired() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            #expect(
                try await api.search(reason: "curiosity", #""nhsNumber":"9990000018""#).status == .unprocessableEntity)
            #expect(try await api.search(reason: "other", #""nhsNumber":"9990000018""#).status == .unprocessableEntity)
            let withText = try await api.send(
                .POST, "/api/v1/children/search",
                json: #"{"reason":"other","reasonText":"housing referral","criteria":{"nhsNumber":"9990000018"}}"#)
            #expect(withText.status == .ok)
        }
    }

    @Test func everySearchIsAuditedWithAKeyedHashNotTheCriteria() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            let none = try await api.search(#""givenName":"Nobody","familyName":"Known","dateOfBirth":"2012-01-01""#)
            #expect(try api.decode(SearchResponse.self, none).results.isEmpty)
            let events = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "child.searched"
            ).all()
            #expect(events.count == 1)
            #expect(events[0].details.contains(#""results":"0""#))
            #expect(events[0].details.contains("criteriaHash"))
            #expect(events[0].reason == "New referral")
            #expect(!events[0].details.lowercased().contains("nobody"))
        }
    }

    @Test func sixtySearchesAMinuteThen429() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            for _ in 0..<60 {
                #expect(try await api.search(#""nhsNumber":"9990000018""#).status == .ok)
            }
            let limited = try await api.search(#""nhsNumber":"9990000018""#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.string.contains("60 searches a minute"))
            let wait = try #require(limited.headers.first(name: .retryAfter).flatMap { Int($0) })
            #expect((1...120).contains(wait))
            world.clock.advance(seconds: 61)
            #expect(try await api.search(#""nhsNumber":"9990000018""#).status == .ok)
        }
    }

    @Test func searchForgivesTyposNicknamesAndSwappedDatesButNotSiblings() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            let william = try await api.createChild(
                #""givenName":"William","familyName":"O'Brien","dateOfBirth":"2015-03-07","postcode":"M14 4AB","addressLine":"1 Oak Close","gender":"male""#
            )
            let sister = try await api.createChild(
                #""givenName":"Grace","familyName":"O'Brien","dateOfBirth":"2017-09-01","postcode":"M14 4AB","addressLine":"1 Oak Close","gender":"female""#
            )
            let nickname = try api.decode(
                SearchResponse.self,
                try await api.search(#""givenName":"Bill","familyName":"obrien","dateOfBirth":"2015-07-03""#))
            #expect(nickname.results.first?.id == william)
            #expect(!nickname.results.contains { $0.id == sister })
            let typo = try api.decode(
                SearchResponse.self,
                try await api.search(#""givenName":"Wiliam","familyName":"O BRIEN","dateOfBirth":"2015-03-07""#))
            #expect(typo.results.first?.id == william)
            #expect(typo.results.first?.band == "match")
            // A mistyped name and a date of birth a digit out is worth checking, not enough to be sure: possible.
            let loose = try api.decode(
                SearchResponse.self,
                try await api.search(#""givenName":"Wiliam","familyName":"O BRIEN","dateOfBirth":"2015-05-07""#))
            #expect(loose.results.first?.id == william)
            #expect(loose.results.first?.band == "possible")
            // With no date of birth, the same postcode is most of the evidence, and here enough: 99 in 100.
            let byPlace = try api.decode(
                SearchResponse.self,
                try await api.search(#""givenName":"Wiliam","familyName":"O BRIEN","postcode":"m144ab""#))
            #expect(byPlace.results.first?.id == william)
            #expect(byPlace.results.first?.band == "match")
            #expect(!byPlace.results.contains { $0.id == sister && $0.band == "match" })
        }
    }

    /// Twin boys at one address: a search with no given name fits both, so neither is offered as `match`;
    /// the pupil number of one identifies him, and his brother stays `possible`.
    @Test func aSearchThatFitsBothTwinsOffersNeitherAsAMatch() async throws {
        try await withSignpostApp { world in
            let api = try await APIClient.signIn(world, try await world.account())
            let details =
                #""familyName":"Palmer","dateOfBirth":"2020-10-28","postcode":"HU3 2AH","addressLine":"28 York Terrace","gender":"male""#
            let mateo = try await api.createChild(#""givenName":"Mateo","upn":"B801200005001",\#(details)"#)
            let chidi = try await api.createChild(#""givenName":"Chidi",\#(details)"#)
            let either = try api.decode(
                SearchResponse.self,
                try await api.search(#""familyName":"Palmer","dateOfBirth":"2020-10-28","postcode":"HU3 2AH""#))
            #expect(Set(either.results.map(\.id)) == [mateo, chidi])
            #expect(either.results.allSatisfy { $0.band == "possible" })
            let named = try api.decode(
                SearchResponse.self,
                try await api.search(#""givenName":"Mateo","familyName":"Palmer","dateOfBirth":"2020-10-28""#))
            #expect(named.results.first { $0.id == mateo }?.band == "match")
            let byUPN = try api.decode(
                SearchResponse.self,
                try await api.search(
                    #""upn":"B801200005001","familyName":"Palmer","dateOfBirth":"2020-10-28","postcode":"HU3 2AH""#))
            #expect(byUPN.results.first { $0.id == mateo }?.band == "match")
            #expect(byUPN.results.first { $0.id == chidi }?.band == "possible")
        }
    }

    @Test func involvementsAreAddedAndEndedByTheirOwnOrganisation() async throws {
        try await withSignpostApp { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            let school = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            // Cannot add to a child it cannot see.
            #expect(
                try await school.send(.POST, "/api/v1/children/\(id)/involvements", json: #"{"role":"Class teacher"}"#)
                    .status == .notFound)
            _ = try await school.search(#""nhsNumber":"9990000018""#)
            let added = try await school.send(
                .POST, "/api/v1/children/\(id)/involvements",
                json: #"{"role":"Class teacher","contactPhone":"01632 960888"}"#)
            #expect(added.status == .created)
            let involvement = try school.decode(SignpostView.Involvement.self, added)
            // Recording an involvement is signposting, not membership: the school still sees the signpost.
            #expect(
                try school.decode(SignpostView.self, try await school.send(.GET, "/api/v1/children/\(id)")).visibility
                    == "signpost")
            // Another organisation cannot end it.
            #expect(try await team.send(.POST, "/api/v1/involvements/\(involvement.id)/end").status == .forbidden)
            #expect(try await school.send(.POST, "/api/v1/involvements/\(involvement.id)/end").status == .noContent)
            // The last involvement cannot be ended by accident.
            let list = try team.decode(
                [SignpostView.Involvement].self, try await team.send(.GET, "/api/v1/children/\(id)/involvements"))
            #expect(list.count == 1)
            #expect(try await team.send(.POST, "/api/v1/involvements/\(list[0].id)/end").status == .conflict)
        }
    }

    @Test func aDataManagerMergesAndReversesWithNothingLost() async throws {
        try await withSignpostApp { world in
            let first = try await APIClient.signIn(world, try await world.account())
            let a = try await first.createChild(amelia)
            let second = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            let b = try await second.createChild(
                #""givenName":"Millie","familyName":"Smith","dateOfBirth":"2016-07-09","postcode":"LS6 2AB""#)
            // A practitioner cannot merge: refused like a record that is not there (and audited).
            #expect(
                try await first.send(
                    .POST, "/api/v1/children/\(b)/merge", json: #"{"mergeInto":"\#(a)","reason":"same child"}"#
                ).status == .notFound)
            let manager = try await APIClient.signIn(world, try await world.account(roles: [.dataManager]))
            let merged = try await manager.send(
                .POST, "/api/v1/children/\(b)/merge",
                json: #"{"mergeInto":"\#(a)","reason":"Same NHS number confirmed with the GP"}"#)
            #expect(merged.status == .ok)
            let mergeID = try manager.decode(ChildrenAPIController.MergeResponse.self, merged).mergeID
            // The school's involvement moved to the survivor; the merged record is gone from search and view.
            let view = try first.decode(SignpostView.self, try await first.send(.GET, "/api/v1/children/\(a)"))
            #expect(view.involvements.count == 2)
            #expect(try await second.send(.GET, "/api/v1/children/\(b)").status == .notFound)
            let search = try first.decode(
                SearchResponse.self,
                try await first.search(#""givenName":"Millie","familyName":"Smith","dateOfBirth":"2016-07-09""#))
            #expect(search.results.map(\.id) == [a])
            // Reversal restores both records and their involvements.
            #expect(try await manager.send(.POST, "/api/v1/merges/\(mergeID)/reverse").status == .noContent)
            #expect(
                try second.decode(SignpostView.self, try await second.send(.GET, "/api/v1/children/\(b)")).visibility
                    == "record")
            #expect(
                try first.decode(SignpostView.self, try await first.send(.GET, "/api/v1/children/\(a)")).involvements
                    .count == 1)
            let actions = try await world.auditActions()
            #expect(actions.contains("child.merged") && actions.contains("child.merge-reversed"))
            #expect(try await world.verifyAudit() != .broken(sequence: 0, problem: ""))
        }
    }
}
