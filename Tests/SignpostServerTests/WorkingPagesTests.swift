import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Pages practitioners work in all day: the shield review shows what it reviews, the accounts page
/// says which accounts are not simply active, empty lists say so, handled requests are confirmed, and
/// the words on screen are people's words, not the system's.
@Suite("Pages practitioners can work in all day")
struct WorkingPagesTests {
    @Test func reviewingAShieldShowsItsCurrentGroundsAndWhoSetThem() async throws {
        try await withSignpostApp { world in
            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            let manager = try await browser(world, try await world.account(roles: [.dataManager], name: "Dana Manager"))
            let path = "/children/\(id)/shield"
            let review = CalendarDate(world.clock.now).adding(days: 90).iso

            let first = try await manager.get(path).body.string
            #expect(first.contains("<title>Shield this child"))
            #expect(first.contains(#"<h1 class="govuk-heading-l">Shield this child</h1>"#))
            #expect(!first.contains(#"id="current-shield""#))
            #expect(!first.contains("Lift the shield"))

            let grounds = "Fleeing domestic abuse: the father must not find her"
            let shielded = try await manager.post(path, form: ["grounds": grounds, "reviewOn": review])
            #expect(shielded.status == .seeOther, "\(shielded.body.string)")

            let again = try await manager.get(path)
            #expect(again.status == .ok)
            let body = again.body.string
            #expect(body.contains("<title>Review the shield"))
            #expect(body.contains(#"<h1 class="govuk-heading-l">Review the shield</h1>"#))
            #expect(!body.contains("Shield this child"))
            let current = slice(body, from: #"id="current-shield""#, to: "</dl>")
            #expect(current.contains(grounds))
            #expect(current.contains(DisplayTime.day(review)))
            #expect(current.contains("by Dana Manager"))
            #expect(body.contains(">Record the review</button>"))
            #expect(body.contains("Lift the shield"))

            // A review without grounds is shown again with its error, the current grounds still in view.
            let empty = try await manager.post(path, form: ["grounds": "", "reviewOn": review])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("<title>Error: Review the shield"))
            #expect(slice(empty.body.string, from: #"id="current-shield""#, to: "</dl>").contains(grounds))
            // Reading the grounds is audited.
            #expect(try await world.auditActions().filter { $0 == "child.shield-viewed" }.count == 3)
        }
    }

    @Test func theAccountsPageTagsAnOverdueDBSCheckAndSuspendIsNotRed() async throws {
        try await withSignpostApp { world in
            let today = CalendarDate(world.clock.now)
            let lapsed = today.adding(years: -SignInRules.dbsValidityYears).adding(days: -1).iso
            _ = try await world.account(dbs: lapsed, name: "Olive Oldcheck")
            _ = try await world.account(roles: [.practitioner, .childProtection], name: "Fred Freshcheck")
            let admin = try await browser(world, try await world.account(roles: [.admin], name: "Ada Admin"))
            let page = try await admin.get("/admin/accounts")
            #expect(page.status == .ok)
            let body = page.body.string

            let overdue = slice(body, from: "Olive Oldcheck", to: "</tr>")
            #expect(overdue.contains(#"govuk-tag--red">DBS check overdue</strong>"#))
            #expect(!overdue.contains(">Active<"))
            #expect(overdue.contains(DisplayTime.day(lapsed)))
            let fresh = slice(body, from: "Fred Freshcheck", to: "</tr>")
            #expect(fresh.contains(#"govuk-tag--green">Active</strong>"#))
            #expect(fresh.contains("Practitioner and Child protection (may use break-glass)"))
            #expect(!fresh.contains("child-protection<"))

            // Suspending is an ordinary action on every row: no red button on the list.
            #expect(fresh.contains(#"govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Suspend"#))
            #expect(!body.contains("govuk-button--warning"))
            #expect(body.contains("There are no role grants waiting for approval."))
        }
    }

    @Test func aHandledBrokeredRequestIsConfirmedAndEmptyListsSayNone() async throws {
        try await withSignpostApp { world in
            let managerAccount = try await world.account(roles: [.dataManager])
            let manager = try await browser(world, managerAccount)
            let quiet = try await manager.get("/information-governance").body.string
            #expect(quiet.contains("There are no shield reviews due."))
            #expect(quiet.contains("There are no brokered-contact requests waiting."))
            #expect(!quiet.contains("govuk-notification-banner"))

            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            world.clock.advance(seconds: 30)
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            let shield = try await APIClient.signIn(world, managerAccount).send(
                .POST, "/api/v1/children/\(id)/shield", json: #"{"grounds":"Fleeing harm","reviewOn":"\#(review)"}"#)
            #expect(shield.status == .created)
            let school = try await APIClient.signIn(world, try await world.account(organisation: "TST-SCH"))
            #expect(
                try await school.search(#""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09""#)
                    .status == .ok)
            for message in ["Please ask the team to call me", "A second request"] {
                let sent = try await school.send(
                    .POST, "/api/v1/children/\(id)/brokered-contact", json: #"{"message":"\#(message)"}"#)
                #expect(sent.status == .accepted, "\(sent.body.string)")
            }
            let requests = try await BrokeredContactModel.query(on: world.app.db).sort(\.$requestedAt).all()
            let involvement = try #require(
                try await InvolvementModel.query(on: world.app.db).filter(\.$child.$id == id).first())

            try await manager.get("/information-governance")
            let passed = try await manager.post(
                "/information-governance/requests/\(requests[0].id!)/pass-on",
                form: ["involvementID": involvement.id!.uuidString])
            #expect(passed.status == .seeOther)
            let passedTo = try #require(passed.headers.first(name: .location))
            #expect(passedTo == "/information-governance?notice=passed-on")
            let afterPass = try await manager.get(passedTo).body.string
            #expect(afterPass.contains("govuk-notification-banner--success"))
            #expect(afterPass.contains("The request was passed on. The requester has been told that it was passed on"))

            let declined = try await manager.post(
                "/information-governance/requests/\(requests[1].id!)/decline", form: ["note": "Not for us"])
            let declinedTo = try #require(declined.headers.first(name: .location))
            let afterDecline = try await manager.get(declinedTo).body.string
            #expect(afterDecline.contains("The request was declined. The requester has been told why."))
            #expect(afterDecline.contains("There are no brokered-contact requests waiting."))
            let unknownNotice = try await manager.get("/information-governance?notice=made-up").body.string
            #expect(!unknownNotice.contains("govuk-notification-banner"))
        }
    }

    @Test func alertsSayWhenThereAreNoneAndNameTheAuthorityAndTheFieldsInWords() async throws {
        try await withSignpostApp { world in
            let auditor = try await browser(world, try await world.account(roles: [.auditor]))
            let quiet = try await auditor.get("/alerts").body.string
            #expect(quiet.contains("There are no open alerts."))
            #expect(quiet.contains("No alerts have been acknowledged yet."))

            let team = try await APIClient.signIn(world, try await world.account())
            let id = try await team.createChild(amelia)
            world.clock.advance(seconds: 30)
            let review = CalendarDate(world.clock.now).adding(days: 90).iso
            let manager = try await APIClient.signIn(world, try await world.account(roles: [.dataManager]))
            let shield = try await manager.send(
                .POST, "/api/v1/children/\(id)/shield", json: #"{"grounds":"Fleeing harm","reviewOn":"\#(review)"}"#)
            #expect(shield.status == .created)
            let searcher = try await world.account(organisation: "TST-SCH")
            _ = try await APIClient.signIn(world, searcher).search(
                #""givenName":"Amelia","familyName":"Smith-Jones","dateOfBirth":"2016-07-09","postcode":"LS6 2AB""#)

            let listed = try await auditor.get("/alerts").body.string
            let card = slice(listed, from: "Search on a hidden field of a shielded child", to: "</dl>")
            #expect(card.contains("given name, family name, date of birth and postcode"))
            #expect(!card.contains("givenName"))
            #expect(card.contains(">Testshire Council</dd>"))
            #expect(!card.contains("E06000001"))
            // The audit trail link filters by the searcher's short reference, never the full identifier.
            #expect(card.contains(#"href="/audit?actor=\#(searcher.id.uuidString.prefix(8))""#))
            #expect(!card.contains(searcher.id.uuidString))
            #expect(!listed.contains("There are no open alerts."))
        }
    }

    @Test func theDashboardSaysWhenThereAreNoNotificationsAndSignInsReadInWords() async throws {
        try await withSignpostApp { world in
            let practitioner = try await browser(world, try await world.account())
            let body = try await practitioner.get("/").body.string
            #expect(body.contains("You have no notifications."))
            let signIns = slice(body, from: #"id="recent-sign-ins""#, to: "</table>")
            #expect(signIns.contains(">Signed in</td>"))
            #expect(signIns.contains(">Signpost website</td>"))
            #expect(!signIns.contains(">success<"))
            #expect(!signIns.contains(">web<"))
        }
    }

    @Test func plainWordsForWhatTheSystemStores() async throws {
        #expect(PlainEnglish.sentence("Seen in clinic.") == "Seen in clinic.")
        #expect(PlainEnglish.sentence("Seen in clinic") == "Seen in clinic.")
        #expect(PlainEnglish.sentence("Is she safe?") == "Is she safe?")
        #expect(
            AccessHistoryService.how(route: "search:public-task", what: "signpost")
                == "After a search (lawful basis: Public task): saw the signpost")
        #expect(
            AccessHistoryService.how(route: "data-manager", what: "record")
                == "As the authority's data manager: saw the record")
        #expect(SearchService.fieldsInWords("givenName,familyName,postcode") == "given name, family name and postcode")
        #expect(GovernanceView.basisSummary(purpose: "index", basis: "public-task").hasSuffix(": Public task"))
        #expect(GovernanceView.methodNames["verbal"] == "verbally")
        try await withSignpostApp { world in
            do {
                _ = try await ImportService(context: world.context).run(
                    rows: [], organisationCode: " ", practitionerEmail: nil, dryRun: true, progress: { _, _ in })
                Issue.record("an import without an organisation code was accepted")
            } catch let error as ServiceError {
                #expect(
                    error.fieldErrors.map(\.message) == ["Enter the code of the organisation the children come from."])
            }
        }
    }
}

/// Signs in through the page half a minute on, so each account's security code is fresh.
private func browser(_ world: TestWorld, _ account: TestAccount) async throws -> TestBrowser {
    world.clock.advance(seconds: 30)
    let browser = TestBrowser(world.app)
    try #require(try await browser.signIn(account, code: account.code(at: world.clock.now)).status == .seeOther)
    return browser
}

/// The part of `body` from the first `start` to the next `end`, or "" when `start` is absent.
private func slice(_ body: String, from start: String, to end: String) -> String {
    guard let lower = body.range(of: start) else { return "" }
    let upper = body.range(of: end, range: lower.upperBound..<body.endIndex)?.upperBound ?? body.endIndex
    return String(body[lower.lowerBound..<upper])
}
