import Foundation
import Testing
import Vapor

@testable import SignpostServer

/// Every address `SiteURL` builds is one the server routes: a renamed route without its link (or the
/// reverse) fails here rather than as a 404 in a practitioner's browser.
@Suite("SiteURL: every link and redirect has a route")
struct SiteURLTests {
    static let id = UUID(uuidString: "9E0C7D8A-4F7B-4C55-9F1E-3D2B1A0C9E8F")!

    static let everyPage: [SiteURL] = [
        .home, .signIn, .signedOut, .childSearch, .child(id), .child(id, notice: .joinRequested, fragment: "consent"),
        .childSummary(id), .chronology(id), .chronology(id, filter: ["page": "2"]), .newChronologyEntry(id),
        .contacts(id), .forum(id, notice: .posted, fragment: "x"),
        .chronologyCorrection(id, entryID: id), .newAssessment(childID: id), .assessment(id), .assessmentConsent(id),
        .assessmentSection(id, section: "header"), .assessmentCheck(id), .assessmentClose(id), .teamRequests(),
        .teamRequests(notice: .admitted), .accounts(), .accounts(notice: .invitedPending), .alerts,
        .informationGovernance(), .informationGovernance(notice: .passedOn), .auditLog, .apiChild(id),
        .apiAssessment(id), .picture(id, .contacts), .picture(id, .words),
        .picture(id, .relationships, notice: .personRecorded),
    ]

    @Test func everyAddressMatchesAGetRoute() async throws {
        try await withSignpostApp { world in
            let routes = world.app.routes.all.filter { $0.method == .GET }.map { $0.path.map(\.description) }
            #expect(routes.count > 20)
            for url in Self.everyPage {
                let path = url.path.split(separator: "#")[0].split(separator: "?")[0]
                let segments = path.split(separator: "/").map(String.init)
                let matched = routes.contains { route in
                    route.count == segments.count
                        && zip(route, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
                }
                #expect(matched, "no GET route serves \(url.path)")
            }
        }
    }

    @Test func queriesAndFragmentsAreBuiltOneWay() {
        #expect(
            SiteURL.child(Self.id, notice: .involvementRecorded).path
                == "/children/\(Self.id.uuidString)?notice=involvement-recorded")
        #expect(SiteURL.child(Self.id, fragment: "consent").path == "/children/\(Self.id.uuidString)#consent")
        #expect(SiteURL.childSummary(Self.id).path == "/children/\(Self.id.uuidString)/summary")
        #expect(SiteURL.accounts(notice: .rolesRequested).path == "/admin/accounts?notice=roles-requested")
        #expect(SiteURL.home.path == "/")
    }
}
