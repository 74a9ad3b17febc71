import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Inviting anyone to the team by name, from the episode's team page: the lead professional finds a
/// practitioner, invites them, and they accept (joining the team) or decline, once.
@Suite("Team invitations: find anyone by name; invited, accepted, declined")
struct TeamInvitationPageTests {
    /// A completed episode of a new child, created by `lead` (the fixture makes its creator lead professional).
    static func completedEpisode(_ world: TestWorld, lead: TestAccount) async throws -> (child: UUID, episode: UUID) {
        let api = try await APIClient.signIn(world, lead)
        let child = try await api.createChild(amelia)
        let started = try await api.completedEpisode(of: child)
        return (child, started.id)
    }

    static func signedIn(_ world: TestWorld, _ account: TestAccount) async throws -> TestBrowser {
        world.clock.advance(seconds: 31)
        let browser = TestBrowser(world.app)
        try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
        return browser
    }

    static func invitationID(_ world: TestWorld, for practitioner: UUID) async throws -> UUID {
        try #require(
            try await TeamInvitationModel.query(on: world.app.db).filter(\.$practitionerID == practitioner).first()?
                .id)
    }

    @Test func theLeadInvitesAnyoneByNameAndTheyAcceptOrDeclineOnce() async throws {
        try await withSignpostApp { world in
            let lead = try await world.account(name: "Lena Lead")
            let hana = try await world.account(organisation: "TST-SCH", name: "Hana Hussain")
            let omar = try await world.account(name: "Omar Okafor")
            let (child, episode) = try await Self.completedEpisode(world, lead: lead)
            let browser = try await Self.signedIn(world, lead)
            let team = "/assessments/\(episode)/team"

            var page = try await browser.get(team)
            #expect(page.status == .ok)
            let option = try #require(
                page.body.string.range(of: #"<option value="([0-9A-F-]{36})""#, options: .regularExpression))
            let involvement = String(page.body.string[option].dropFirst(15).prefix(36))
            let chosen = try await browser.post(
                "/assessments/\(episode)/lead",
                form: ["leadInvolvementID": involvement, "chosenWithFamily": "yes"])
            #expect(chosen.status == .seeOther)

            // Found by name, case and order of words aside; a one-letter search is refused on the page.
            page = try await browser.get("\(team)?find=hussain%20HANA")
            #expect(page.body.string.contains("Hana Hussain"))
            #expect(page.body.string.contains(#"name="practitionerID" value="\#(hana.id.uuidString)""#))
            #expect(!page.body.string.contains("Omar Okafor"))
            page = try await browser.get("\(team)?find=h")
            #expect(page.body.string.contains("Enter between 2 and 100 characters of a name."))

            let sent = try await browser.post("\(team)/invitations", form: ["practitionerID": hana.id.uuidString])
            #expect(sent.status == .seeOther)
            #expect(sent.headers.first(name: .location) == "\(team)?notice=invitation-sent")
            page = try await browser.get("\(team)?notice=invitation-sent")
            #expect(page.body.string.contains("The invitation has been sent."))
            #expect(page.body.string.contains("Hana Hussain, Testshire School"))
            #expect(page.body.string.contains(">Invited</strong>"))

            // Inviting again, or inviting oneself, says why nothing happened.
            let again = try await browser.post("\(team)/invitations", form: ["practitionerID": hana.id.uuidString])
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("Hana Hussain has been invited already and has not answered yet."))
            let myself = try await browser.post("\(team)/invitations", form: ["practitionerID": lead.id.uuidString])
            #expect(myself.status == .conflict)
            #expect(myself.body.string.contains("You are in this child&#39;s team already."))

            // Hana sees the invitation at home, cannot open the record yet, accepts, and can.
            let hanaBrowser = try await Self.signedIn(world, hana)
            let home = try await hanaBrowser.get("/")
            #expect(home.body.string.contains("Lena Lead invited you to join the team of <strong>Amelia"))
            #expect(try await hanaBrowser.get("/children/\(child)").status == .notFound)
            let invitation = try await Self.invitationID(world, for: hana.id)
            let accepted = try await hanaBrowser.post("/team/invitations/\(invitation)/accept", form: [:])
            #expect(accepted.headers.first(name: .location) == "/children/\(child.uuidString)?notice=joined-team")
            #expect(try await hanaBrowser.get("/children/\(child)").status == .ok)
            let twice = try await hanaBrowser.post("/team/invitations/\(invitation)/decline", form: [:])
            #expect(twice.status == .conflict)

            // Omar declines with a reason; the lead reads both answers; Hana cannot answer Omar's.
            _ = try await browser.post("\(team)/invitations", form: ["practitionerID": omar.id.uuidString])
            let omarsInvitation = try await Self.invitationID(world, for: omar.id)
            let notHers = try await hanaBrowser.post("/team/invitations/\(omarsInvitation)/accept", form: [:])
            #expect(notHers.status == .notFound)
            let omarBrowser = try await Self.signedIn(world, omar)
            try await omarBrowser.get("/")
            let declined = try await omarBrowser.post(
                "/team/invitations/\(omarsInvitation)/decline", form: ["reason": "Not my area"])
            #expect(declined.headers.first(name: .location) == "/?notice=invitation-declined")
            #expect(try await omarBrowser.get("/children/\(child)").status == .notFound)
            page = try await browser.get(team)
            #expect(page.body.string.contains(">Accepted</strong>"))
            #expect(page.body.string.contains(">Declined</strong> Not my area"))

            let actions = try await world.auditActions()
            #expect(actions.filter { $0 == "team.invited" }.count == 2, "two sent; the two repeats changed nothing")
            #expect(actions.contains("team.invitation-accepted"))
            #expect(actions.contains("team.invitation-declined"))
        }
    }

    /// Declining from the home page takes an optional reason: trimmed, at most 500 characters (a longer
    /// one is shown again under its box with the error), stored on the invitation and never audited.
    @Test func declineTakesAnOptionalReasonOfAtMost500Characters() async throws {
        #expect(try TeamInvitationService.answerReason("  Not my area \n") == "Not my area")
        #expect(try TeamInvitationService.answerReason("   ") == nil)
        #expect(try TeamInvitationService.answerReason(nil) == nil)
        #expect(try TeamInvitationService.answerReason(String(repeating: "a", count: 500))?.count == 500)
        #expect(throws: ServiceError.self) {
            _ = try TeamInvitationService.answerReason(String(repeating: "a", count: 501))
        }
        try await withSignpostApp { world in
            let lead = try await world.account(name: "Lena Lead")
            let omar = try await world.account(name: "Omar Okafor")
            let (_, episode) = try await Self.completedEpisode(world, lead: lead)
            let browser = try await Self.signedIn(world, lead)
            try await browser.get("/assessments/\(episode)/team")
            let sent = try await browser.post(
                "/assessments/\(episode)/team/invitations", form: ["practitionerID": omar.id.uuidString])
            #expect(sent.status == .seeOther)
            let invitation = try await Self.invitationID(world, for: omar.id)
            let box = "reason-\(invitation.uuidString)"

            let omarBrowser = try await Self.signedIn(world, omar)
            let home = try await omarBrowser.get("/").body.string
            #expect(home.contains(#"<label class="govuk-label govuk-label--s" for="\#(box)">Reason (optional)"#))
            #expect(home.contains(#"id="\#(box)" name="reason""#))

            let long = String(repeating: "x", count: 501)
            let refused = try await omarBrowser.post("/team/invitations/\(invitation)/decline", form: ["reason": long])
            #expect(refused.status == .unprocessableEntity)
            let page = refused.body.string
            #expect(page.contains("<title>Error: Home"))
            #expect(page.contains("govuk-error-summary"))
            #expect(page.contains(##"href="#\##(box)""##))
            #expect(page.contains(#"id="\#(box)-error""#))
            #expect(page.contains("The reason must be 500 characters or fewer."))
            #expect(page.contains(">\(long)</textarea>"), "what was typed is kept")
            var stored = try #require(try await TeamInvitationModel.find(invitation, on: world.app.db))
            #expect(stored.status == TeamInvitationStatus.invited.rawValue)
            #expect(stored.answerReason == nil)

            let declined = try await omarBrowser.post(
                "/team/invitations/\(invitation)/decline", form: ["reason": "  Not my area  "])
            #expect(declined.status == .seeOther)
            #expect(declined.headers.first(name: .location) == "/?notice=invitation-declined")
            stored = try #require(try await TeamInvitationModel.find(invitation, on: world.app.db))
            #expect(stored.status == TeamInvitationStatus.declined.rawValue)
            #expect(stored.answerReason == "Not my area")
            // Stored on the invitation and told to the inviter, but written to no log.
            let events = try await AuditEventModel.query(on: try await world.auditLog).all()
            #expect(events.contains { $0.action == "team.invitation-declined" && $0.outcome == "success" })
            #expect(
                !events.contains { ($0.reason ?? "").contains("Not my area") || $0.details.contains("Not my area") })
        }
    }

    /// A member of the child's team outside this plan sees no team page and cannot invite through it
    /// (who may invite at all is `Policy.decide(.inviteToTeam)`, tested in the Core matrix).
    @Test func aMemberOutsideThePlanNeitherSeesItsTeamNorInvites() async throws {
        try await withSignpostApp { world in
            let lead = try await world.account(name: "Lena Lead")
            let member = try await world.account(name: "Mo Member")
            let outsider = try await world.account(name: "Olu Outsider")
            let (child, episode) = try await Self.completedEpisode(world, lead: lead)
            try await world.admitToTeam(member.id, child: child)
            let browser = try await Self.signedIn(world, member)
            let page = try await browser.get("/assessments/\(episode)/team?find=olu")
            #expect(page.status == .notFound)
            #expect(!page.body.string.contains("Olu Outsider"))
            try await browser.get("/")
            let refused = try await browser.post(
                "/assessments/\(episode)/team/invitations", form: ["practitionerID": outsider.id.uuidString])
            #expect(refused.status == .notFound)
            #expect(try await TeamInvitationModel.query(on: world.app.db).count() == 0)
        }
    }

    /// Accepting is decided again on the day: a lapsed invitation, or one from someone who may no longer
    /// invite, does not let anyone in; nobody invites themselves; only those who invite see invitations.
    @Test func acceptingIsDecidedAgainAndNobodyInvitesThemselves() async throws {
        try await withSignpostApp { world in
            let lead = try await world.account(name: "Lena Lead")
            let hana = try await world.account(organisation: "TST-SCH", name: "Hana Hussain")
            let omar = try await world.account(name: "Omar Okafor")
            let manager = try await world.account(roles: [.practitioner, .dataManager], name: "Dana Manager")
            let (child, episode) = try await Self.completedEpisode(world, lead: lead)
            let browser = try await Self.signedIn(world, lead)
            try await browser.get("/")
            let team = "/assessments/\(episode)/team"
            for invitee in [hana, omar] {
                try await browser.get(team)
                let sent = try await browser.post(
                    "\(team)/invitations", form: ["practitionerID": invitee.id.uuidString])
                #expect(sent.status == .seeOther)
            }

            // A data manager of the child's authority may invite, but not themselves.
            let managerService = TeamInvitationService(context: world.context)
            let managerSelf = try await AuthenticationService.authenticated(
                try #require(
                    try await PractitionerModel.query(on: world.app.db).filter(\.$id == manager.id)
                        .with(\.$organisation) { $0.with(\.$authority) }.first()))
            await #expect(throws: ServiceError.self) {
                _ = try await managerService.invite(
                    childID: child, episodeID: nil, practitionerID: manager.id, by: managerSelf)
            }

            // The lead stops being lead: Hana's invitation no longer lets her in, and the refusal is audited.
            let involvement = try #require(
                try await InvolvementModel.query(on: world.app.db).filter(\.$child.$id == child)
                    .filter(\.$leadProfessional == true).first())
            involvement.leadProfessional = false
            try await involvement.save(on: world.app.db)
            // No longer inviting, the assessor still reads the team page, but not who was invited.
            let notLead = try await browser.get(team)
            #expect(notLead.status == .ok)
            #expect(!notLead.body.string.contains(#"id="invitation-list""#))
            #expect(!notLead.body.string.contains("Hana Hussain"))
            let hanaBrowser = try await Self.signedIn(world, hana)
            try await hanaBrowser.get("/")
            let invitation = try await Self.invitationID(world, for: hana.id)
            let refused = try await hanaBrowser.post("/team/invitations/\(invitation)/accept", form: [:])
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("can no longer add people to this team"))
            #expect(try await hanaBrowser.get("/children/\(child)").status == .notFound)
            let refusals = try await AuditEventModel.query(on: try await world.auditLog)
                .filter(\.$action == "team.invitation-accepted").all().map(\.outcome)
            #expect(refusals == ["refused"])

            // After four weeks an invitation lapses: it leaves the home page and cannot be accepted.
            involvement.leadProfessional = true
            try await involvement.save(on: world.app.db)
            world.clock.advance(seconds: Double(TeamInvitationStatus.openForDays + 1) * 24 * 60 * 60)
            let omarBrowser = try await Self.signedIn(world, omar)
            #expect(!(try await omarBrowser.get("/").body.string.contains(#"id="invitation-list""#)))
            let lapsed = try await omarBrowser.post(
                "/team/invitations/\(try await Self.invitationID(world, for: omar.id))/accept", form: [:])
            #expect(lapsed.status == .conflict)
            #expect(try await omarBrowser.get("/children/\(child)").status == .notFound)

        }
    }
}
