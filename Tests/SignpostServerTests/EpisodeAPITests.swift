import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The early-help episode from outside: checklist routing, the consent statement, the assessment with
/// optimistic versioning, encryption at rest, the Team Around the Child, closure and the export.
@Suite(
    "Early-help episodes through the API: routing, consent, versions, encryption, the team around the child, closure, export"
)
struct EpisodeAPITests {
    // MARK: Checklist routing

    @Test func theChecklistRoutesEveryCombinationOfAnswersAndClosesTheShortRoutesAtOnce() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let id = try await assessor.createChild(amelia)
            var started: [UUID] = []
            for row in checklistTable {
                let json = checklistJSON(
                    risk: row.risk, concerns: row.concerns, singleService: row.singleService, unclear: row.unclear,
                    reasons: row.risk ? "Bruising seen on her arm at drop-off today" : nil)
                let response = try await assessor.send(.POST, "/api/v1/children/\(id)/assessments", json: json)
                #expect(response.status == .created, "\(row): \(response.body.string)")
                guard response.status == .created else { continue }
                let view = try assessor.decode(EpisodeView.self, response)
                started.append(view.id)
                #expect(view.route == row.route, "\(row)")
                #expect(
                    response.headers.first(name: .location) == "/api/v1/assessments/\(view.id.uuidString)", "\(row)")
                #expect(view.version == 1, "\(row)")
                if row.route == "full-assessment" {
                    #expect(view.status == "consent", "\(row)")
                    #expect(view.closure == nil, "\(row)")
                } else {
                    // The checklist is the whole episode: closed, with its route as the reason.
                    #expect(view.status == "closed", "\(row)")
                    #expect(view.closure?.reason == row.route, "\(row)")
                    #expect(view.may.edit == false, "\(row)")
                }
            }
            let listed = try await assessor.send(.GET, "/api/v1/children/\(id)/assessments")
            #expect(listed.status == .ok, "\(listed.body.string)")
            let summaries = try assessor.decode([EpisodeService.EpisodeSummary].self, listed)
            #expect(Set(summaries.map(\.id)) == Set(started))
            #expect(summaries.count == checklistTable.count)
        }
    }

    @Test func aSafeguardingReferralNeedsReasonsAndTellsTheAuthoritysDataManagerAtOnce() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let manager = try await signInAs(world, roles: [.dataManager], name: "Dana Manager")
            let otherManager = try await signInAs(
                world, organisation: "OTH-CAMHS", roles: [.dataManager], name: "Olu Manager")
            let id = try await assessor.createChild(amelia)
            let path = "/api/v1/children/\(id)/assessments"

            let noReasons = try await assessor.send(
                .POST, path, json: checklistJSON(risk: true, concerns: true, singleService: false, unclear: true))
            #expect(noReasons.status == .unprocessableEntity, "\(noReasons.body.string)")
            #expect(try problemFields(noReasons) == ["reasons"])
            let blankReasons = try await assessor.send(
                .POST, path,
                json: checklistJSON(risk: true, concerns: true, singleService: false, unclear: true, reasons: "   "))
            #expect(blankReasons.status == .unprocessableEntity)
            #expect(try problemFields(blankReasons) == ["reasons"])
            #expect(try await EpisodeModel.query(on: world.app.db).filter(\.$childID == id).count() == 0)
            #expect(try await manager.episodeNotifications().filter { $0.childID == id }.isEmpty)

            let reasons = "Amelia disclosed that her stepfather hit her last night"
            let referred = try await assessor.send(
                .POST, path,
                json: checklistJSON(risk: true, concerns: true, singleService: false, unclear: true, reasons: reasons))
            let view = try assessor.episodeView(referred, .created)
            #expect(view.route == "safeguarding-referral")
            #expect(view.status == "closed")
            #expect(view.closure?.reason == "safeguarding-referral")
            #expect(view.closure?.note == reasons)

            let notes = try await manager.episodeNotifications().filter { $0.childID == id }
            #expect(notes.map(\.kind) == ["safeguarding-referral"])
            #expect(notes.first?.forAuthority == true)
            // The reasons stay in the encrypted episode: the notification only points there.
            #expect(notes.first?.message.contains(reasons) == false)
            #expect(notes.first?.message.contains("/assessments/\(view.id.uuidString)") == true)
            #expect(notes.first?.message.contains("Asha Assessor") == true)
            // Another authority's data manager hears nothing.
            #expect(try await otherManager.episodeNotifications().filter { $0.childID == id }.isEmpty)
        }
    }

    @Test func onlyAMemberOfTheChildsTeamCanStartAnEpisodeEvenAfterFindingTheChild() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let outsider = try await signInAs(world, organisation: "TST-SCH", name: "Olive Outsider")
            let id = try await assessor.createChild(amelia)

            #expect(try await outsider.findIDs(ameliaCriteria).contains(id))
            let refused = try await outsider.send(
                .POST, "/api/v1/children/\(id)/assessments", json: fullAssessmentAnswers)
            #expect(refused.status == .forbidden, "\(refused.body.string)")
            #expect(try problemOf(refused).detail.contains("team"))

            // Nothing was created, and the refusal is audited.
            #expect(try await EpisodeModel.query(on: world.app.db).filter(\.$childID == id).count() == 0)
            #expect(
                try await episodeAudit(world, "episode.started", subject: id.uuidString).map(\.outcome) == ["refused"])
            let listed = try assessor.decode(
                [EpisodeService.EpisodeSummary].self,
                try await assessor.send(.GET, "/api/v1/children/\(id)/assessments"))
            #expect(listed.isEmpty)
        }
    }

    // MARK: Consent statement and completion

    @Test func aFullAssessmentWaitsForConsentCompletesAndIsSharedOnlyWhileConsentIsInForce() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let school = try await signInAs(world, organisation: "TST-SCH", name: "Sam Teacher")
            let id = try await assessor.createChild(amelia)
            _ = try await school.joinTeam(of: id)
            let consentID = try await assessor.recordConsent(id, purposes: ["share-assessment"])

            let started = try await assessor.startEpisode(id)
            #expect(started.status == "consent")
            let path = "/api/v1/assessments/\(started.id)"

            // Nothing is written before the consent statement.
            let tooEarly = try await assessor.send(.PUT, path, json: try saveBody(version: 1, completeContent()))
            #expect(tooEarly.status == .conflict, "\(tooEarly.body.string)")
            let unknownConsent = try await assessor.send(.POST, "\(path)/consent", json: #"{"consentID":"\#(UUID())"}"#)
            #expect(unknownConsent.status == .unprocessableEntity)
            #expect(try problemFields(unknownConsent) == ["consentID"])

            let draft = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/consent", json: #"{"consentID":"\#(consentID)"}"#))
            #expect(draft.status == "draft")
            #expect(draft.consentID == consentID)
            #expect(draft.consentDeclined == false)
            #expect(draft.sharedWithTeam)
            #expect(draft.version == 1)

            // Free text keeps its line breaks and tabs, but no other control characters or direction controls.
            var hostile = AssessmentContent()
            hostile.whatLedToIt = "Concerns\u{0000}"
            hostile.childViews = "She said \u{202E}fine"
            let refused = try await assessor.send(.PUT, path, json: try saveBody(version: 1, hostile))
            #expect(refused.status == .unprocessableEntity, "\(refused.body.string)")
            #expect(try problemFields(refused) == ["whatLedToIt", "childViews"])

            var partial = AssessmentContent()
            partial.peoplePresent = "Amelia and her mother,\n\tDawn Smith"
            let saved = try assessor.episodeView(
                try await assessor.send(.PUT, path, json: try saveBody(version: 1, partial)))
            #expect(saved.version == 2)
            #expect(saved.content == partial)

            let incomplete = try await assessor.send(.POST, "\(path)/complete", json: #"{"version":2}"#)
            #expect(incomplete.status == .unprocessableEntity, "\(incomplete.body.string)")
            #expect(
                try problemFields(incomplete) == ["whatLedToIt", "development", "parents", "family", "conclusions"])
            #expect(try await assessor.openSignpost(id).assessmentHeldBy == nil)

            let filled = try assessor.episodeView(
                try await assessor.send(.PUT, path, json: try saveBody(version: 2, completeContent())))
            #expect(filled.version == 3)
            let completed = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/complete", json: #"{"version":3}"#))
            #expect(completed.status == "completed")
            #expect(completed.completedAt != nil)
            #expect(completed.version == 4)

            // The signpost now says an assessment exists, and who holds it.
            let signpost = try await assessor.openSignpost(id)
            #expect(signpost.assessmentHeldBy != nil)
            #expect(signpost.assessmentHeldBy?.contains("Asha Assessor") == true)
            #expect(signpost.involvements.first(where: { $0.practitioner == "Asha Assessor" })?.holdsAssessment == true)
            #expect(signpost.involvements.first(where: { $0.practitioner == "Sam Teacher" })?.holdsAssessment == false)

            // The rest of the team reads it while consent is in force...
            let shared = try await school.send(.GET, path)
            #expect(shared.status == .ok, "\(shared.body.string)")
            #expect(try school.decode(EpisodeView.self, shared).content == completeContent())

            // ...and not from the very next request after the family withdraws it.
            let withdrawn = try await assessor.send(
                .POST, "/api/v1/consents/\(consentID)/withdraw",
                json: #"{"note":"Mother no longer wants the assessment shared"}"#)
            #expect(withdrawn.status == .ok, "\(withdrawn.body.string)")
            let afterWithdrawal = try await school.send(.GET, path)
            #expect(afterWithdrawal.status == .notFound)
            #expect(!afterWithdrawal.body.string.contains("housing advice"))
            let schoolList = try school.decode(
                [EpisodeService.EpisodeSummary].self, try await school.send(.GET, "/api/v1/children/\(id)/assessments"))
            #expect(schoolList.isEmpty)
            let assessorView = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(assessorView.sharedWithTeam == false)
            #expect(assessorView.content == completeContent())
        }
    }

    @Test func whenTheFamilyDeclinesTheAssessmentIsSeenOnlyByTheAssessor() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let school = try await signInAs(world, organisation: "TST-SCH", name: "Sam Teacher")
            let id = try await assessor.createChild(amelia)
            _ = try await school.joinTeam(of: id)

            let started = try await assessor.startEpisode(id)
            let path = "/api/v1/assessments/\(started.id)"
            #expect(try await school.send(.GET, path).status == .notFound)

            // Exactly one of a consent or "declined".
            let both = try await assessor.send(
                .POST, "\(path)/consent", json: #"{"consentID":"\#(UUID())","declined":true}"#)
            #expect(both.status == .unprocessableEntity)
            #expect(try problemFields(both) == ["consentID"])
            let neither = try await assessor.send(.POST, "\(path)/consent", json: "{}")
            #expect(neither.status == .unprocessableEntity)
            #expect(try problemFields(neither) == ["consentID"])

            let declined = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/consent", json: #"{"declined":true}"#))
            #expect(declined.status == "draft")
            #expect(declined.consentDeclined)
            #expect(declined.consentID == nil)
            #expect(declined.sharedWithTeam == false)
            #expect(try await school.send(.GET, path).status == .notFound)

            let saved = try assessor.episodeView(
                try await assessor.send(.PUT, path, json: try saveBody(version: declined.version, completeContent())))
            let completed = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/complete", json: #"{"version":\#(saved.version)}"#))
            #expect(completed.status == "completed")

            let refused = try await school.send(.GET, path)
            #expect(refused.status == .notFound)
            #expect(!refused.body.string.contains("housing advice"))
            let schoolList = try school.decode(
                [EpisodeService.EpisodeSummary].self, try await school.send(.GET, "/api/v1/children/\(id)/assessments"))
            #expect(schoolList.isEmpty)
            #expect(try await assessor.send(.GET, path).status == .ok)

            // Declined for this episode means declined: a later consent to share assessments in general
            // does not open this one, and nobody can be invited to it.
            _ = try await assessor.recordConsent(id, purposes: ["share-assessment"])
            #expect(try await school.send(.GET, path).status == .notFound)
            let schoolInvolvement = try await assessor.involvementID(of: "Sam Teacher", child: id)
            let invite = try await assessor.send(
                .POST, "\(path)/team", json: #"{"involvementID":"\#(schoolInvolvement)"}"#)
            #expect(invite.status == .conflict)
            #expect(try problemOf(invite).detail.contains("declined"))
        }
    }

    @Test func aSensitiveServicesAssessmentNeverNamesTheServiceToTheTeam() async throws {
        try await withSignpostApp { world in
            let team = try await signInAs(world, name: "Kit Keyworker")
            let camhs = try await signInAs(world, organisation: "OTH-CAMHS", name: "Cam Clinician")
            let manager = try await signInAs(world, roles: [.dataManager], name: "Dee Manager")
            let id = try await team.createChild(amelia)
            #expect(try await camhs.findIDs(ameliaCriteria).contains(id))
            let joined = try await camhs.send(
                .POST, "/api/v1/children/\(id)/involvements",
                json:
                    #"{"role":"CAMHS clinician","sensitiveBasis":"child-consent","sensitiveBasisNote":"Amelia asked for it to be recorded"}"#
            )
            try #require(joined.status == .created, "\(joined.body.string)")
            try await world.admitToTeam(camhs.account.id, child: id)
            let consent = try await camhs.recordConsent(id, purposes: ["share-assessment"])
            let episode = try await completedEpisode(camhs, child: id, statement: #"{"consentID":"\#(consent)"}"#)

            // The team may read it (consent covers sharing), but not learn who holds it.
            let read = try await team.send(.GET, "/api/v1/assessments/\(episode.id)")
            #expect(read.status == .ok, "\(read.body.string)")
            let body = read.body.string.lowercased()
            #expect(!body.contains("cam clinician") && !body.contains("camhs") && !body.contains("otherton"))
            #expect(try team.episodeView(read).assessor.hasPrefix("Another service"))
            let listed = try team.decode(
                [EpisodeService.EpisodeSummary].self, try await team.send(.GET, "/api/v1/children/\(id)/assessments"))
            #expect(listed.map(\.assessor).allSatisfy { $0.hasPrefix("Another service") })
            // The authority's data manager, who brokers contact, sees who it is.
            #expect(
                try manager.episodeView(try await manager.send(.GET, "/api/v1/assessments/\(episode.id)")).assessor
                    == "Cam Clinician")
        }
    }

    // MARK: Optimistic concurrency

    @Test func aSaveFromAStaleVersionIsRefusedAndNeverOverwritesTheFirstSave() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let id = try await assessor.createChild(amelia)
            let started = try await assessor.startEpisode(id)
            let path = "/api/v1/assessments/\(started.id)"
            _ = try assessor.episodeView(try await assessor.send(.POST, "\(path)/consent", json: #"{"declined":true}"#))
            var opening = AssessmentContent()
            opening.peoplePresent = "Amelia and her mother"
            let base = try assessor.episodeView(
                try await assessor.send(.PUT, path, json: try saveBody(version: 1, opening)))
            let version = base.version
            #expect(version == 2)

            var first = opening
            first.whatLedToIt = "First tab: attendance fell to 80% this term"
            var second = opening
            second.whatLedToIt = "Second tab: a neighbour reported shouting at night"

            let firstSave = try await assessor.send(.PUT, path, json: try saveBody(version: version, first))
            #expect(firstSave.status == .ok, "\(firstSave.body.string)")
            #expect(try assessor.decode(EpisodeView.self, firstSave).version == version + 1)

            let secondSave = try await assessor.send(.PUT, path, json: try saveBody(version: version, second))
            #expect(secondSave.status == .conflict, "\(secondSave.body.string)")
            let detail = try problemOf(secondSave).detail
            #expect(detail.contains("version \(version)"))
            #expect(detail.contains("version \(version + 1)"))

            let current = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(current.version == version + 1)
            #expect(current.content == first)
            #expect(current.content.whatLedToIt?.contains("Second tab") == false)

            // Completing from a stale version is refused the same way.
            let staleComplete = try await assessor.send(.POST, "\(path)/complete", json: #"{"version":\#(version)}"#)
            #expect(staleComplete.status == .conflict)
        }
    }

    // MARK: Encryption at rest

    @Test func freeTextIsEncryptedAtRestAndDestroyingTheAuthoritysKeyShredsIt() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let id = try await assessor.createChild(amelia)
            let phrase = "Kestrel marmalade 4471"
            var content = completeContent()
            content.elements["development.general-health"] = AssessmentContent.StrengthsAndNeeds(
                strengths: "Loves the \(phrase) club")
            content.conclusions = "Agreed plan: keep the \(phrase) club going"
            let episode = try await completedEpisode(
                assessor, child: id, statement: #"{"declined":true}"#, content: content)
            let path = "/api/v1/assessments/\(episode.id)"
            let today = CalendarDate(world.clock.now)
            let met = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/meetings",
                    json: meetingJSON(heldOn: today, decisions: "Decided: fund the \(phrase) club")))
            #expect(met.meetings.first?.decisions.contains(phrase) == true)

            // The rows hold ciphertext only.
            let episodes = try await EpisodeModel.query(on: world.app.db).filter(\.$childID == id).all()
            #expect(episodes.count == 1)
            for row in episodes {
                #expect(!row.contentSealed.contains(phrase))
                #expect(!row.contentSealed.contains("conclusions"))
                #expect(!row.checklist.contains(phrase))
                #expect(row.closureSealed?.contains(phrase) != true)
            }
            let entries = try await EpisodeEntryModel.query(on: world.app.db).filter(\.$episodeID == episode.id).all()
            #expect(entries.map(\.kind) == ["meeting"])
            #expect(entries.allSatisfy { !$0.sealed.contains(phrase) && !$0.sealed.contains("decisions") })
            #expect(
                try await rowsLike(
                    phrase, table: "episodes", columns: ["checklist", "content_sealed", "closure_sealed"], world) == 0)
            #expect(try await rowsLike(phrase, table: "episode_entries", columns: ["sealed"], world) == 0)
            // Nor does the audit trail copy it.
            #expect(
                try await AuditEventModel.query(on: try await world.auditLog).all().allSatisfy {
                    !$0.details.contains(phrase) && !($0.reason ?? "").contains(phrase)
                })

            // The API still reads it.
            let read = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(read.content.elements["development.general-health"]?.strengths?.contains(phrase) == true)
            #expect(read.content.conclusions?.contains(phrase) == true)
            #expect(read.meetings.first?.decisions.contains(phrase) == true)

            // Crypto-shredding: without the authority's data key the text is gone for good.
            try await DataKeyStore.destroy(authorityCode: "E06000001", context: world.context, on: world.app.db)
            // The wrapped key material is gone; a marker stays so that no fresh key is quietly made in its place.
            let keys = try await AuthorityKeyModel.query(on: world.app.db).filter(\.$authorityCode == "E06000001").all()
            #expect(keys.map(\.wrappedKey) == [DataKeyStore.destroyedMarker])
            #expect(try await episodeAudit(world, "authority.data-key-destroyed", subject: "E06000001").count == 1)
            let shredded = try await assessor.send(.GET, path)
            #expect(shredded.status == .gone, "\(shredded.body.string)")
            #expect(!shredded.body.string.contains(phrase))
            #expect(!shredded.body.string.contains("Kestrel"))
        }
    }

    // MARK: Team Around the Child

    @Test func theTeamAroundTheChildInvitesLeadsMeetsPlansActionsAndReviews() async throws {
        try await withSignpostApp { world in
            var assessor = try await signInAs(world, name: "Asha Assessor")
            let school = try await signInAs(world, organisation: "TST-SCH", name: "Sam Teacher")
            let id = try await assessor.createChild(amelia)
            let schoolInvolvement = try await school.joinTeam(of: id)
            let assessorInvolvement = try await assessor.involvementID(of: "Asha Assessor", child: id)
            let indexOnly = try await assessor.recordConsent(id, purposes: ["index"])
            let episode = try await completedEpisode(assessor, child: id, statement: #"{"consentID":"\#(indexOnly)"}"#)
            let path = "/api/v1/assessments/\(episode.id)"

            // Invitations need consent (or another basis) to share the assessment; the refusal is audited.
            let noConsent = try await assessor.send(
                .POST, "\(path)/team", json: #"{"involvementID":"\#(schoolInvolvement)"}"#)
            #expect(noConsent.status == .conflict, "\(noConsent.body.string)")
            #expect(
                try await EpisodeMemberModel.query(on: world.app.db).filter(\.$episodeID == episode.id).count() == 0)
            #expect(
                try await episodeAudit(world, "episode.member-invited", subject: id.uuidString).map(\.outcome) == [
                    "refused"
                ])
            _ = try await assessor.recordConsent(id, purposes: ["share-assessment"])
            let invited = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/team", json: #"{"involvementID":"\#(schoolInvolvement)"}"#))
            #expect(invited.members.first(where: { $0.involvementID == schoolInvolvement })?.invited == true)
            #expect(
                invited.members.first(where: { $0.involvementID == schoolInvolvement })?.description.contains(
                    "Sam Teacher") == true)
            #expect(
                try await school.episodeNotifications().contains { $0.kind == "tac-invitation" && $0.childID == id })

            // The lead professional is chosen with the family.
            let unconfirmed = try await assessor.send(
                .POST, "\(path)/lead", json: #"{"involvementID":"\#(schoolInvolvement)"}"#)
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(try problemFields(unconfirmed) == ["chosenWithFamily"])
            let led = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/lead", json: #"{"involvementID":"\#(schoolInvolvement)","chosenWithFamily":true}"#))
            #expect(led.members.first(where: { $0.involvementID == schoolInvolvement })?.leadProfessional == true)
            #expect(led.members.first(where: { $0.involvementID == assessorInvolvement })?.leadProfessional == false)
            #expect(try await assessor.openSignpost(id).leadProfessional == "Sam Teacher, Testshire School")

            // Meetings are recorded after they happen.
            let today = CalendarDate(world.clock.now)
            let future = try await assessor.send(
                .POST, "\(path)/meetings", json: meetingJSON(heldOn: today.adding(days: 1)))
            #expect(future.status == .unprocessableEntity)
            #expect(try problemFields(future) == ["heldOn"])
            let met = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/meetings", json: meetingJSON(heldOn: today)))
            #expect(met.meetings.count == 1)
            #expect(met.meetings.first?.heldOn == today.iso)
            #expect(met.meetings.first?.decisions == "Sam to lead; weekly check-ins at school")

            // Actions are due today or later, and owned by the team.
            let pastDue = try await assessor.send(
                .POST, "\(path)/actions", json: actionJSON(owner: schoolInvolvement, dueOn: today.adding(days: -1)))
            #expect(pastDue.status == .unprocessableEntity)
            #expect(try problemFields(pastDue) == ["dueOn"])
            let due = today.adding(days: 7)
            let planned = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/actions", json: actionJSON(owner: schoolInvolvement, dueOn: due)))
            let action = try #require(planned.actions.first)
            #expect(planned.actions.count == 1)
            #expect(action.owner.contains("Sam Teacher"))
            #expect(action.dueOn == due.iso)
            #expect(action.status == "not-started")
            #expect(action.overdue == false)

            // Past the due day, an open action is overdue; done, it is not.
            world.clock.advance(seconds: 8 * 86_400)
            assessor = try await assessor.signedInAgain()
            let late = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(late.actions.first?.overdue == true)
            let done = try assessor.episodeView(
                try await assessor.send(.POST, "/api/v1/actions/\(action.id)/status", json: #"{"status":"done"}"#))
            #expect(done.actions.first?.status == "done")
            #expect(done.actions.first?.overdue == false)

            // Reviews every 4 to 12 weeks.
            let reviewDay = CalendarDate(world.clock.now)
            let tooSoon = try await assessor.send(
                .POST, "\(path)/reviews", json: reviewJSON(heldOn: reviewDay, next: reviewDay.adding(days: 21)))
            #expect(tooSoon.status == .unprocessableEntity, "\(tooSoon.body.string)")
            #expect(try problemFields(tooSoon) == ["nextReviewOn"])
            let next = reviewDay.adding(days: 42)
            let reviewed = try assessor.episodeView(
                try await assessor.send(.POST, "\(path)/reviews", json: reviewJSON(heldOn: reviewDay, next: next)))
            #expect(reviewed.nextReviewOn == next.iso)
            #expect(reviewed.reviews.count == 1)
            #expect(reviewed.reviews.first?.nextReviewOn == next.iso)
            #expect(reviewed.reviewOverdue == false)

            world.clock.advance(seconds: 43 * 86_400)
            assessor = try await assessor.signedInAgain()
            let overdue = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(overdue.reviewOverdue)
        }
    }

    // MARK: Closure

    /// Finding 7 of the security review: an action's owner could be a sensitive service never invited.
    @Test func anActionsOwnerIsACurrentTeamMemberInvitedToThisEpisode() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let school = try await signInAs(world, organisation: "TST-SCH", name: "Sam Teacher")
            let camhs = try await signInAs(world, organisation: "OTH-CAMHS", name: "Cam Clinician")
            let id = try await assessor.createChild(amelia)
            // The sensitive service records its involvement (signposting) but is never invited or admitted.
            #expect(try await camhs.findIDs(ameliaCriteria).contains(id))
            let recorded = try await camhs.send(
                .POST, "/api/v1/children/\(id)/involvements",
                json:
                    #"{"role":"CAMHS clinician","sensitiveBasis":"child-consent","sensitiveBasisNote":"Amelia asked for it"}"#
            )
            let camhsInvolvement = try camhs.decode(SignpostView.Involvement.self, recorded).id
            let schoolInvolvement = try await school.joinTeam(of: id)
            let consent = try await assessor.recordConsent(id, purposes: ["share-assessment"])
            let episode = try await completedEpisode(assessor, child: id, statement: #"{"consentID":"\#(consent)"}"#)
            let path = "/api/v1/assessments/\(episode.id)/actions"
            let due = CalendarDate(world.clock.now).adding(days: 7)
            for owner in [camhsInvolvement, schoolInvolvement, UUID()] {
                let refused = try await assessor.send(.POST, path, json: actionJSON(owner: owner, dueOn: due))
                #expect(refused.status == .unprocessableEntity, "\(refused.body.string)")
                #expect(try problemFields(refused) == ["ownerInvolvementID"])
            }
            // Invited to this episode's team, the school's member may own it; so may the assessor.
            _ = try await assessor.send(
                .POST, "/api/v1/assessments/\(episode.id)/team", json: #"{"involvementID":"\#(schoolInvolvement)"}"#)
            let planned = try assessor.episodeView(
                try await assessor.send(.POST, path, json: actionJSON(owner: schoolInvolvement, dueOn: due)))
            #expect(planned.actions.first?.owner.contains("Sam Teacher") == true)
            let own = try await assessor.involvementID(of: "Asha Assessor", child: id)
            #expect(try await assessor.send(.POST, path, json: actionJSON(owner: own, dueOn: due)).status == .ok)
            #expect(try await EpisodeEntryModel.query(on: world.app.db).filter(\.$kind == "action").count() == 2)
        }
    }

    @Test func aClosedEpisodeCanBeReadButNotChanged() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let id = try await assessor.createChild(amelia)
            let involvement = try await assessor.involvementID(of: "Asha Assessor", child: id)
            let episode = try await completedEpisode(assessor, child: id, statement: #"{"declined":true}"#)
            let path = "/api/v1/assessments/\(episode.id)"

            let closed = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/close", json: #"{"reason":"needs-met","note":"Attendance back to 97%"}"#))
            #expect(closed.status == "closed")
            #expect(closed.closure?.reason == "needs-met")
            #expect(closed.closure?.note == "Attendance back to 97%")
            #expect(closed.may.edit == false)
            #expect(closed.may.recordTeamWork == false)

            let today = CalendarDate(world.clock.now)
            let save = try await assessor.send(
                .PUT, path, json: try saveBody(version: closed.version, completeContent()))
            try expectClosedRefusal(save)
            let meeting = try await assessor.send(.POST, "\(path)/meetings", json: meetingJSON(heldOn: today))
            try expectClosedRefusal(meeting)
            let action = try await assessor.send(
                .POST, "\(path)/actions", json: actionJSON(owner: involvement, dueOn: today.adding(days: 7)))
            try expectClosedRefusal(action)
            let again = try await assessor.send(.POST, "\(path)/close", json: #"{"reason":"disengaged"}"#)
            try expectClosedRefusal(again)

            let read = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(read.status == "closed")
            #expect(read.closure?.reason == "needs-met")
            #expect(read.content == completeContent())
            #expect(read.meetings.isEmpty)
            #expect(read.actions.isEmpty)
        }
    }

    @Test func steppingUpToSocialCareRecordsTheChildrenInNeedCodes() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let id = try await assessor.createChild(amelia)
            let started = try await assessor.startEpisode(id)
            let path = "/api/v1/assessments/\(started.id)"
            _ = try assessor.episodeView(try await assessor.send(.POST, "\(path)/consent", json: #"{"declined":true}"#))

            let withoutCodes = try await assessor.send(.POST, "\(path)/close", json: #"{"reason":"stepped-up"}"#)
            #expect(withoutCodes.status == .unprocessableEntity)
            #expect(try problemFields(withoutCodes) == ["referralSource", "primaryNeed"])
            let unknownCodes = try await assessor.send(
                .POST, "\(path)/close", json: #"{"reason":"stepped-up","referralSource":"2Z","primaryNeed":"N10"}"#)
            #expect(unknownCodes.status == .unprocessableEntity)
            #expect(try problemFields(unknownCodes) == ["referralSource", "primaryNeed"])
            #expect(try assessor.episodeView(try await assessor.send(.GET, path)).status == "draft")

            let closed = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/close", json: #"{"reason":"stepped-up","referralSource":"2A","primaryNeed":"N1"}"#))
            #expect(closed.status == "closed")
            #expect(closed.closure?.reason == "stepped-up")
            #expect(closed.closure?.referralSource == "2A")
            #expect(closed.closure?.primaryNeed == "N1")
            let read = try assessor.episodeView(try await assessor.send(.GET, path))
            #expect(read.closure?.referralSource == "2A")
            #expect(read.closure?.primaryNeed == "N1")
        }
    }

    @Test func movingAuthorityWithoutConsentToShareTheAssessmentKeepsItFromTheReceivingAuthority() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let manager = try await signInAs(world, roles: [.dataManager], name: "Dana Manager")
            let receiving = try await signInAs(
                world, organisation: "OTH-CAMHS", roles: [.dataManager], name: "Olu Manager")
            let id = try await assessor.createChild(amelia)
            // The family agreed to the index, not to sharing the assessment.
            let indexConsent = try await assessor.recordConsent(id, purposes: ["index"])
            let episode = try await completedEpisode(
                assessor, child: id, statement: #"{"consentID":"\#(indexConsent)"}"#)
            let path = "/api/v1/assessments/\(episode.id)"

            let closed = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/close",
                    json: #"{"reason":"moved-authority","receivingAuthority":"E06000002","transferBasis":"consent"}"#))
            #expect(closed.status == "closed")
            #expect(closed.closure?.reason == "moved-authority")
            #expect(closed.closure?.receivingAuthority == "E06000002")
            #expect(closed.closure?.transferBasis == "consent")
            #expect(try await assessor.openSignpost(id).authority.code == "E06000002")

            let notes = try await receiving.episodeNotifications().filter { $0.childID == id }
            #expect(notes.map(\.kind) == ["transfer-in"])
            #expect(notes.first?.forAuthority == true)
            #expect(notes.first?.message.contains("not shared") == true)

            // The receiving authority now holds the child, but not the assessment.
            #expect(try await receiving.openSignpost(id).visibility == "record")
            let refused = try await receiving.send(.GET, path)
            #expect(refused.status == .notFound, "\(refused.body.string)")
            #expect(!refused.body.string.contains("housing advice"))
            #expect(try await receiving.send(.GET, "\(path)/export").status != .ok)
            // The assessor and the original authority's data manager still read it.
            #expect(try await assessor.send(.GET, path).status == .ok)
            #expect(try await manager.send(.GET, path).status == .ok)
        }
    }

    @Test func movingAuthorityWithConsentToShareTheAssessmentPassesItOn() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let receiving = try await signInAs(
                world, organisation: "OTH-CAMHS", roles: [.dataManager], name: "Olu Manager")
            let id = try await assessor.createChild(amelia)
            let consent = try await assessor.recordConsent(id, purposes: ["share-assessment"])
            let episode = try await completedEpisode(assessor, child: id, statement: #"{"consentID":"\#(consent)"}"#)
            let path = "/api/v1/assessments/\(episode.id)"

            #expect(try await receiving.send(.GET, path).status == .notFound)
            let closed = try assessor.episodeView(
                try await assessor.send(
                    .POST, "\(path)/close",
                    json: #"{"reason":"moved-authority","receivingAuthority":"E06000002","transferBasis":"consent"}"#))
            #expect(closed.status == "closed")
            #expect(try await assessor.openSignpost(id).authority.code == "E06000002")
            let notes = try await receiving.episodeNotifications().filter { $0.childID == id }
            #expect(notes.map(\.kind) == ["transfer-in"])
            #expect(notes.first?.message.contains("is shared with you") == true)

            let shared = try await receiving.send(.GET, path)
            #expect(shared.status == .ok, "\(shared.body.string)")
            let view = try receiving.decode(EpisodeView.self, shared)
            #expect(view.content == completeContent())
            #expect(view.closure?.receivingAuthority == "E06000002")
        }
    }

    // MARK: Export

    @Test func onlyADataManagerOfTheChildsAuthorityExportsAnEpisode() async throws {
        try await withSignpostApp { world in
            let assessor = try await signInAs(world, name: "Asha Assessor")
            let manager = try await signInAs(world, roles: [.dataManager], name: "Dana Manager")
            let outsider = try await signInAs(world, organisation: "TST-SCH", name: "Olive Outsider")
            let id = try await assessor.createChild(amelia)
            let episode = try await completedEpisode(assessor, child: id, statement: #"{"declined":true}"#)
            let path = "/api/v1/assessments/\(episode.id)/export"

            let exported = try await manager.send(.GET, path)
            #expect(exported.status == .ok, "\(exported.body.string)")
            #expect(exported.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(
                exported.headers.first(name: .contentDisposition)?.contains("episode-\(episode.id.uuidString).json")
                    == true)
            let view = try manager.decode(EpisodeView.self, exported)
            #expect(view.id == episode.id)
            #expect(view.childID == id)
            #expect(view.content == completeContent())
            #expect(view.status == "completed")

            let byAssessor = try await assessor.send(.GET, path)
            #expect(byAssessor.status == .forbidden, "\(byAssessor.body.string)")
            #expect(try problemOf(byAssessor).detail.contains("data manager"))

            #expect(try await outsider.findIDs(ameliaCriteria).contains(id))
            let byOutsider = try await outsider.send(.GET, path)
            #expect(byOutsider.status == .notFound)
            #expect(!byOutsider.body.string.contains("housing advice"))

            let events = try await episodeAudit(world, "episode.exported", subject: id.uuidString)
            #expect(events.map(\.outcome) == ["success", "refused", "refused"])
            #expect(events.first?.actorID == manager.account.id.uuidString)
            #expect(events.first?.reason == "subject access request")
            #expect(
                events.map(\.actorID) == [
                    manager.account.id.uuidString, assessor.account.id.uuidString, outsider.account.id.uuidString,
                ])
        }
    }
}

// MARK: - Fixtures

private let ameliaCriteria = #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#

/// Concerns, needs not met by one service: the full assessment.
private let fullAssessmentAnswers = checklistJSON(risk: false, concerns: true, singleService: false, unclear: true)

private struct ChecklistCase: Sendable, CustomStringConvertible {
    var risk: Bool
    var concerns: Bool
    var singleService: Bool
    var unclear: Bool
    var route: String

    var description: String {
        "risk \(risk), concerns \(concerns), own service enough \(singleService), needs unclear \(unclear)"
    }
}

/// Every combination of the four answers and where DOMAIN.md says it goes: risk of significant harm
/// always to safeguarding; no concern and nothing unclear, no further action; unclear or broad needs,
/// or needs one service cannot meet, the full assessment; otherwise single-agency support.
private let checklistTable: [ChecklistCase] = [
    ChecklistCase(risk: false, concerns: false, singleService: false, unclear: false, route: "no-further-action"),
    ChecklistCase(risk: false, concerns: false, singleService: false, unclear: true, route: "full-assessment"),
    ChecklistCase(risk: false, concerns: false, singleService: true, unclear: false, route: "no-further-action"),
    ChecklistCase(risk: false, concerns: false, singleService: true, unclear: true, route: "full-assessment"),
    ChecklistCase(risk: false, concerns: true, singleService: false, unclear: false, route: "full-assessment"),
    ChecklistCase(risk: false, concerns: true, singleService: false, unclear: true, route: "full-assessment"),
    ChecklistCase(risk: false, concerns: true, singleService: true, unclear: false, route: "single-agency"),
    ChecklistCase(risk: false, concerns: true, singleService: true, unclear: true, route: "full-assessment"),
    ChecklistCase(risk: true, concerns: false, singleService: false, unclear: false, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: false, singleService: false, unclear: true, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: false, singleService: true, unclear: false, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: false, singleService: true, unclear: true, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: true, singleService: false, unclear: false, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: true, singleService: false, unclear: true, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: true, singleService: true, unclear: false, route: "safeguarding-referral"),
    ChecklistCase(risk: true, concerns: true, singleService: true, unclear: true, route: "safeguarding-referral"),
]

private func checklistJSON(risk: Bool, concerns: Bool, singleService: Bool, unclear: Bool, reasons: String? = nil)
    -> String
{
    var json =
        #"{"riskOfSignificantHarm":\#(risk),"concernsAboutProgress":\#(concerns),"needsMetBySingleService":\#(singleService),"needsUnclearOrBroad":\#(unclear)"#
    if let reasons { json += #","reasons":"\#(reasons)""# }
    return json + "}"
}

/// An assessment that can be completed: what led to it, one element in each domain, the conclusions.
private func completeContent() -> AssessmentContent {
    var content = AssessmentContent()
    content.whatLedToIt = "School raised concerns about attendance and tiredness"
    content.peoplePresent = "Amelia, Dawn Smith (mother), class teacher"
    content.elements = [
        "development.general-health": .init(strengths: "Healthy and active", needs: "Dental check overdue"),
        "parents.emotional-warmth": .init(strengths: "Warm relationship with her mother"),
        "family.housing-employment-finance": .init(needs: "Rent arrears and a risk of eviction"),
    ]
    content.conclusions = "Family support to lead; referral for housing advice"
    return content
}

private func saveBody(version: Int, _ content: AssessmentContent) throws -> String {
    let encoded = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
    return #"{"version":\#(version),"content":\#(encoded)}"#
}

private func meetingJSON(heldOn: CalendarDate, decisions: String = "Sam to lead; weekly check-ins at school") -> String
{
    #"{"heldOn":"\#(heldOn.iso)","attendees":"Amelia, Dawn Smith, Sam Teacher, Asha Assessor","decisions":"\#(decisions)"}"#
}

private func actionJSON(owner: UUID, dueOn: CalendarDate) -> String {
    #"{"ownerInvolvementID":"\#(owner)","dueOn":"\#(dueOn.iso)","description":"Arrange a breakfast club place","desiredOutcome":"Amelia arrives on time and has eaten"}"#
}

private func reviewJSON(heldOn: CalendarDate, next: CalendarDate) -> String {
    #"{"heldOn":"\#(heldOn.iso)","attendees":"Dawn Smith, Sam Teacher, Asha Assessor","progress":"Attendance up to 92%","nextSteps":"Keep the breakfast club","childComments":"I like breakfast club","nextReviewOn":"\#(next.iso)"}"#
}

// MARK: - Helpers

/// A fresh account with these roles in this organisation, signed in to the API under its own name.
private func signInAs(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner], name: String
) async throws -> APIClient {
    let account = try await world.account(roles: roles, organisation: organisation, name: name)
    return try await APIClient.signIn(world, account)
}

/// Starts a full assessment, records the consent statement, fills it in and completes it.
private func completedEpisode(
    _ assessor: APIClient, child id: UUID, statement: String, content: AssessmentContent = completeContent(),
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> EpisodeView {
    let started = try await assessor.startEpisode(id, sourceLocation: sourceLocation)
    let path = "/api/v1/assessments/\(started.id)"
    let draft = try assessor.episodeView(
        try await assessor.send(.POST, "\(path)/consent", json: statement), sourceLocation: sourceLocation)
    let saved = try assessor.episodeView(
        try await assessor.send(.PUT, path, json: try saveBody(version: draft.version, content)),
        sourceLocation: sourceLocation)
    let completed = try assessor.episodeView(
        try await assessor.send(.POST, "\(path)/complete", json: #"{"version":\#(saved.version)}"#),
        sourceLocation: sourceLocation)
    try #require(completed.status == "completed", sourceLocation: sourceLocation)
    return completed
}

private func problemOf(_ response: TestingHTTPResponse) throws -> ErrorResponseMiddleware.Problem {
    try JSONDecoder().decode(ErrorResponseMiddleware.Problem.self, from: Data(response.body.string.utf8))
}

/// The fields a 422 problem document names, in order.
private func problemFields(_ response: TestingHTTPResponse) throws -> [String] {
    try problemOf(response).errors?.map(\.field) ?? []
}

/// A change to a closed episode: 403, saying why.
private func expectClosedRefusal(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation)
    throws
{
    #expect(response.status == .forbidden, "\(response.body.string)", sourceLocation: sourceLocation)
    #expect(try problemOf(response).detail.contains("closed"), sourceLocation: sourceLocation)
}

/// Audit events of one action about one subject, oldest first.
private func episodeAudit(_ world: TestWorld, _ action: String, subject: String) async throws -> [AuditEventModel] {
    try await AuditEventModel.query(on: try await world.auditLog)
        .filter(\.$action == action)
        .filter(\.$subjectID == subject)
        .sort(\.$id)
        .all()
}

/// How many rows of `table` hold `phrase` in any of `columns`, asked of the database directly.
private func rowsLike(_ phrase: String, table: String, columns: [String], _ world: TestWorld) async throws -> Int {
    let pattern = "%\(phrase)%"
    var total = 0
    for column in columns {
        let row = try await world.sql.raw(
            "SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(ident: column) LIKE \(bind: pattern)"
        ).first()
        total += try row?.decode(column: "n", as: Int.self) ?? 0
    }
    return total
}

extension APIClient {
    /// An episode from a response that must have this status.
    fileprivate func episodeView(
        _ response: TestingHTTPResponse, _ status: HTTPStatus = .ok, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> EpisodeView {
        try #require(response.status == status, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode(EpisodeView.self, response)
    }

    /// Starts an episode through the checklist (a full assessment unless told otherwise).
    fileprivate func startEpisode(
        _ child: UUID, _ answers: String = fullAssessmentAnswers, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> EpisodeView {
        try episodeView(
            try await send(.POST, "/api/v1/children/\(child)/assessments", json: answers), .created,
            sourceLocation: sourceLocation)
    }

    /// Records a parent's written consent for these purposes and returns its id.
    fileprivate func recordConsent(_ child: UUID, purposes: [String], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> UUID
    {
        let list = purposes.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try await send(
            .POST, "/api/v1/children/\(child)/consents",
            json: #"{"givenBy":"parent","giverName":"Dawn Smith","purposes":[\#(list)],"method":"written"}"#)
        try #require(response.status == .created, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode(GovernanceView.Consent.self, response).id
    }

    /// Finds Amelia by a reasoned search, then records this practitioner's involvement; returns its id.
    fileprivate func joinTeam(of child: UUID, sourceLocation: SourceLocation = #_sourceLocation) async throws -> UUID {
        #expect(
            try await findIDs(ameliaCriteria, sourceLocation: sourceLocation).contains(child),
            sourceLocation: sourceLocation)
        let added = try await send(
            .POST, "/api/v1/children/\(child)/involvements",
            json: #"{"role":"Class teacher","contactPhone":"01632 960444"}"#)
        try #require(added.status == .created, "\(added.body.string)", sourceLocation: sourceLocation)
        // An involvement is signposting; membership is its own grant (here made directly, as a data manager would).
        try await world.admitToTeam(account.id, child: child)
        return try decode(SignpostView.Involvement.self, added).id
    }

    /// The id of the named practitioner's involvement with the child, as the child's page lists it.
    fileprivate func involvementID(
        of practitioner: String, child: UUID, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> UUID {
        let view = try await openSignpost(child, sourceLocation: sourceLocation)
        return try #require(
            view.involvements.first(where: { $0.practitioner == practitioner })?.id, sourceLocation: sourceLocation)
    }

    /// The ids a reasoned search returns; the search itself must succeed.
    fileprivate func findIDs(_ criteria: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [UUID]
    {
        let response = try await search(criteria)
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode(SearchResponse.self, response).results.map(\.id)
    }

    /// `GET /children/{id}`, which must answer 200.
    fileprivate func openSignpost(_ id: UUID, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> SignpostView
    {
        let response = try await send(.GET, "/api/v1/children/\(id)")
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode(SignpostView.self, response)
    }

    fileprivate func episodeNotifications(sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [NotificationService.NotificationView]
    {
        let response = try await send(.GET, "/api/v1/notifications")
        try #require(response.status == .ok, "\(response.body.string)", sourceLocation: sourceLocation)
        return try decode([NotificationService.NotificationView].self, response)
    }

    /// A new token for the same person, for after the clock has passed the token's hour.
    fileprivate func signedInAgain() async throws -> APIClient {
        try await APIClient.signIn(world, account)
    }
}
