import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The access policy seen through the pages: the same rules as `AccessPolicyAPITests`, reached with a
/// session cookie and CSRF-protected forms, and shown (or not shown) in the HTML.
@Suite(
    "Access policy through the pages: shielding, sensitive services, break-glass, consent, brokered contact, alerts, dashboard"
)
struct AccessPolicyPageTests {
    // MARK: The child page

    @Test func aShieldedChildShowsOutsidersOnlyTheBrokeringRoute() async throws {
        try await withSignpostApp { world in
            let teamAccount = try await world.account()
            let team = try await apiSession(world, teamAccount)
            let id = try await team.createChild(amelia)
            try await shieldThroughAPI(
                id, by: try await apiSession(world, try await world.account(roles: [.dataManager])))
            let outsider = try await browser(world, try await world.account(organisation: "TST-SCH"))
            let stranger = try await browser(world, try await world.account(organisation: "TST-SCH"))
            let child = "/children/\(id)"

            // Without a reasoned search: nothing, not even the name.
            let refused = try await stranger.get(child)
            #expect(refused.status == .notFound)
            #expect(!refused.body.string.contains("Smith-Jones"))

            let found = try await outsider.searchByPage(ameliaNameAndBirth)
            #expect(found.status == .ok)
            #expect(found.body.string.lowercased().contains(id.uuidString.lowercased()))
            let page = try await outsider.get(child)
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("Shielded signpost"))
            #expect(body.contains(#"id="brokering-route""#))
            #expect(
                section(body, from: #"id="brokering-route""#, to: "</div>").contains("Testshire Council data manager"))
            for hidden in [
                "3 Elm Grove", "LS6 2AB", "Dawn Smith", "9990000018", "Key worker", "Who is working with this child",
                "Index record",
            ] {
                #expect(!body.contains(hidden), "shielded page leaks \(hidden)")
            }

            // The team still sees the index record.
            let teamPage = try await browser(world, teamAccount).get(child)
            #expect(teamPage.status == .ok)
            #expect(teamPage.body.string.contains("Index record"))
            #expect(teamPage.body.string.contains("3 Elm Grove"))
            #expect(teamPage.body.string.contains("LS6 2AB"))
            #expect(!teamPage.body.string.contains("Shielded signpost"))
            #expect(!teamPage.body.string.contains(#"id="brokering-route""#))
        }
    }

    @Test func aSensitiveInvolvementIsANoticeToTheTeamAndVisibleToItsOwnService() async throws {
        try await withSignpostApp { world in
            let teamAccount = try await world.account()
            let team = try await apiSession(world, teamAccount)
            let id = try await team.createChild(amelia)
            let child = "/children/\(id)"
            let teamPage = try await browser(world, teamAccount)
            let before = try await teamPage.get(child)
            #expect(before.status == .ok)
            #expect(!before.body.string.contains("Another service is involved"))

            let camhsAccount = try await world.account(organisation: "OTH-CAMHS")
            let camhs = try await apiSession(world, camhsAccount)
            let search = try await camhs.search(#""nhsNumber":"9990000018""#)
            try #require(search.status == .ok, "\(search.body.string)")
            let added = try await camhs.send(
                .POST, "/api/v1/children/\(id)/involvements",
                json:
                    #"{"role":"CAMHS clinician","contactPhone":"01632 960999","sensitiveBasis":"child-consent","sensitiveBasisNote":"Amelia agreed in clinic that her involvement may be recorded"}"#
            )
            try #require(added.status == .created, "\(added.body.string)")

            // The team: told that another service is involved, never which.
            let after = try await teamPage.get(child)
            #expect(after.status == .ok)
            #expect(after.body.string.contains("Another service is involved"))
            #expect(!after.body.string.contains("Sensitive service"))
            let lowered = after.body.string.lowercased()
            for trace in ["camhs", "otherton", "01632 960999"] {
                #expect(!lowered.contains(trace), "team page leaks \(trace)")
            }

            // The sensitive service itself sees its involvement, marked as such.
            let own = try await browser(world, camhsAccount).get(child)
            #expect(own.status == .ok)
            #expect(own.body.string.contains("Otherton CAMHS"))
            #expect(own.body.string.contains("Sensitive service"))
            #expect(!own.body.string.contains("Another service is involved"))
        }
    }

    // MARK: Break-glass

    @Test func breakGlassOnThePageWarnsNeedsConfirmationAndIsForChildProtectionOnly() async throws {
        try await withSignpostApp { world in
            let team = try await apiSession(world, try await world.account())
            let id = try await team.createChild(amelia)
            let plain = try await browser(world, try await world.account(organisation: "TST-SCH"))
            let protection = try await browser(
                world, try await world.account(roles: [.practitioner, .childProtection], organisation: "TST-SCH"))
            let child = "/children/\(id)"
            let path = "\(child)/break-glass"
            let reason = "Presented injured out of hours; no team reachable"

            let warning = try await protection.get(path)
            #expect(warning.status == .ok)
            #expect(
                section(warning.body.string, from: #"id="break-glass-warning""#, to: "</div>").contains(
                    "triggers immediate review"))
            #expect(try await protection.get(child).status == .notFound)

            try await protection.get(path)
            let unconfirmed = try await protection.post(path, form: ["reason": reason])
            expectErrorPage(unconfirmed, naming: "Confirm that you have read the warning")
            #expect(try await BreakGlassModel.query(on: world.app.db).count() == 0)

            // Without the child-protection role: refused, and nothing is granted.
            try await plain.get(path)
            let refused = try await plain.post(path, form: ["reason": reason, "confirm": "yes"])
            // The plain practitioner cannot see the child: answered as if it did not exist.
            #expect(refused.status == .notFound)
            #expect(try await BreakGlassModel.query(on: world.app.db).count() == 0)
            #expect(try await plain.get(child).status == .notFound)

            try await protection.get(path)
            let opened = try await protection.post(path, form: ["reason": reason, "confirm": "yes"])
            #expect(opened.status == .seeOther)
            #expect(opened.headers.first(name: .location) == "/children/\(id.uuidString)")
            let record = try await protection.get(child)
            #expect(record.status == .ok)
            #expect(record.body.string.contains("You opened this record with break-glass"))
            #expect(record.body.string.contains("3 Elm Grove"))
            #expect(record.body.string.contains("LS6 2AB"))
            #expect(record.body.string.contains("Index record"))
        }
    }

    // MARK: Consent

    @Test func consentIsRecordedAndWithdrawnThroughThePagesByTheTeamOnly() async throws {
        try await withSignpostApp { world in
            let teamAccount = try await world.account()
            let team = try await apiSession(world, teamAccount)
            let id = try await team.createChild(amelia)
            let teamPage = try await browser(world, teamAccount)
            let outsider = try await browser(world, try await world.account(organisation: "TST-SCH"))
            let child = "/children/\(id)"
            let path = "\(child)/consents/new"
            let valid = ["givenBy": "parent", "giverName": "Dawn Smith", "purposes[]": "index", "method": "written"]

            #expect(try await teamPage.get(path).status == .ok)
            let empty = try await teamPage.post(path, form: [:])
            expectErrorPage(empty, naming: "Say who gave consent")
            #expect(try await ConsentModel.query(on: world.app.db).count() == 0)

            // Finding the child does not let an outsider record consent for it.
            let found = try await outsider.searchByPage(ameliaNameAndBirth)
            #expect(found.body.string.lowercased().contains(id.uuidString.lowercased()))
            try await outsider.get(path)
            let byOutsider = try await outsider.post(path, form: valid)
            #expect(byOutsider.status == .notFound)
            #expect(!byOutsider.body.string.contains("This form has expired"))
            #expect(try await ConsentModel.query(on: world.app.db).count() == 0)

            let before = try await teamPage.get(child)
            #expect(before.status == .ok)
            #expect(!before.body.string.contains("In force"))
            try await teamPage.get(path)
            let recorded = try await teamPage.post(path, form: valid)
            #expect(recorded.status == .seeOther, "\(recorded.body.string)")
            #expect(recorded.headers.first(name: .location) == "/children/\(id.uuidString)#consent")
            let listed = try await teamPage.get(child)
            #expect(listed.status == .ok)
            #expect(listed.body.string.contains("In force"))
            #expect(listed.body.string.contains("Dawn Smith (parental responsibility)"))

            let consent = try #require(
                try await ConsentModel.query(on: world.app.db).filter(\.$child.$id == id).first())
            let consentID = try consent.requireID()
            let withdrawn = try await teamPage.post(
                "\(child)/consents/\(consentID)/withdraw", form: ["note": "Mother withdrew consent by phone"])
            #expect(withdrawn.status == .seeOther, "\(withdrawn.body.string)")
            let after = try await teamPage.get(child)
            #expect(after.status == .ok)
            #expect(after.body.string.contains(#"govuk-tag--red">Withdrawn"#))
            #expect(after.body.string.contains("Mother withdrew consent by phone"))
            #expect(!after.body.string.contains("In force"))
        }
    }

    // MARK: Shielding

    @Test func onlyTheDataManagerShieldsThroughThePageAndOnlyWithGrounds() async throws {
        try await withSignpostApp { world in
            let teamAccount = try await world.account()
            let team = try await apiSession(world, teamAccount)
            let id = try await team.createChild(amelia)
            let teamPage = try await browser(world, teamAccount)
            let manager = try await browser(world, try await world.account(roles: [.dataManager]))
            let child = "/children/\(id)"
            let path = "\(child)/shield"
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            let valid = ["grounds": "Fleeing domestic abuse: the father must not find her", "reviewOn": review]

            // The page shows the shield's grounds, so only those who may shield the child may open it.
            expectForbiddenPage(try await teamPage.get(path))
            let refused = try await teamPage.post(path, form: valid)
            expectForbiddenPage(refused)
            #expect(try await ShieldModel.query(on: world.app.db).count() == 0)

            #expect(try await manager.get(path).status == .ok)
            let noGrounds = try await manager.post(path, form: ["grounds": "", "reviewOn": review])
            expectErrorPage(noGrounds, naming: "Enter the grounds for shielding")
            #expect(try await ShieldModel.query(on: world.app.db).count() == 0)

            let before = try await teamPage.get(child)
            #expect(!before.body.string.contains(#"govuk-tag--red">Shielded<"#))
            let shielded = try await manager.submit(path, valid)
            #expect(shielded.status == .seeOther, "\(shielded.body.string)")
            #expect(shielded.headers.first(name: .location) == "/children/\(id.uuidString)")
            #expect(try await ShieldModel.query(on: world.app.db).count() == 1)
            let after = try await teamPage.get(child)
            #expect(after.body.string.contains(#"govuk-tag--red">Shielded<"#))
        }
    }

    // MARK: Brokered contact

    @Test func brokeredContactNeedsAMessageAndReachesTheDataManager() async throws {
        try await withSignpostApp { world in
            let team = try await apiSession(world, try await world.account())
            let id = try await team.createChild(amelia)
            let managerAccount = try await world.account(roles: [.dataManager])
            try await shieldThroughAPI(id, by: try await apiSession(world, managerAccount))
            let outsider = try await browser(
                world, try await world.account(organisation: "TST-SCH", name: "Olive Outsider"))
            let child = "/children/\(id)"
            let path = "\(child)/brokered-contact"
            let message = "Please ask the team to call me about a school place on 01632 960444"

            let found = try await outsider.searchByPage(ameliaNameAndBirth)
            #expect(found.body.string.lowercased().contains(id.uuidString.lowercased()))
            let page = try await outsider.get(child)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Request brokered contact"))

            let empty = try await outsider.post(path, form: ["message": ""])
            expectErrorPage(empty, naming: "Say what you need and how to reach you")
            #expect(try await BrokeredContactModel.query(on: world.app.db).count() == 0)

            let sent = try await outsider.submit(path, ["message": message])
            #expect(sent.status == .accepted, "\(sent.body.string)")
            #expect(sent.body.string.contains("Request sent"))
            #expect(sent.body.string.contains("Testshire Council data manager"))
            #expect(try await BrokeredContactModel.query(on: world.app.db).count() == 1)

            let manager = try await browser(world, managerAccount)
            let governance = try await manager.get("/information-governance")
            #expect(governance.status == .ok)
            #expect(governance.body.string.contains("About Amelia Smith-Jones, from Olive Outsider, Testshire School"))
            #expect(governance.body.string.contains(message))

            expectForbiddenPage(try await outsider.get("/information-governance"))
        }
    }

    // MARK: Alerts

    @Test func auditorsSeeAHiddenFieldSearchAlertAndAcknowledgeItWithANote() async throws {
        try await withSignpostApp { world in
            let teamAccount = try await world.account()
            let team = try await apiSession(world, teamAccount)
            let id = try await team.createChild(amelia)
            try await shieldThroughAPI(
                id, by: try await apiSession(world, try await world.account(roles: [.dataManager])))
            let practitioner = try await browser(world, teamAccount)
            let auditor = try await browser(world, try await world.account(roles: [.auditor]))
            let outsider = try await browser(world, try await world.account(organisation: "TST-SCH"))
            let kindName = "Search on a hidden field of a shielded child"

            expectForbiddenPage(try await practitioner.get("/alerts"))
            let quiet = try await auditor.get("/alerts")
            #expect(quiet.status == .ok)
            #expect(!quiet.body.string.contains(kindName))

            // A postcode search finds nothing and raises the alert.
            var byPostcode = ameliaNameAndBirth
            byPostcode["postcode"] = "LS6 2AB"
            let search = try await outsider.searchByPage(byPostcode)
            #expect(search.status == .ok)
            #expect(!search.body.string.lowercased().contains(id.uuidString.lowercased()))
            let raised = try await AlertModel.query(on: world.app.db).filter(
                \.$kind == "hidden-field-search-on-shielded"
            ).all()
            let alert = try #require(raised.first(where: { $0.childID == id }))
            let alertID = try alert.requireID()

            let listed = try await auditor.get("/alerts")
            #expect(listed.status == .ok)
            #expect(listed.body.string.contains(kindName))
            #expect(listed.body.string.contains("postcode"))
            #expect(listed.body.string.lowercased().contains("/alerts/\(alertID.uuidString.lowercased())/acknowledge"))

            let acknowledge = "/alerts/\(alertID)/acknowledge"
            let note = "Checked with the school: a mistyped referral, no further action"
            let empty = try await auditor.post(acknowledge, form: ["note": ""])
            expectErrorPage(empty, naming: "Enter a note")
            #expect(try await AlertModel.find(alertID, on: world.app.db)?.acknowledgedAt == nil)

            let done = try await auditor.submit(acknowledge, ["note": note])
            #expect(done.status == .seeOther, "\(done.body.string)")
            #expect(done.headers.first(name: .location) == "/alerts")
            #expect(try await AlertModel.find(alertID, on: world.app.db)?.acknowledgementNote == note)
            let after = try await auditor.get("/alerts")
            #expect(after.status == .ok)
            #expect(after.body.string.contains(note))
        }
    }

    // MARK: Dashboard and navigation

    @Test func theLeadProfessionalsDashboardShowsWhoOpenedATierOneChild() async throws {
        try await withSignpostApp { world in
            let leadAccount = try await world.account(name: "Lena Lead")
            let lead = try await apiSession(world, leadAccount)
            let id = try await lead.createChild(tierOneAmeliaForPages)
            let leadPage = try await browser(world, leadAccount)
            let outsider = try await browser(
                world, try await world.account(organisation: "TST-SCH", name: "Olive Outsider"))
            let told = "Olive Outsider (Testshire School) opened the record of Amelia Smith-Jones"

            let quiet = try await leadPage.get("/")
            #expect(quiet.status == .ok)
            let before = section(quiet.body.string, from: #"id="notifications""#, to: "</table>")
            #expect(!before.isEmpty)
            #expect(!before.contains("Olive Outsider"))

            let found = try await outsider.searchByPage(ameliaNameAndBirth)
            #expect(found.body.string.lowercased().contains(id.uuidString.lowercased()))
            #expect(try await outsider.get("/children/\(id)").status == .ok)

            let dashboard = try await leadPage.get("/")
            #expect(dashboard.status == .ok)
            let notifications = section(dashboard.body.string, from: #"id="notifications""#, to: "</table>")
            #expect(notifications.contains(told))
            #expect(notifications.lowercased().contains("/children/\(id.uuidString.lowercased())"))
        }
    }

    @Test func aDataManagersDashboardShowsShieldReviewsOnceTheirDateHasPassed() async throws {
        try await withSignpostApp { world in
            let team = try await apiSession(world, try await world.account())
            let id = try await team.createChild(amelia)
            let managerAccount = try await world.account(roles: [.dataManager])
            let manager = try await browser(world, managerAccount)
            let reviewOn = CalendarDate(world.clock.now).adding(days: 1).iso

            try await manager.get("/children/\(id)/shield")
            let shielded = try await manager.post(
                "/children/\(id)/shield",
                form: ["grounds": "Fleeing domestic abuse: the father must not find her", "reviewOn": reviewOn])
            #expect(shielded.status == .seeOther, "\(shielded.body.string)")
            let notYet = try await manager.get("/")
            #expect(notYet.status == .ok)
            #expect(!notYet.body.string.contains("Shield reviews due"))

            // Two days on, the review date has passed (the old session has long expired).
            world.clock.advance(seconds: 2 * 86_400)
            let later = try await browser(world, managerAccount)
            let due = try await later.get("/")
            #expect(due.status == .ok)
            #expect(due.body.string.contains("Shield reviews due"))
            let list = section(due.body.string, from: #"id="overdue-shield-reviews""#, to: "</ul>")
            #expect(list.contains("Amelia Smith-Jones"))
            #expect(list.contains(reviewOn))
        }
    }

    @Test func theNavigationOffersAlertsOnlyToAuditorsAndInformationGovernanceOnlyToDataManagers() async throws {
        try await withSignpostApp { world in
            let cases: [(roles: [SystemRole], alerts: Bool, governance: Bool)] = [
                ([.practitioner], false, false),
                ([.auditor], true, false),
                ([.dataManager], false, true),
            ]
            for (roles, alerts, governance) in cases {
                let page = try await browser(world, try await world.account(roles: roles)).get("/")
                #expect(page.status == .ok)
                let navigation = section(
                    page.body.string, from: #"<nav aria-label="Menu""#, to: "</nav>")
                // The navigation was found at all: every one of these roles has a home page.
                #expect(navigation.contains(#"href="/""#) && navigation.contains(">Home<"), "\(roles)")
                #expect(navigation.contains(#"href="/alerts""#) == alerts, "\(roles)")
                #expect(navigation.contains(">Alerts</a>") == alerts, "\(roles)")
                #expect(navigation.contains(#"href="/information-governance""#) == governance, "\(roles)")
                #expect(navigation.contains(">Information governance</a>") == governance, "\(roles)")
            }
        }
    }
}

// MARK: - Fixtures

/// Page-search criteria that find Amelia by name and date of birth (fields a shield does not hide).
private let ameliaNameAndBirth = ["givenName": "Amelia", "familyName": "Smith-Jones", "dateOfBirth": "2016-07-09"]
/// Amelia as a Tier-1 (statutory) child, with the creator as lead professional.
private let tierOneAmeliaForPages = amelia.replacingOccurrences(of: #""tier":2"#, with: #""tier":1"#)

// MARK: - Helpers

/// Signs in to the API half a minute on, so the security code is never one this account has used.
private func apiSession(_ world: TestWorld, _ account: TestAccount) async throws -> APIClient {
    world.clock.advance(seconds: 30)
    return try await APIClient.signIn(world, account)
}

/// Signs in through the page half a minute on (a fresh security code); sign-in must succeed.
private func browser(_ world: TestWorld, _ account: TestAccount, sourceLocation: SourceLocation = #_sourceLocation)
    async throws -> TestBrowser
{
    world.clock.advance(seconds: 30)
    let browser = TestBrowser(world.app)
    let response = try await browser.signIn(account, code: account.code(at: world.clock.now))
    try #require(response.status == .seeOther, "sign-in failed: \(response.status)", sourceLocation: sourceLocation)
    return browser
}

/// Shields a child for 90 days as its authority's data manager, through the API.
private func shieldThroughAPI(_ id: UUID, by manager: APIClient, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    let review = CalendarDate(manager.world.clock.now).adding(days: 90).iso
    let response = try await manager.send(
        .POST, "/api/v1/children/\(id)/shield",
        json: #"{"grounds":"Fleeing domestic abuse: the father must not find her","reviewOn":"\#(review)"}"#)
    try #require(response.status == .created, "\(response.body.string)", sourceLocation: sourceLocation)
}

/// The part of `body` from the first `start` to the next `end`, or "" when `start` is absent.
private func section(_ body: String, from start: String, to end: String) -> String {
    guard let lower = body.range(of: start) else { return "" }
    guard let upper = body.range(of: end, range: lower.upperBound..<body.endIndex) else {
        return String(body[lower.lowerBound...])
    }
    return String(body[lower.lowerBound..<upper.upperBound])
}

/// A 422 page with a GOV.UK error summary naming `message`, and a title starting "Error:".
private func expectErrorPage(
    _ response: TestingHTTPResponse, naming message: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == .unprocessableEntity, "\(response.status)", sourceLocation: sourceLocation)
    let body = response.body.string
    #expect(body.contains(#"class="govuk-error-summary""#), sourceLocation: sourceLocation)
    #expect(
        section(body, from: #"class="govuk-error-summary""#, to: "</ul>").contains(message),
        "summary does not name: \(message)", sourceLocation: sourceLocation)
    #expect(body.contains("<title>Error:"), sourceLocation: sourceLocation)
}

/// A 403 page from the policy (not a CSRF refusal, which is also 403).
private func expectForbiddenPage(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.status == .forbidden, "\(response.status)", sourceLocation: sourceLocation)
    #expect(response.body.string.contains("You cannot do this"), sourceLocation: sourceLocation)
    #expect(!response.body.string.contains("This form has expired"), sourceLocation: sourceLocation)
}

extension TestBrowser {
    /// A reasoned search through the search page.
    fileprivate func searchByPage(_ criteria: [String: String]) async throws -> TestingHTTPResponse {
        try await get("/children/search")
        var form = criteria
        form["reason"] = "new-referral"
        return try await post("/children/search", form: form)
    }

    /// Posts a form, first loading a page for the session's CSRF token if the last response had none.
    fileprivate func submit(_ path: String, _ form: [String: String]) async throws -> TestingHTTPResponse {
        if csrfToken == nil { try await get("/") }
        return try await post(path, form: form)
    }
}
