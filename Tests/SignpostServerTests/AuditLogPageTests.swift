import Fluent
import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// The audit log page an auditor reads all day: actions chosen from a list and shown in words, an
/// unknown action answered with an error summary, and people by name, records by a short reference.
@Suite("Audit log page: actions in words, clear errors, no raw identifiers")
struct AuditLogPageTests {
    @Test func theActionFilterListsEveryRecordedActionInWords() async throws {
        try await withSignpostApp { world in
            let auditor = try await signedIn(world, try await world.account(roles: [.auditor]))
            let page = try await auditor.get("/audit?action=auth.sign-in")
            #expect(page.status == .ok)
            let body = page.body.string
            let select = slice(body, from: #"<select class="govuk-select" id="action""#, to: "</select>")
            #expect(select.contains(#"<option value="">All actions</option>"#))
            #expect(select.contains(#"<option value="auth.sign-in" selected>Sign-in</option>"#))
            #expect(select.contains(#"<option value="child.shielded">Child shielded</option>"#))
            #expect(select.components(separatedBy: "<option ").count - 1 == AuditActions.all.count + 1)
            #expect(!body.contains(#"<input class="govuk-input" id="action""#))
            // The auditor's own sign-in, in words.
            #expect(body.contains(#"<td class="govuk-table__cell">Sign-in</td>"#))
            #expect(!body.contains(">auth.sign-in<"))
        }
    }

    @Test func anUnknownActionIsAnErrorSummaryThatKeepsTheRestOfTheFilter() async throws {
        try await withSignpostApp { world in
            let auditor = try await signedIn(world, try await world.account(roles: [.auditor]))
            let page = try await auditor.get("/audit?action=auth.made-up&from=2026-01-01&actor=someone%40test.example")
            #expect(page.status == .unprocessableEntity)
            let body = page.body.string
            #expect(body.contains("<title>Error: Audit log"))
            let summary = slice(body, from: #"class="govuk-error-summary""#, to: "</ul>")
            #expect(summary.contains(##"href="#action""##))
            #expect(summary.contains("There is no action called \u{201C}auth.made-up\u{201D}"))
            #expect(body.contains(#"id="action-error""#))
            #expect(body.contains(#"name="from-year" type="text" inputmode="numeric" autocomplete="off" value="2026""#))
            #expect(body.contains(#"value="someone@test.example""#))
            // Nothing was searched: no events and no "no events" message; the refused search is recorded.
            #expect(!body.contains(#"id="no-events""#))
            let last = try await AuditEventModel.query(on: try await world.auditLog).sort(\.$id, .descending).first()
            #expect(last?.action == "audit.searched")
            #expect(last?.outcome == "refused")
            #expect(last?.details.contains("action") == true)
        }
    }

    @Test func eventsNamePeopleAndShowShortReferencesNotIdentifiers() async throws {
        try await withSignpostApp { world in
            let worker = try await world.account(name: "Wendy Worker")
            let child = try await APIClient.signIn(world, worker).createChild(amelia)
            let auditor = try await signedIn(world, try await world.account(roles: [.auditor]))
            let body = try await auditor.get("/audit").body.string
            // `normalised` replaces every full identifier with <uuid>: there must be none to replace.
            #expect(!normalised(body).contains("<uuid>"), "a full identifier is on the audit log page")
            let reference = String(child.uuidString.prefix(8))
            #expect(body.contains(">\(reference)</a>"))
            #expect(body.contains("Wendy Worker"))
            #expect(body.contains(">Child added</td>"))
            #expect(body.contains("Testshire Children&#39;s Social Care"))

            // A short reference is enough to filter by the record, or by the person.
            let byRecord = try await auditor.get("/audit?subjectType=child&subjectID=\(reference)").body.string
            #expect(byRecord.contains(">Child added</td>"))
            #expect(!byRecord.contains(">Sign-in</td>"))
            let byPerson = try await auditor.get("/audit?actor=\(worker.id.uuidString.prefix(8))").body.string
            #expect(byPerson.contains(">Child added</td>"))
            #expect(!byPerson.contains(">Audit log searched</td>"))
            let nothing = try await auditor.get("/audit?actor=00000000").body.string
            #expect(nothing.contains("There are no events that match this filter."))
        }
    }

    @Test func detailsReadInWordsWithIdentifiersShortened() {
        let id = "9E0C7D8A-4F7B-4C55-9F1E-3D2B1A0C9E8F"
        let details = AuditLogPage.details(#"{"reviewOn":"2027-01-01","children":"\#(id),\#(id)","empty":""}"#)
        #expect(details.map(\.name) == ["Children", "Review on"])
        #expect(details.map(\.value) == ["9E0C7D8A, 9E0C7D8A", "2027-01-01"])
        #expect(AuditLogPage.reference(id) == "9E0C7D8A")
        #expect(AuditLogPage.reference("TST-CSC") == "TST-CSC")
        #expect(AuditLogPage.details("{}").isEmpty)
    }

    /// Every action a service records has a label (so the filter offers it), and none is listed twice.
    @Test func everyRecordedActionIsInTheCatalogue() throws {
        let names = AuditActions.all.map(\.name)
        #expect(Set(names).count == names.count, "an action is listed twice")
        #expect(Set(AuditActions.all.map(\.label)).count == names.count, "two actions share a label")
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources/SignpostServer")
        let prefixes: Set<String> = [
            "account", "alert", "alerts", "audit", "auth", "authority", "brokered-contact", "caseload", "child",
            "children", "consent", "demo", "episode", "involvement", "lawful-basis", "notifications",
            "organisation", "request", "shield-reviews", "team",
        ]
        // Literals with those prefixes that are not audit actions: a form field and a notification kind.
        let notActions: Set<String> = ["involvement.role", "team.joined"]
        var recorded: Set<String> = []
        let files = try ArchitectureLintTests.sources(under: root)
        for file in files where !file.relative.hasSuffix("AuditActions.swift") {
            for line in file.lines {
                for match in line.matches(of: /"([a-z]+(?:-[a-z]+)*)\.([a-z]+(?:-[a-z]+)*)"/)
                where prefixes.contains(String(match.1)) {
                    recorded.insert("\(match.1).\(match.2)")
                }
            }
        }
        #expect(recorded.count > 50)
        // `TeamAroundTheChildService.addEntry` records "episode.<kind>-recorded".
        recorded.formUnion(["meeting", "action", "review"].map { "episode.\($0)-recorded" })
        let missing = recorded.subtracting(notActions).subtracting(names).sorted()
        #expect(missing.isEmpty, "recorded but not in AuditActions: \(missing)")
    }
}

/// Signs in through the page half a minute on, so each account's security code is fresh.
private func signedIn(_ world: TestWorld, _ account: TestAccount) async throws -> TestBrowser {
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
