import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The access policy seen from outside: every route below must answer as `Policy` decides, with the
/// same status codes and bodies whichever way a practitioner comes at a child.
@Suite(
    "Access policy through the API: consent, lawful bases, sensitive services, shielding, break-glass, flag-and-notify, alerts"
)
struct AccessPolicyAPITests {
    // MARK: Anomaly thresholds

    @Test func outOfAreaLookUpsRaiseOneAlertADayAtTheThreshold() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            _ = try await ReferenceDataService(context: world.context).addOrganisation(
                code: "OTH-SCH", name: "Otherton School", kind: "school", authorityCode: "E06000002", sensitive: false)
            let faraway = try await signIn(world, organisation: "OTH-SCH")
            let auditor = try await signIn(world, roles: [.auditor])
            var ids: [UUID] = []
            for (index, given) in ["Ava", "Bella", "Cora", "Dora"].enumerated() {
                ids.append(
                    try await team.createChild(
                        #""givenName":"\#(given)","familyName":"Farrow","dateOfBirth":"2015-0\#(index + 1)-11","gender":"female","tier":2"#
                    ))
            }
            for (index, given) in ["Ava", "Bella", "Cora", "Dora"].enumerated() {
                #expect(
                    try await faraway.foundIDs(
                        #""givenName":"\#(given)","familyName":"Farrow","dateOfBirth":"2015-0\#(index + 1)-11""#
                    ).contains(ids[index]))
                _ = try await faraway.openChild(ids[index])
                let outOfArea = try await auditor.alerts().filter { $0.kind == AlertKind.outOfArea.rawValue }
                // The default threshold is 3 children of another authority a day; then one alert, not one per look-up.
                #expect(outOfArea.count == (index >= 2 ? 1 : 0), "after \(index + 1) look-ups")
            }
            // Opening the same child again is not a new child.
            _ = try await faraway.openChild(ids[0])
            #expect(try await auditor.alerts().filter { $0.kind == AlertKind.unusualVolume.rawValue }.isEmpty)
        }
    }

    // MARK: Consent

    @Test func withdrawingIndexConsentStopsSharingOnTheVeryNextRequest() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let id = try await team.createChild(oliverOnConsent)

            // Indexed on consent with none recorded: invisible outside the team.
            #expect(try await outsider.foundIDs(oliverByName).isEmpty)
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)").status == .notFound)

            let recorded = try await team.send(.POST, "/api/v1/children/\(id)/consents", json: parentConsent)
            #expect(recorded.status == .created, "\(recorded.body.string)")
            let consent = try team.decode(GovernanceView.Consent.self, recorded)
            #expect(consent.status == "in-force")
            #expect(consent.purposes == ["index"])
            #expect(consent.givenBy == "parent")

            #expect(try await outsider.foundIDs(oliverByName) == [id])
            let signpost = try await outsider.openChild(id)
            #expect(signpost.visibility == "signpost")
            #expect(signpost.record == nil)

            let withdrawn = try await team.send(
                .POST, "/api/v1/consents/\(consent.id)/withdraw", json: #"{"note":"Mother withdrew consent by phone"}"#)
            #expect(withdrawn.status == .ok, "\(withdrawn.body.string)")
            let after = try team.decode(GovernanceView.Consent.self, withdrawn)
            #expect(after.status == "withdrawn")
            #expect(after.withdrawalNote == "Mother withdrew consent by phone")

            // The outsider's search grant has most of its hour left, yet the very next request is refused.
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)").status == .notFound)
            #expect(try await outsider.foundIDs(oliverByName).isEmpty)
            // Withdrawal stops sharing, not the team's own work.
            #expect(try await team.openChild(id).visibility == "record")

            // The note is optional, and so is the body: a bare POST withdraws too.
            let second = try team.decode(
                GovernanceView.Consent.self,
                try await team.send(.POST, "/api/v1/children/\(id)/consents", json: parentConsent))
            let bare = try await team.send(.POST, "/api/v1/consents/\(second.id)/withdraw")
            #expect(bare.status == .ok, "\(bare.body.string)")
            #expect(try team.decode(GovernanceView.Consent.self, bare).withdrawalNote == nil)
        }
    }

    @Test func anExpiredConsentStopsSharingTheDayAfterItsExpiryDate() async throws {
        try await withSignpostApp { world in
            // Half an hour before midnight UTC (the policy's calendar), so one token and one search
            // grant last across the change of day.
            let secondsIntoDay = world.clock.now.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)
            world.clock.advance(seconds: 86_400 - secondsIntoDay - 30 * 60)
            let today = CalendarDate(world.clock.now)
            let team = try await signIn(world)
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let id = try await team.createChild(oliverOnConsent)
            let recorded = try await team.send(
                .POST, "/api/v1/children/\(id)/consents",
                json:
                    #"{"givenBy":"parent","giverName":"Karen Reed","purposes":["index"],"method":"verbal","expiresOn":"\#(today.iso)"}"#
            )
            #expect(recorded.status == .created, "\(recorded.body.string)")
            #expect(try team.decode(GovernanceView.Consent.self, recorded).status == "in-force")
            #expect(try await outsider.foundIDs(oliverByName) == [id])
            #expect(try await outsider.openChild(id).visibility == "signpost")

            world.clock.advance(seconds: 40 * 60)
            #expect(CalendarDate(world.clock.now) == today.adding(days: 1))
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)").status == .notFound)
            #expect(try await outsider.foundIDs(oliverByName).isEmpty)
            let governance = try team.decode(
                GovernanceView.self, try await team.send(.GET, "/api/v1/children/\(id)/consents"))
            #expect(governance.consents.map(\.status) == ["expired"])
        }
    }

    @Test func consentIsRecordedOnlyWhenCompleteAndOnlyByTheTeam() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let id = try await team.createChild(amelia)
            let path = "/api/v1/children/\(id)/consents"

            let childWithoutJudgement = try await team.send(
                .POST, path,
                json: #"{"givenBy":"child","giverName":"Amelia Smith-Jones","purposes":["index"],"method":"written"}"#)
            #expect(childWithoutJudgement.status == .unprocessableEntity)
            #expect(try fieldNames(childWithoutJudgement) == ["competenceJudgement"])

            let unknownPurpose = try await team.send(
                .POST, path,
                json:
                    #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":["index","marketing"],"method":"written"}"#
            )
            #expect(unknownPurpose.status == .unprocessableEntity)
            #expect(try fieldNames(unknownPurpose) == ["purposes"])

            let noOrganisations = try await team.send(
                .POST, path,
                json:
                    #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":["share-with-organisations"],"method":"written"}"#
            )
            #expect(noOrganisations.status == .unprocessableEntity)
            #expect(try fieldNames(noOrganisations) == ["organisations"])

            // Finding the child gives the outsider the signpost, not the right to record consent for it.
            #expect(try await outsider.foundIDs(ameliaByName) == [id])
            let byOutsider = try await outsider.send(.POST, path, json: parentConsent)
            #expect(byOutsider.status == .notFound)
            #expect(try await outsider.send(.GET, path).status == .notFound)
            #expect(try await auditEvents(world, "consent.recorded", subject: id).map(\.outcome) == ["refused"])

            // Nothing was written by any of them.
            let governance = try team.decode(GovernanceView.self, try await team.send(.GET, path))
            #expect(governance.consents.isEmpty)
            #expect(try await ConsentModel.query(on: world.app.db).count() == 0)
        }
    }

    // MARK: Lawful bases

    @Test func safeguardingWithoutConsentNeedsAReasonAndTellsTheAuthoritysDataManager() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let manager = try await signIn(world, roles: [.dataManager])
            let otherAuthorityManager = try await signIn(world, organisation: "OTH-CAMHS", roles: [.dataManager])
            let id = try await team.createChild(amelia)
            let path = "/api/v1/children/\(id)/lawful-bases"

            let noReason = try await team.send(.POST, path, json: #"{"purpose":"index","basis":"safeguarding"}"#)
            #expect(noReason.status == .unprocessableEntity)
            #expect(try fieldNames(noReason) == ["reason"])
            #expect(try await manager.notifications().filter { $0.childID == id }.isEmpty)

            // A minute later, so the new decision is unambiguously the newest.
            world.clock.advance(seconds: 60)
            let reason = "Disclosure of harm at school; telling the parents would increase the risk"
            let recorded = try await team.send(
                .POST, path, json: #"{"purpose":"index","basis":"safeguarding","reason":"\#(reason)"}"#)
            #expect(recorded.status == .created, "\(recorded.body.string)")
            let basis = try team.decode(GovernanceView.Basis.self, recorded)
            #expect(basis.basis == "safeguarding")
            #expect(basis.reason == reason)

            let notes = try await manager.notifications().filter { $0.childID == id }
            #expect(notes.map(\.kind) == ["safeguarding-without-consent"])
            #expect(notes.first?.forAuthority == true)
            #expect(notes.first?.message.contains(reason) == true)
            #expect(try await otherAuthorityManager.notifications().filter { $0.childID == id }.isEmpty)

            let governance = try team.decode(
                GovernanceView.self, try await team.send(.GET, "/api/v1/children/\(id)/consents"))
            #expect(governance.bases.first?.basis == "safeguarding")
            #expect(governance.bases.first?.reason == reason)
        }
    }

    // MARK: Sensitive services

    @Test func aSensitiveServicesInvolvementIsSeenOnlyByThatServiceAndTheDataManager() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let camhs = try await signIn(world, organisation: "OTH-CAMHS")
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let manager = try await signIn(world, roles: [.dataManager])
            let id = try await team.createChild(amelia)
            let involvements = "/api/v1/children/\(id)/involvements"

            let withBasis =
                #"{"role":"CAMHS clinician","contactPhone":"01632 960999","sensitiveBasis":"child-consent","sensitiveBasisNote":"Amelia agreed in clinic that her involvement may be recorded"}"#

            // Joining needs the child found by a reasoned search first, then a basis for recording it.
            #expect(try await camhs.send(.POST, involvements, json: withBasis).status == .notFound)
            #expect(try await camhs.foundIDs(ameliaByNHSNumber) == [id])
            let withoutBasis = try await camhs.send(
                .POST, involvements, json: #"{"role":"CAMHS clinician","contactPhone":"01632 960999"}"#)
            #expect(withoutBasis.status == .unprocessableEntity)
            #expect(try fieldNames(withoutBasis) == ["sensitiveBasis", "sensitiveBasisNote"])
            let added = try await camhs.send(.POST, involvements, json: withBasis)
            #expect(added.status == .created, "\(added.body.string)")
            #expect(try camhs.decode(SignpostView.Involvement.self, added).sensitive)

            // The team: not listed, but told that another service is involved.
            let teamResponse = try await team.send(.GET, "/api/v1/children/\(id)")
            #expect(teamResponse.status == .ok)
            let teamView = try team.decode(SignpostView.self, teamResponse)
            #expect(teamView.visibility == "record")
            #expect(teamView.involvements.map(\.organisation) == ["Testshire Children's Social Care"])
            #expect(teamView.anotherServiceInvolved)
            expectNoTraceOfCAMHS(teamResponse)
            let teamList = try await team.send(.GET, involvements)
            #expect(try team.decode([SignpostView.Involvement].self, teamList).count == 1)
            expectNoTraceOfCAMHS(teamList)

            // An outsider who found the child: neither the involvement nor the notice.
            #expect(try await outsider.foundIDs(ameliaByName) == [id])
            let outsiderResponse = try await outsider.send(.GET, "/api/v1/children/\(id)")
            #expect(outsiderResponse.status == .ok)
            let outsiderView = try outsider.decode(SignpostView.self, outsiderResponse)
            #expect(outsiderView.visibility == "signpost")
            #expect(outsiderView.involvements.count == 1)
            #expect(!outsiderView.anotherServiceInvolved)
            expectNoTraceOfCAMHS(outsiderResponse)
            let outsiderList = try await outsider.send(.GET, involvements)
            #expect(outsiderList.status == .ok)
            #expect(try outsider.decode([SignpostView.Involvement].self, outsiderList).allSatisfy { !$0.sensitive })
            expectNoTraceOfCAMHS(outsiderList)

            // The authority's data manager and the service itself see it.
            let managerView = try await manager.openChild(id)
            #expect(managerView.involvements.contains { $0.sensitive && $0.organisation == "Otherton CAMHS" })
            let managerList = try manager.decode(
                [SignpostView.Involvement].self, try await manager.send(.GET, involvements))
            #expect(managerList.contains { $0.sensitive && $0.contactPhone == "01632 960999" })
            // Involved, the service sees its own involvement on the signpost; admitted, the record.
            #expect(try await camhs.openChild(id).visibility == "signpost")
            try await world.admitToTeam(camhs.account.id, child: id)
            let camhsView = try await camhs.openChild(id)
            #expect(camhsView.visibility == "record")
            #expect(camhsView.involvements.contains { $0.sensitive && $0.organisation == "Otherton CAMHS" })
            #expect(!camhsView.anotherServiceInvolved)
        }
    }

    @Test func aChildKnownOnlyToASensitiveServiceCannotBeFoundByAnyoneElse() async throws {
        try await withSignpostApp { world in
            let camhs = try await signIn(world, organisation: "OTH-CAMHS")
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let noah =
                #""givenName":"Noah","familyName":"Fletcher","dateOfBirth":"2010-05-20","gender":"male","postcode":"LS7 3QP","nhsNumber":"9990000026","tier":2"#

            let withoutBasis = try await camhs.send(
                .POST, "/api/v1/children",
                json: #"{"confirm":true,"child":{\#(noah),"involvement":{"role":"CAMHS clinician"}}}"#)
            #expect(withoutBasis.status == .unprocessableEntity)
            #expect(try fieldNames(withoutBasis) == ["involvement.sensitiveBasis", "involvement.sensitiveBasisNote"])
            #expect(try await ChildModel.query(on: world.app.db).count() == 0)

            let id = try await camhs.createChild(
                #"\#(noah),"involvement":{"role":"CAMHS clinician","sensitiveBasis":"significant-harm","sensitiveBasisNote":"Self-harm disclosed in clinic"}"#
            )
            let byName = #""givenName":"Noah","familyName":"Fletcher","dateOfBirth":"2010-05-20""#
            // The same criteria find it for its own service...
            #expect(try await camhs.foundIDs(byName) == [id])
            // ...and nothing at all for anyone else: its mere presence on the index would tell.
            #expect(try await outsider.foundIDs(byName).isEmpty)
            #expect(try await outsider.foundIDs(#""nhsNumber":"9990000026""#).isEmpty)
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)").status == .notFound)
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/involvements").status == .notFound)
        }
    }

    // MARK: Shielding

    @Test func onlyTheChildsDataManagerShieldsAndOnlyWithGroundsAndAFutureReview() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let manager = try await signIn(world, roles: [.dataManager])
            let otherAuthorityManager = try await signIn(world, organisation: "OTH-CAMHS", roles: [.dataManager])
            let id = try await team.createChild(amelia)
            let path = "/api/v1/children/\(id)/shield"
            let today = CalendarDate(world.clock.now)
            let review = today.adding(days: 90).iso
            let valid = #"{"grounds":"Fleeing domestic abuse: the father must not find her","reviewOn":"\#(review)"}"#

            #expect(try await team.send(.POST, path, json: valid).status == .forbidden)
            let elsewhere = try await otherAuthorityManager.send(.POST, path, json: valid)
            #expect(elsewhere.status == .forbidden || elsewhere.status == .notFound)

            let noGrounds = try await manager.send(.POST, path, json: #"{"grounds":"  ","reviewOn":"\#(review)"}"#)
            #expect(noGrounds.status == .unprocessableEntity)
            #expect(try fieldNames(noGrounds) == ["grounds"])
            let pastReview = try await manager.send(
                .POST, path, json: #"{"grounds":"Fleeing domestic abuse","reviewOn":"\#(today.adding(days: -1).iso)"}"#)
            #expect(pastReview.status == .unprocessableEntity)
            #expect(try fieldNames(pastReview) == ["reviewOn"])
            #expect(try await ShieldModel.query(on: world.app.db).count() == 0)
            #expect(try await team.openChild(id).shielded == false)

            let shielded = try await manager.send(.POST, path, json: valid)
            #expect(shielded.status == .created, "\(shielded.body.string)")
            let shield = try manager.decode(GovernanceView.Shield.self, shielded)
            #expect(shield.reviewOn == review)
            #expect(!shield.inherited)
            #expect(try await team.openChild(id).shielded)
            #expect(
                try await auditEvents(world, "child.shielded", subject: id).map(\.outcome) == [
                    "refused", "refused", "success",
                ])
        }
    }

    @Test func aShieldedChildIsFoundOnlyThroughVisibleFieldsAndShowsOnlyTheBrokeringRoute() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let manager = try await signIn(world, roles: [.dataManager])
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let auditor = try await signIn(world, roles: [.auditor])
            let id = try await team.createChild(amelia)
            try await shield(id, by: manager)

            // A search through a hidden field finds nothing, is audited and alerts the auditors...
            #expect(try await outsider.foundIDs(ameliaByNameAndPostcode).isEmpty)
            #expect(try await outsider.foundIDs(ameliaByNHSNumber).isEmpty)
            let withheld = try await auditEvents(world, "child.search-withheld-shielded", subject: id)
            #expect(withheld.count == 2)
            #expect(withheld.allSatisfy { $0.actorID == outsider.account.id.uuidString && $0.outcome == "refused" })
            let alerts = try await auditor.alerts().filter {
                $0.childID == id && $0.kind == "hidden-field-search-on-shielded"
            }
            #expect(alerts.count == 2)
            #expect(alerts.allSatisfy { $0.practitionerID == outsider.account.id })
            // ...while the same search finds it for its team.
            #expect(try await team.foundIDs(ameliaByNameAndPostcode) == [id])

            // Name and date of birth find it, and show the brokering route only.
            #expect(try await outsider.foundIDs(ameliaByName) == [id])
            let response = try await outsider.send(.GET, "/api/v1/children/\(id)")
            #expect(response.status == .ok)
            let view = try outsider.decode(SignpostView.self, response)
            #expect(view.visibility == "shielded")
            #expect(view.shielded)
            #expect(view.record == nil)
            #expect(view.involvements.isEmpty)
            #expect(view.leadProfessional == nil)
            #expect(view.governance == nil)
            #expect(view.brokeringRoute.contains("Testshire Council data manager"))
            for hidden in ["LS6", "Elm Grove", "Dawn", "9990000018", "01632 960777", "Key worker"] {
                #expect(!response.body.string.contains(hidden), "shielded view leaks \(hidden)")
            }
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/involvements").status == .notFound)
            // The team still sees the record.
            let teamView = try await team.openChild(id)
            #expect(teamView.visibility == "record")
            #expect(teamView.record?.postcode == "LS6 2AB")

            // Lifting needs a reason, then restores the normal signpost.
            let lift = "/api/v1/children/\(id)/shield/lift"
            let noReason = try await manager.send(.POST, lift, json: "{}")
            #expect(noReason.status == .unprocessableEntity)
            #expect(try fieldNames(noReason) == ["reason"])
            let lifted = try await manager.send(
                .POST, lift, json: #"{"reason":"Family rehoused; risk reassessed as low"}"#)
            #expect(lifted.status == .ok, "\(lifted.body.string)")
            #expect(try manager.decode(AccessControlAPIController.ShieldLiftResponse.self, lifted).shielded == false)
            let after = try await outsider.openChild(id)
            #expect(after.visibility == "signpost")
            #expect(!after.shielded)
            #expect(after.involvements.count == 1)
            #expect(try await outsider.foundIDs(ameliaByNameAndPostcode) == [id])
        }
    }

    @Test func mergingAShieldedRecordShieldsTheSurvivor() async throws {
        try await withSignpostApp { world in
            let first = try await signIn(world)
            let second = try await signIn(world, organisation: "TST-SCH")
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let manager = try await signIn(world, roles: [.dataManager])
            let shielded = try await first.createChild(amelia)
            let survivor = try await second.createChild(
                #""givenName":"Millie","familyName":"Smith","dateOfBirth":"2016-07-09","postcode":"LS6 2AB""#)
            try await shield(shielded, by: manager)

            #expect(
                try await outsider.foundIDs(#""givenName":"Millie","familyName":"Smith","dateOfBirth":"2016-07-09""#)
                    .contains(survivor))
            #expect(try await outsider.openChild(survivor).visibility == "signpost")

            let merged = try await manager.send(
                .POST, "/api/v1/children/\(shielded)/merge",
                json: #"{"mergeInto":"\#(survivor)","reason":"Same child: NHS number confirmed with the GP"}"#)
            #expect(merged.status == .ok, "\(merged.body.string)")

            let after = try await outsider.openChild(survivor)
            #expect(after.visibility == "shielded")
            #expect(after.involvements.isEmpty)
            #expect(try await manager.openChild(survivor).governance?.shield?.inherited == true)
            #expect(try await auditEvents(world, "child.shield-inherited", subject: survivor).count == 1)
        }
    }

    @Test func aPossibleDuplicateOfAShieldedChildInheritsTheShield() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let school = try await signIn(world, organisation: "TST-SCH")
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let manager = try await signIn(world, roles: [.dataManager])
            let original = try await team.createChild(amelia)
            try await shield(original, by: manager)

            // A record that matches nothing shielded is not shielded.
            let unrelated = try await school.createChild(
                #""givenName":"Grace","familyName":"Okafor","dateOfBirth":"2012-03-04""#)
            #expect(try await school.openChild(unrelated).shielded == false)

            let copy = try await school.createChild(
                #""givenName":"Amelia","familyName":"Smith","dateOfBirth":"2016-07-09""#, confirm: true)
            let creatorView = try await school.openChild(copy)
            #expect(creatorView.visibility == "record")
            // The creator is not told: that would let anyone test whether a shielded child has a name and birthday.
            #expect(!creatorView.shielded)
            #expect(creatorView.governance?.shield == nil)
            // The data manager sees the inherited shield, without the source record's grounds, and was told.
            let managerView = try await manager.openChild(copy)
            #expect(managerView.shielded)
            #expect(managerView.governance?.shield?.inherited == true)
            #expect(managerView.governance?.shield?.grounds?.contains("Fleeing") == false)
            #expect(
                try await manager.notifications().contains { $0.kind == "shield-inherited" && $0.childID == original })
            #expect(
                try await outsider.foundIDs(#""givenName":"Amelia","familyName":"Smith","dateOfBirth":"2016-07-09""#)
                    .contains(copy))
            #expect(try await outsider.openChild(copy).visibility == "shielded")
        }
    }

    @Test func aShieldedChildsFormerNameIsHiddenLikeItsPostcode() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let manager = try await signIn(world, roles: [.dataManager])
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let id = try await team.createChild(
                amelia + #","otherNames":[{"kind":"former","givenName":"Amelia","familyName":"Brown"}]"#)
            #expect(
                try await outsider.foundIDs(#""givenName":"Amelia","familyName":"Brown","dateOfBirth":"2016-07-09""#)
                    == [id])
            try await shield(id, by: manager)
            // Found only through the name it no longer uses: withheld, audited, alerted.
            #expect(
                try await outsider.foundIDs(#""givenName":"Amelia","familyName":"Brown","dateOfBirth":"2016-07-09""#)
                    .isEmpty)
            #expect(try await auditEvents(world, "child.search-withheld-shielded", subject: id).count == 1)
            // Through the current name it is found, as a shielded signpost.
            #expect(try await outsider.foundIDs(ameliaByName) == [id])
            #expect(try await outsider.openChild(id).visibility == "shielded")
            // The team still finds the child by any name.
            #expect(
                try await team.foundIDs(#""givenName":"Amelia","familyName":"Brown","dateOfBirth":"2016-07-09""#) == [
                    id
                ])
        }
    }

    @Test func brokeredContactReachesTheHiddenServiceWithoutTellingTheRequesterWhichOne() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world, name: "Kit Keyworker")
            let camhs = try await signIn(world, organisation: "OTH-CAMHS", name: "Cam Clinician")
            let manager = try await signIn(world, roles: [.dataManager])
            let otherManager = try await signIn(world, organisation: "OTH-CAMHS", roles: [.dataManager])
            let id = try await team.createChild(amelia)
            #expect(try await camhs.foundIDs(ameliaByNHSNumber) == [id])
            let added = try await camhs.send(
                .POST, "/api/v1/children/\(id)/involvements",
                json:
                    #"{"role":"CAMHS clinician","sensitiveBasis":"significant-harm","sensitiveBasisNote":"Self-harm disclosed in clinic"}"#
            )
            try #require(added.status == .created, "\(added.body.string)")
            let involvementID = try camhs.decode(SignpostView.Involvement.self, added).id

            let empty = try await team.send(
                .POST, "/api/v1/children/\(id)/brokered-contact", json: #"{"message":"  "}"#)
            #expect(empty.status == .unprocessableEntity)
            let requested = try await team.send(
                .POST, "/api/v1/children/\(id)/brokered-contact",
                json: #"{"message":"Please ask the other service to call me on 01632 960777"}"#)
            #expect(requested.status == .accepted, "\(requested.body.string)")
            let receipt = try team.decode(BrokeredContactService.RequestReceipt.self, requested)

            // Only the child's data manager brokers it, and sees the sensitive route to choose.
            #expect(try await otherManager.send(.GET, "/api/v1/brokered-contacts").status == .ok)
            let elsewhere = try await otherManager.send(
                .POST, "/api/v1/brokered-contacts/\(receipt.id)/pass-on",
                json: #"{"involvementID":"\#(involvementID)"}"#)
            // To a data manager of another authority the request does not exist.
            #expect(elsewhere.status == .notFound)
            let open = try manager.decode(
                [BrokeredContactService.OpenRequest].self, try await manager.send(.GET, "/api/v1/brokered-contacts"))
            #expect(open.map(\.id) == [receipt.id])
            #expect(open.first?.routes.contains { $0.involvementID == involvementID && $0.sensitive } == true)
            #expect(try await team.send(.GET, "/api/v1/brokered-contacts").status == .forbidden)

            let passed = try await manager.send(
                .POST, "/api/v1/brokered-contacts/\(receipt.id)/pass-on",
                json: #"{"involvementID":"\#(involvementID)"}"#)
            #expect(passed.status == .noContent, "\(passed.body.string)")
            let toClinician = try await camhs.notifications()
            #expect(
                toClinician.contains {
                    $0.kind == "brokered-contact" && $0.message.contains("Kit Keyworker")
                        && $0.message.contains("01632 960777")
                })
            let toRequester = try await team.notifications().filter { $0.kind == "brokered-contact-passed-on" }
            #expect(toRequester.count == 1)
            #expect(
                toRequester.allSatisfy {
                    !$0.message.lowercased().contains("camhs") && !$0.message.contains("Cam Clinician")
                })
            // Handled once.
            #expect(
                try await manager.send(
                    .POST, "/api/v1/brokered-contacts/\(receipt.id)/pass-on",
                    json: #"{"involvementID":"\#(involvementID)"}"#
                ).status == .notFound)
        }
    }

    // MARK: Break-glass

    @Test func breakGlassIsForChildProtectionNeedsConfirmationAndLastsForOneToken() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let plain = try await signIn(world, organisation: "TST-SCH")
            let protectionAccount = try await world.account(
                roles: [.practitioner, .childProtection], organisation: "TST-SCH")
            let protection = try await APIClient.signIn(world, protectionAccount)
            let manager = try await signIn(world, roles: [.dataManager])
            let auditor = try await signIn(world, roles: [.auditor])
            let id = try await team.createChild(amelia)
            let path = "/api/v1/children/\(id)/break-glass"
            let confirmed = #"{"reason":"Presented injured out of hours; no team reachable","confirm":true}"#

            // Someone who cannot see the child is answered as for a missing one.
            #expect(try await plain.send(.POST, path, json: confirmed).status == .notFound)
            let unconfirmed = try await protection.send(
                .POST, path, json: #"{"reason":"Presented injured out of hours; no team reachable"}"#)
            #expect(unconfirmed.status == .unprocessableEntity)
            let problem = try problemDocument(unconfirmed)
            #expect(problem.errors?.map(\.field) == ["confirm"])
            #expect(problem.detail.contains(BreakGlassService.warning))
            #expect(try await protection.send(.GET, "/api/v1/children/\(id)").status == .notFound)

            let opened = try await protection.send(.POST, path, json: confirmed)
            #expect(opened.status == .ok, "\(opened.body.string)")
            let view = try protection.decode(SignpostView.self, opened)
            #expect(view.visibility == "record")
            #expect(view.breakGlassActive)
            #expect(view.record?.postcode == "LS6 2AB")
            #expect(
                try await auditEvents(world, "child.break-glass", subject: id).map(\.outcome) == ["refused", "success"])

            // Auditors are alerted and the authority's data manager is told.
            let alerts = try await auditor.alerts().filter { $0.childID == id }
            #expect(alerts.map(\.kind) == ["break-glass"])
            #expect(alerts.first?.practitionerID == protectionAccount.id)
            let notes = try await manager.notifications().filter { $0.childID == id }
            #expect(notes.map(\.kind) == ["break-glass"])
            #expect(notes.first?.message.contains("no team reachable") == true)

            // The grant belongs to this token: the same token keeps the record...
            #expect(try await protection.openChild(id).visibility == "record")
            // ...another token of the same practitioner sees nothing without a search.
            world.clock.advance(seconds: 30)  // a fresh security code for the second sign-in
            let secondToken = try await APIClient.signIn(world, protectionAccount)
            #expect(try await secondToken.send(.GET, "/api/v1/children/\(id)").status == .notFound)
        }
    }

    // MARK: Flag-and-notify

    @Test func openingATierOneChildNotifiesTheLeadProfessionalUnlessTheReaderHasSilentRead() async throws {
        try await withSignpostApp { world in
            let lead = try await signIn(world, name: "Lena Lead")
            let outsider = try await signIn(world, organisation: "TST-SCH", name: "Olive Outsider")
            let silent = try await signIn(
                world, organisation: "TST-SCH", roles: [.practitioner, .silentRead], name: "Sam Silent")
            let id = try await lead.createChild(tierOneAmelia)
            let child = "/api/v1/children/\(id)"

            #expect(try await lead.notifications().isEmpty)
            #expect(try await outsider.foundIDs(ameliaByName) == [id])
            #expect(try await outsider.openChild(id).visibility == "signpost")
            var opened = try await lead.notifications().filter { $0.kind == "tier-1-opened" }
            #expect(opened.count == 1)
            #expect(opened.first?.childID == id)
            #expect(opened.first?.message.contains("Olive Outsider (Testshire School)") == true)

            world.clock.advance(seconds: 60)
            #expect(try await silent.foundIDs(ameliaByName) == [id])
            #expect(try await silent.openChild(id).visibility == "signpost")
            opened = try await lead.notifications().filter { $0.kind == "tier-1-opened" }
            #expect(opened.count == 1)
            #expect(!opened.contains { $0.message.contains("Sam Silent") })

            // The team sees both accesses, newest first; an outsider sees none.
            let accesses = try lead.decode(
                [AccessHistoryService.AccessView].self, try await lead.send(.GET, "\(child)/accesses"))
            #expect(accesses.map(\.practitioner) == ["Sam Silent", "Olive Outsider"])
            #expect(accesses.allSatisfy { $0.route == "search:public-task" && $0.what == "signpost" })
            #expect(try await outsider.send(.GET, "\(child)/accesses").status == .notFound)

            // At most the last 25.
            for _ in 0..<30 {
                world.clock.advance(seconds: 1)
                #expect(try await outsider.send(.GET, child).status == .ok)
            }
            let latest = try lead.decode(
                [AccessHistoryService.AccessView].self, try await lead.send(.GET, "\(child)/accesses"))
            #expect(latest.count == 25)
            #expect(latest.first?.practitioner == "Olive Outsider")
            #expect(zip(latest, latest.dropFirst()).allSatisfy { $0.accessedAt >= $1.accessedAt })
        }
    }

    // MARK: Alerts

    @Test func auditorsAcknowledgeAlertsWithANoteAndPractitionersCannotReadThem() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let protection = try await signIn(world, organisation: "TST-SCH", roles: [.practitioner, .childProtection])
            let auditor = try await signIn(world, roles: [.auditor])
            let id = try await team.createChild(amelia)
            let opened = try await protection.send(
                .POST, "/api/v1/children/\(id)/break-glass",
                json: #"{"reason":"Emergency out of hours","confirm":true}"#)
            #expect(opened.status == .ok)

            #expect(try await team.send(.GET, "/api/v1/alerts").status == .forbidden)
            let raised = try await auditor.alerts()
            let alert = try #require(raised.first(where: { $0.childID == id && $0.kind == "break-glass" }))
            let acknowledge = "/api/v1/alerts/\(alert.id)/acknowledge"
            let note = "Checked with the team manager: a genuine emergency"

            let emptyNote = try await auditor.send(.POST, acknowledge, json: #"{"note":"   "}"#)
            #expect(emptyNote.status == .unprocessableEntity)
            #expect(try fieldNames(emptyNote) == ["note"])
            #expect(try await team.send(.POST, acknowledge, json: #"{"note":"\#(note)"}"#).status == .forbidden)
            #expect(try await auditor.alerts(status: "open").contains { $0.id == alert.id })

            let acknowledged = try await auditor.send(.POST, acknowledge, json: #"{"note":"\#(note)"}"#)
            #expect(acknowledged.status == .ok, "\(acknowledged.body.string)")
            let view = try auditor.decode(AlertService.AlertView.self, acknowledged)
            #expect(view.acknowledgementNote == note)
            #expect(view.acknowledgedAt != nil)
            let events = try await auditEvents(world, "alert.acknowledged", subject: alert.id)
            #expect(events.count == 1)
            #expect(events.first?.actorID == auditor.account.id.uuidString)
            #expect(events.first?.reason == note)

            #expect(try await auditor.send(.POST, acknowledge, json: #"{"note":"\#(note)"}"#).status == .conflict)
            #expect(try await auditor.alerts(status: "open").contains(where: { $0.id == alert.id }) == false)
            #expect(try await auditor.alerts(status: "acknowledged").contains { $0.id == alert.id })
        }
    }

    // MARK: Refusals

    @Test func aRefusedViewIsAuditedAndItsEventSurvivesTheRefusal() async throws {
        try await withSignpostApp { world in
            let team = try await signIn(world)
            let outsider = try await signIn(world, organisation: "TST-SCH")
            let id = try await team.createChild(amelia)

            let refused = try await outsider.send(.GET, "/api/v1/children/\(id)")
            #expect(refused.status == .notFound)
            #expect(!refused.body.string.contains("Amelia"))
            let events = try await auditEvents(world, "child.viewed", subject: id)
            #expect(events.count == 1)
            #expect(events.first?.outcome == "refused")
            #expect(events.first?.actorID == outsider.account.id.uuidString)
            #expect(events.first?.details.contains(#""visibility":"nothing""#) == true)

            // A record that does not exist answers the same, and is audited the same.
            let unknown = UUID()
            #expect(try await outsider.send(.GET, "/api/v1/children/\(unknown)").status == .notFound)
            #expect(try await auditEvents(world, "child.viewed", subject: unknown).map(\.outcome) == ["refused"])

            // The other read paths keep their refusals too.
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/involvements").status == .notFound)
            #expect(
                try await auditEvents(world, "child.involvements-viewed", subject: id).map(\.outcome) == ["refused"])
            #expect(try await outsider.send(.GET, "/api/v1/children/\(id)/accesses").status == .notFound)
            #expect(try await auditEvents(world, "child.accesses-viewed", subject: id).map(\.outcome) == ["refused"])
            if case .broken(let sequence, let problem) = try await world.verifyAudit() {
                Issue.record("audit chain broken at \(sequence): \(problem)")
            }
        }
    }
}

// MARK: - Fixtures

/// A Tier-2 child indexed on consent: findable outside the team only while an index consent is in force.
private let oliverOnConsent =
    #""givenName":"Oliver","familyName":"Reed","dateOfBirth":"2014-02-11","gender":"male","postcode":"LS7 3QP","addressLine":"12 Ash Road","tier":2,"indexBasis":"consent","involvement":{"role":"Family support worker","contactPhone":"01632 960123","leadProfessional":true}"#
private let oliverByName = #""givenName":"Oliver","familyName":"Reed","dateOfBirth":"2014-02-11""#
private let parentConsent = #"{"givenBy":"parent","giverName":"Karen Reed","purposes":["index"],"method":"written"}"#
private let ameliaByName = #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#
private let ameliaByNameAndPostcode =
    #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09","postcode":"LS6 2AB""#
private let ameliaByNHSNumber = #""nhsNumber":"9990000018""#
/// Amelia as a Tier-1 (statutory) child, with the creator as lead professional.
private let tierOneAmelia = amelia.replacingOccurrences(of: #""tier":2"#, with: #""tier":1"#)

// MARK: - Helpers

/// A fresh account with these roles in this organisation, signed in to the API. A `name` of its own
/// lets notifications and access lists say who.
private func signIn(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner], name: String? = nil
) async throws -> APIClient {
    let account: TestAccount
    if let name {
        account = try await world.account(roles: roles, organisation: organisation, name: name)
    } else {
        account = try await world.account(roles: roles, organisation: organisation)
    }
    return try await APIClient.signIn(world, account)
}

/// Shields a child for 90 days as its authority's data manager.
private func shield(_ id: UUID, by manager: APIClient) async throws {
    let review = CalendarDate(manager.world.clock.now).adding(days: 90).iso
    let response = try await manager.send(
        .POST, "/api/v1/children/\(id)/shield",
        json: #"{"grounds":"Fleeing domestic abuse: the father must not find her","reviewOn":"\#(review)"}"#)
    #expect(response.status == .created, "\(response.body.string)")
}

private func problemDocument(_ response: TestingHTTPResponse) throws -> ErrorResponseMiddleware.Problem {
    try JSONDecoder().decode(ErrorResponseMiddleware.Problem.self, from: Data(response.body.string.utf8))
}

/// The fields a 422 problem document names, in order.
private func fieldNames(_ response: TestingHTTPResponse) throws -> [String] {
    try problemDocument(response).errors?.map(\.field) ?? []
}

/// Audit events of one action about one subject, oldest first.
private func auditEvents(_ world: TestWorld, _ action: String, subject: UUID) async throws -> [AuditEventModel] {
    try await AuditEventModel.query(on: try await world.auditLog)
        .filter(\.$action == action)
        .filter(\.$subjectID == subject.uuidString)
        .sort(\.$id)
        .all()
}

/// Nothing of the sensitive service reaches this response: not its name, kind, role or phone.
private func expectNoTraceOfCAMHS(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    let body = response.body.string.lowercased()
    for trace in ["camhs", "otherton", "01632 960999"] {
        #expect(!body.contains(trace), "response leaks \(trace)", sourceLocation: sourceLocation)
    }
}

extension APIClient {
    /// The ids a reasoned search returns; the search itself must succeed.
    fileprivate func foundIDs(_ criteria: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [UUID]
    {
        let response = try await search(criteria)
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode(SearchResponse.self, response).results.map(\.id)
    }

    /// `GET /children/{id}`, which must answer 200.
    fileprivate func openChild(_ id: UUID, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> SignpostView
    {
        let response = try await send(.GET, "/api/v1/children/\(id)")
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode(SignpostView.self, response)
    }

    fileprivate func notifications(sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [NotificationService.NotificationView]
    {
        let response = try await send(.GET, "/api/v1/notifications")
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode([NotificationService.NotificationView].self, response)
    }

    fileprivate func alerts(status: String = "all", sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [AlertService.AlertView]
    {
        let response = try await send(.GET, "/api/v1/alerts?status=\(status)")
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode([AlertService.AlertView].self, response)
    }
}
