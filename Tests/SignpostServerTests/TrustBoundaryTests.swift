import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The findings of the black-box security review, one test each: every one failed on the main branch
/// before team membership, uniform refusals and separation of duties.
@Suite("Trust boundary: no glimpse becomes lasting access, hidden looks like missing, every refusal audited")
struct TrustBoundaryTests {
    // MARK: Finding 1: break-glass became permanent access

    @Test func nothingDoneUnderBreakGlassOutlivesTheToken() async throws {
        try await withSignpostApp { world in
            let team = try await client(world)
            let manager = try await client(world, roles: [.dataManager])
            let officerAccount = try await world.account(
                roles: [.practitioner, .childProtection], organisation: "TST-SCH")
            let officer = try await APIClient.signIn(world, officerAccount)
            let id = try await team.createChild(maya)
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            #expect(
                try await manager.send(
                    .POST, "/api/v1/children/\(id)/shield",
                    json: #"{"grounds":"At risk if located","reviewOn":"\#(review)"}"#
                ).status == .created)
            #expect(try await officer.search(mayaByName).status == .ok)
            let opened = try await officer.send(
                .POST, "/api/v1/children/\(id)/break-glass",
                json: #"{"reason":"Injured child in custody suite","confirm":true}"#)
            #expect(opened.status == .ok, "\(opened.body.string)")
            #expect(try officer.decode(SignpostView.self, opened).visibility == "record")

            // Under break-glass: no involvement, no join request.
            let involvement = try await officer.send(
                .POST, "/api/v1/children/\(id)/involvements", json: #"{"role":"Police officer"}"#)
            #expect(involvement.status == .forbidden, "\(involvement.body.string)")
            let join = try await officer.send(
                .POST, "/api/v1/children/\(id)/join-requests", json: #"{"reason":"Ongoing enquiry"}"#)
            #expect(join.status == .forbidden, "\(join.body.string)")
            #expect(try await InvolvementModel.query(on: world.app.db).filter(\.$child.$id == id).count() == 1)

            // A new token that never used break-glass sees at most the shielded signpost.
            world.clock.advance(seconds: 31)
            let again = try await APIClient.signIn(world, officerAccount)
            let later = try await again.send(.GET, "/api/v1/children/\(id)")
            #expect(later.status == .ok)
            let view = try again.decode(SignpostView.self, later)
            #expect(view.visibility == "shielded")
            #expect(view.record == nil)
            #expect(view.governance == nil)
            #expect(!later.body.string.lowercased().contains("ls6 2ab"))
            #expect(try await again.send(.GET, "/api/v1/children/\(id)/accesses").status == .notFound)
        }
    }

    // MARK: Finding 2: anyone who sees a signpost could join the team

    @Test func recordingAnInvolvementIsSignpostingAndJoiningIsDecidedByTheLead() async throws {
        try await withSignpostApp { world in
            let lead = try await client(world, name: "Lena Lead")
            let school = try await client(world, organisation: "TST-SCH", name: "Sam Teacher")
            let id = try await lead.createChild(amelia)
            #expect(try await school.foundIDs(ameliaByName) == [id])
            let added = try await school.send(
                .POST, "/api/v1/children/\(id)/involvements", json: #"{"role":"Class teacher"}"#)
            #expect(added.status == .created)
            // Involved, so findable and reachable: still only the signpost.
            let signpost = try await school.send(.GET, "/api/v1/children/\(id)")
            #expect(signpost.status == .ok)
            let view = try school.decode(SignpostView.self, signpost)
            #expect(view.visibility == "signpost")
            #expect(view.record == nil)
            #expect(view.may.requestToJoin)

            let noReason = try await school.send(.POST, "/api/v1/children/\(id)/join-requests", json: "{}")
            #expect(noReason.status == .unprocessableEntity)
            let asked = try await school.send(
                .POST, "/api/v1/children/\(id)/join-requests", json: #"{"reason":"Daily contact at school"}"#)
            #expect(asked.status == .created, "\(asked.body.string)")
            let requestID = try school.decode(TeamService.JoinRequestView.self, asked).id
            #expect(try await lead.notifications().contains { $0.kind == "join-request" && $0.childID == id })

            // Only the lead professional or the authority's data manager decides.
            let outsider = try await client(world, organisation: "TST-SCH")
            #expect(
                try await outsider.send(.POST, "/api/v1/join-requests/\(requestID)/admit", json: #"{"reason":"x"}"#)
                    .status == .notFound)
            let pending = try lead.decode(
                TeamAPIController.JoinRequests.self, try await lead.send(.GET, "/api/v1/join-requests"))
            #expect(pending.requests.map(\.id) == [requestID])
            let admitted = try await lead.send(
                .POST, "/api/v1/join-requests/\(requestID)/admit", json: #"{"reason":"Agreed at the TAC meeting"}"#)
            #expect(admitted.status == .ok, "\(admitted.body.string)")
            #expect(try await school.openChild(id).visibility == "record")
            #expect(try await school.notifications().contains { $0.kind == "team.join-admitted" })
            let actions = try await world.auditActions()
            #expect(actions.contains("team.join-requested") && actions.contains("team.join-admitted"))

            // A declined request opens nothing.
            let other = try await client(world, organisation: "TST-SCH")
            #expect(try await other.foundIDs(ameliaByName) == [id])
            let second = try other.decode(
                TeamService.JoinRequestView.self,
                try await other.send(
                    .POST, "/api/v1/children/\(id)/join-requests", json: #"{"reason":"Pastoral lead"}"#))
            #expect(
                try await lead.send(
                    .POST, "/api/v1/join-requests/\(second.id)/decline", json: #"{"reason":"Sam covers school"}"#
                ).status == .ok)
            #expect(try await other.openChild(id).visibility == "signpost")
            #expect(try await isIntact(world))
        }
    }

    // MARK: Finding 3: an administrator could mint a reader

    @Test func privilegedRolesNeedASecondAdministratorAndAlertTheAuditors() async throws {
        try await withSignpostApp { world in
            let first = try await world.account(roles: [.admin], name: "Ada First")
            let second = try await world.account(roles: [.admin], name: "Ben Second")
            let auditor = try await client(world, roles: [.auditor])
            let browser = TestBrowser(world.app)
            try await browser.signIn(first, code: first.code(at: world.clock.now))
            try await browser.get("/admin/accounts")
            let form = [
                "name": "Mint Reader", "email": "mint@test.example", "organisation": "TST-CSC",
                "dbsCheckedOn": "2026-01-01",
                "trainedOn": "2026-01-02", "agreementSignedOn": "2026-01-03",
            ]
            // No account holds admin with auditor or data manager.
            var everything = form
            everything["role[]"] = "admin"
            let combined = try await browser.send(
                .POST, "/admin/accounts", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: formBody(everything)
                    + "&role%5B%5D=auditor&role%5B%5D=data-manager&csrfToken=\(browser.csrfToken ?? "")")
            #expect(combined.status == .unprocessableEntity)
            #expect(combined.body.string.contains("separation of duties"))
            // Vetting dates cannot be in the future.
            try await browser.get("/admin/accounts")
            var future = form
            future["role[]"] = "practitioner"
            future["dbsCheckedOn"] = "2099-01-01"
            #expect(try await browser.post("/admin/accounts", form: future).status == .unprocessableEntity)

            try await browser.get("/admin/accounts")
            var manager = form
            manager["role[]"] = "data-manager"
            #expect(try await browser.post("/admin/accounts", form: manager).status == .seeOther)
            let created = try #require(
                try await PractitionerModel.query(on: world.app.db).filter(\.$email == "mint@test.example").first())
            #expect(created.roles == "")
            #expect(created.passwordHash == "")
            let grant = try #require(
                try await RoleGrantModel.query(on: world.app.db).filter(\.$status == "pending").first())
            // The administrator who asked cannot approve it.
            let page = try await browser.get("/admin/accounts")
            #expect(page.body.string.contains("Another administrator must approve this."))
            #expect(
                try await browser.post("/admin/accounts/grants/\(grant.id!)/approve", form: [:]).status == .forbidden)
            #expect(
                try await auditor.send(.GET, "/api/v1/alerts?status=all").body.string.contains("privileged-grant")
                    == false)

            let approver = TestBrowser(world.app)
            try await approver.signIn(second, code: second.code(at: world.clock.now))
            try await approver.get("/admin/accounts")
            #expect(
                try await approver.post("/admin/accounts/grants/\(grant.id!)/approve", form: [:]).status == .seeOther)
            #expect(try await PractitionerModel.find(created.id, on: world.app.db)?.roles == "data-manager")
            let alerts = try auditor.decode(
                [AlertService.AlertView].self, try await auditor.send(.GET, "/api/v1/alerts?status=all"))
            #expect(alerts.filter { $0.kind == "privileged-grant" }.count == 1)
            let actions = try await world.auditActions()
            for action in ["account.roles-requested", "account.roles-approved"] { #expect(actions.contains(action)) }
        }
    }

    @Test func aDataManagerOfTheChildsAuthorityAdmitsDirectlyAndNobodyElseCan() async throws {
        try await withSignpostApp { world in
            let team = try await client(world)
            let manager = try await client(world, roles: [.dataManager])
            let otherManager = try await client(world, organisation: "OTH-CAMHS", roles: [.dataManager])
            let school = try await client(world, organisation: "TST-SCH", name: "Sam Teacher")
            let id = try await team.createChild(amelia)
            let body = #"{"practitionerID":"\#(school.account.id)","reason":"Allocated by the authority"}"#
            // A team member who is not the lead, another authority's data manager, and the school itself: refused.
            #expect(try await team.send(.POST, "/api/v1/children/\(id)/members", json: body).status == .forbidden)
            #expect(
                try await otherManager.send(.POST, "/api/v1/children/\(id)/members", json: body).status == .notFound)
            #expect(try await school.send(.POST, "/api/v1/children/\(id)/members", json: body).status == .notFound)
            #expect(
                try await manager.send(
                    .POST, "/api/v1/children/\(id)/members", json: #"{"practitionerID":"\#(school.account.id)"}"#
                )
                .status == .unprocessableEntity)
            #expect(try await manager.send(.POST, "/api/v1/children/\(id)/members", json: body).status == .noContent)
            #expect(try await school.openChild(id).visibility == "record")
            #expect(try await school.notifications().contains { $0.kind == "team.admitted-directly" })
            #expect(try await team.notifications().contains { $0.kind == "team.joined" })
        }
    }

    @Test func anEnrolmentLinkLastsSeventyTwoHoursAndNoAdministratorActsOnTheirOwnAccount() async throws {
        try await withSignpostApp { world in
            let admin = try await world.account(roles: [.admin], name: "Ada First")
            let browser = TestBrowser(world.app)
            try await browser.signIn(admin, code: admin.code(at: world.clock.now))
            try await browser.get("/admin/accounts")
            #expect(
                try await browser.post(
                    "/admin/accounts",
                    form: [
                        "name": "Late Starter", "email": "late@test.example", "organisation": "TST-SCH",
                        "role[]": "practitioner",
                        "dbsCheckedOn": "2026-01-01", "trainedOn": "2026-01-02", "agreementSignedOn": "2026-01-03",
                    ]
                ).status == .seeOther)
            let message = try #require(try await OutboxService(context: world.context).pending(markSent: true).first)
            #expect(try await OutboxService(context: world.context).pending(markSent: false).isEmpty)
            let token = try #require(
                message.body.components(separatedBy: "/enrol/").last?.split(separator: "\n").first.map(String.init))
            world.clock.advance(seconds: 72 * 60 * 60 + 1)
            #expect(try await TestBrowser(world.app).get("/enrol/\(token)").status == .notFound)
            // An administrator cannot grant themself a role.
            try await browser.signIn(admin, code: admin.code(at: world.clock.now))
            try await browser.get("/admin/accounts")
            let own = try await browser.post(
                "/admin/accounts/\(admin.id.uuidString)/roles", form: ["role[]": "child-protection"])
            #expect(own.status == .unprocessableEntity)
            #expect(own.body.string.contains("their own account"))
            #expect(try await RoleGrantModel.query(on: world.app.db).count() == 0)
        }
    }

    @Test func onThePageASensitiveServiceRecordsItsInvolvementWithItsBasisAndStillOnlySignposts() async throws {
        try await withSignpostApp { world in
            let team = try await client(world)
            let id = try await team.createChild(amelia)
            let account = try await world.account(organisation: "OTH-CAMHS")
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            try await browser.get("/children/search")
            try await browser.post(
                "/children/search",
                form: [
                    "reason": "new-referral", "givenName": "Amelia", "familyName": "Smith-Jones",
                    "dateOfBirth": "2016-07-09",
                ])
            let page = try await browser.get("/children/\(id)")
            #expect(page.body.string.contains("Record my involvement"))
            #expect(page.body.string.contains(#"name="sensitiveBasis""#))
            let missing = try await browser.post("/children/\(id)/involvements", form: ["role": "CAMHS clinician"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("govuk-error-summary"))
            #expect(missing.body.string.contains(#"value="CAMHS clinician""#))
            let recorded = try await browser.post(
                "/children/\(id)/involvements",
                form: [
                    "role": "CAMHS clinician", "sensitiveBasis": "child-consent",
                    "sensitiveBasisNote": "Amelia asked for it to be recorded",
                ])
            #expect(recorded.status == .seeOther)
            let after = try await browser.get("/children/\(id)?notice=involvement-recorded")
            #expect(after.body.string.contains("Your involvement is recorded"))
            #expect(!after.body.string.contains("Index record</h2>"))
        }
    }

    // MARK: Finding 4: the duplicate check was a search without the rules

    @Test func theDuplicateCheckNeedsAReasonAndSharesOnlyWhatASearchWould() async throws {
        try await withSignpostApp { world in
            let team = try await client(world)
            let outsider = try await client(world, organisation: "TST-SCH")
            let id = try await team.createChild(amelia)
            let hidden = try await team.createChild(oliverOnConsent)
            let noReason = try await outsider.send(.POST, "/api/v1/children", json: #"{"child":{\#(amelia)}}"#)
            #expect(noReason.status == .unprocessableEntity)
            #expect(try outsider.problem(noReason).errors?.map(\.field) == ["reason"])
            let checked = try await outsider.send(
                .POST, "/api/v1/children",
                json: #"{"reason":"other","reasonText":"Joining the school","child":{\#(amelia)}}"#)
            #expect(checked.status == .ok, "\(checked.body.string)")
            let found = try outsider.decode(ChildrenAPIController.CreateResponse.self, checked)
            #expect(found.possibleExisting?.map(\.id) == [id])
            let oliver = try await outsider.send(
                .POST, "/api/v1/children", json: #"{"reason":"new-referral","child":{\#(oliverOnConsent)}}"#)
            #expect(try outsider.decode(ChildrenAPIController.CreateResponse.self, oliver).created)
            #expect(try await outsider.send(.GET, "/api/v1/children/\(hidden)").status == .notFound)
            let checks = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "child.duplicate-check"
            )
            .sort(\.$id).all()
            #expect(checks.map(\.outcome) == ["success", "success"])
            #expect(checks[0].reason == "Other: Joining the school")
            #expect(!checks[0].details.contains("Amelia"))
            let refused = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "request.refused"
            ).all()
            #expect(refused.map(\.details).contains { $0.contains("reason") && $0.contains("422") })
        }
    }

    @Test func theDuplicateCheckCountsAgainstTheSearchRateLimitAndA429IsAudited() async throws {
        try await withSignpostApp(adjust: { $0.searchesPerMinute = 3 }) { world in
            let team = try await client(world)
            _ = try await team.createChild(amelia)
            let other = try await client(world, organisation: "TST-SCH")
            #expect(try await other.search(ameliaByName).status == .ok)
            #expect(try await other.search(ameliaByName).status == .ok)
            let check = try await other.send(
                .POST, "/api/v1/children", json: #"{"reason":"new-referral","child":{\#(amelia)}}"#)
            #expect(check.status == .ok)
            let limited = try await other.send(
                .POST, "/api/v1/children", json: #"{"reason":"new-referral","child":{\#(amelia)}}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(try await other.search(ameliaByName).status == .tooManyRequests)
            let refused = try await AuditEventModel.query(on: try await world.auditLog).filter(\.$outcome == "refused")
                .sort(\.$id)
                .all()
            #expect(refused.map(\.action) == ["child.duplicate-check", "child.searched"])
            #expect(refused.allSatisfy { $0.details.contains("rate-limited") && $0.details.contains("429") })
            #expect(refused.allSatisfy { !$0.details.contains("Amelia") && !$0.details.contains("2016-07-09") })
        }
    }

    // MARK: Finding 5: hidden and missing objects answered differently

    @Test func aHiddenObjectAnswersExactlyLikeAMissingOne() async throws {
        try await withSignpostApp { world in
            let team = try await client(world)
            let manager = try await client(world, roles: [.dataManager])
            let stranger = try await client(world, organisation: "TST-SCH")
            let id = try await team.createChild(amelia)
            let involvement = try #require(try await team.openChild(id).involvements.first?.id)
            let consent = try team.decode(
                GovernanceView.Consent.self,
                try await team.send(
                    .POST, "/api/v1/children/\(id)/consents",
                    json: #"{"givenBy":"parent","giverName":"Karen Reed","purposes":["index"],"method":"written"}"#))
            _ = manager
            let missing = UUID()
            let pairs: [(String, String, String)] = [
                (
                    "/api/v1/children/\(id)/shield", "/api/v1/children/\(missing)/shield",
                    #"{"grounds":"x","reviewOn":"2027-01-01"}"#
                ),
                ("/api/v1/children/\(id)/shield/lift", "/api/v1/children/\(missing)/shield/lift", #"{"reason":"x"}"#),
                (
                    "/api/v1/children/\(id)/break-glass", "/api/v1/children/\(missing)/break-glass",
                    #"{"reason":"x","confirm":true}"#
                ),
                ("/api/v1/involvements/\(involvement)/end", "/api/v1/involvements/\(missing)/end", "{}"),
                ("/api/v1/consents/\(consent.id)/withdraw", "/api/v1/consents/\(missing)/withdraw", #"{"note":"x"}"#),
                (
                    "/api/v1/children/\(id)/join-requests", "/api/v1/children/\(missing)/join-requests",
                    #"{"reason":"x"}"#
                ),
            ]
            for (hiddenPath, missingPath, body) in pairs {
                let hidden = try await stranger.send(.POST, hiddenPath, json: body)
                let absent = try await stranger.send(.POST, missingPath, json: body)
                #expect(hidden.status == .notFound, "\(hiddenPath): \(hidden.body.string)")
                #expect(absent.status == .notFound, "\(missingPath)")
                var hiddenProblem = try stranger.problem(hidden)
                var absentProblem = try stranger.problem(absent)
                hiddenProblem.instance = nil
                absentProblem.instance = nil
                #expect(hiddenProblem == absentProblem, "\(hiddenPath)")
                #expect(Set(hidden.headers.map(\.name)) == Set(absent.headers.map(\.name)), "\(hiddenPath)")
            }
        }
    }

    // MARK: Finding 6: refusals that left no audit event

    @Test func everyRefusedRequestLeavesExactlyOneAuditEvent() async throws {
        try await withSignpostApp { world in
            let practitioner = try await client(world)
            let auditor = try await client(world, roles: [.auditor])
            let stranger = try await client(world, organisation: "TST-SCH")
            let id = try await practitioner.createChild(amelia)
            let involvement = try #require(try await practitioner.openChild(id).involvements.first?.id)
            let refusals: [(APIClient, HTTPMethod, String, String?)] = [
                (practitioner, .GET, "/api/v1/alerts", nil),
                (auditor, .GET, "/api/v1/notifications", nil),
                (practitioner, .GET, "/api/v1/shield-reviews", nil),
                (practitioner, .POST, "/api/v1/alerts/\(UUID())/acknowledge", #"{"note":"x"}"#),
                (stranger, .POST, "/api/v1/involvements/\(involvement)/end", "{}"),
                (
                    practitioner, .POST, "/api/v1/children/search",
                    #"{"reason":"new-referral","criteria":{"givenName":"Am*","dateOfBirth":"2016-07-09"}}"#
                ),
                (
                    practitioner, .POST, "/api/v1/children/search",
                    #"{"reason":"new-referral","criteria":{"dateOfBirth":"2016-07-09"}}"#
                ),
                (
                    practitioner, .POST, "/api/v1/children/search",
                    #"{"reason":"","criteria":{"nhsNumber":"9990000018"}}"#
                ),
                (stranger, .GET, "/api/v1/children/\(id)", nil),
                (stranger, .GET, "/api/v1/children/\(String(repeating: "a", count: 5000))", nil),
            ]
            for (client, method, path, body) in refusals {
                let before = try await AuditEventModel.query(on: try await world.auditLog).count()
                let response = try await client.send(method, path, json: body)
                #expect((400..<500).contains(response.status.code), "\(path.prefix(80)): \(response.status)")
                let after = try await AuditEventModel.query(on: try await world.auditLog).count()
                #expect(after - before == 1, "\(method) \(path.prefix(80)) left \(after - before) audit events")
            }
            // The criteria never reach the log.
            let refused = try await AuditEventModel.query(on: try await world.auditLog).filter(
                \.$action == "child.searched"
            ).all()
            #expect(refused.allSatisfy { !$0.details.contains("Am*") && !$0.details.contains("2016-07-09") })
            #expect(try await isIntact(world))
        }
    }

    @Test func pagesRefusedByThePermissionMiddlewareAreAudited() async throws {
        try await withSignpostApp { world in
            let account = try await world.account()
            let browser = TestBrowser(world.app)
            try await browser.signIn(account, code: account.code(at: world.clock.now))
            for path in ["/audit", "/alerts", "/admin/accounts", "/information-governance"] {
                let before = try await AuditEventModel.query(on: try await world.auditLog).count()
                #expect(try await browser.get(path).status == .forbidden, "\(path)")
                #expect(try await AuditEventModel.query(on: try await world.auditLog).count() - before == 1, "\(path)")
            }
        }
    }

    // MARK: Finding 7: hardening

    @Test func overLongPathsAndMetricsAreNeverAnswersToGuessWith() async throws {
        try await withSignpostApp { world in
            let api = try await client(world)
            #expect(
                try await api.send(.GET, "/api/v1/children/\(String(repeating: "9", count: 5000))").status == .notFound)
            #expect(
                try await api.send(
                    .POST, "/api/v1/consents/\(String(repeating: "x", count: 5000))/withdraw", json: "{}"
                ).status == .notFound)
            let metrics = try await TestBrowser(world.app).get("/metrics")
            #expect(metrics.status == .notFound)
            #expect(!metrics.body.string.contains("break"))
        }
    }
}

// MARK: - Fixtures

private let ameliaByName = #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#
private let maya =
    #""givenName":"Maya","familyName":"Clarke","dateOfBirth":"2015-03-14","gender":"female","postcode":"LS6 2AB","addressLine":"1 Test Street","tier":2"#
private let mayaByName = #""givenName":"Maya","familyName":"Clarke","dateOfBirth":"2015-03-14""#
private let oliverOnConsent =
    #""givenName":"Oliver","familyName":"Twist","dateOfBirth":"2014-02-02","gender":"male","tier":2,"indexBasis":"consent""#

private func formBody(_ fields: [String: String]) -> String {
    fields.map {
        "\($0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
    }
    .joined(separator: "&")
}

private func isIntact(_ world: TestWorld) async throws -> Bool {
    if case .intact = try await world.verifyAudit() { return true }
    return false
}

private func client(
    _ world: TestWorld, organisation: String = "TST-CSC", roles: [SystemRole] = [.practitioner],
    name: String = "Test Worker"
) async throws -> APIClient {
    try await APIClient.signIn(world, try await world.account(roles: roles, organisation: organisation, name: name))
}

extension APIClient {
    fileprivate func problem(_ response: TestingHTTPResponse) throws -> ErrorResponseMiddleware.Problem {
        try decode(ErrorResponseMiddleware.Problem.self, response)
    }

    fileprivate func foundIDs(_ criteria: String) async throws -> [UUID] {
        let response = try await search(criteria)
        try #require(response.status == .ok, "\(response.body.string)")
        return try decode(SearchResponse.self, response).results.map(\.id)
    }

    fileprivate func openChild(_ id: UUID) async throws -> SignpostView {
        let response = try await send(.GET, "/api/v1/children/\(id)")
        try #require(response.status == .ok, "\(response.body.string)")
        return try decode(SignpostView.self, response)
    }

    fileprivate func notifications() async throws -> [NotificationService.NotificationView] {
        try decode([NotificationService.NotificationView].self, try await send(.GET, "/api/v1/notifications"))
    }
}
