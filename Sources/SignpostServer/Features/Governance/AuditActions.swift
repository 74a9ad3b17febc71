import Foundation

/// Every action the audit log records, with the words the audit log page shows for it. The filter on
/// the audit log page offers exactly these; `AuditActionsTests` fails when a service records an action
/// that is missing here.
enum AuditActions {
    struct Action: Sendable, Codable, Equatable {
        var name: String
        var label: String
    }

    /// Grouped by what the action is about; the page sorts them by label.
    static let all: [Action] = [
        // Signing in and accounts
        .init(name: "auth.sign-in", label: "Sign-in"),
        .init(name: "auth.sign-out", label: "Sign-out"),
        .init(name: "auth.lockout", label: "Account locked after failed sign-ins"),
        .init(name: "auth.token-issued", label: "API token issued"),
        .init(name: "auth.token-revoked", label: "API token revoked"),
        .init(name: "account.created", label: "Account created"),
        .init(name: "account.enrolled", label: "Account set up by its owner"),
        .init(name: "account.suspended", label: "Account suspended"),
        .init(name: "account.reactivated", label: "Account reactivated"),
        .init(name: "account.roles-added", label: "Roles added to an account"),
        .init(name: "account.roles-requested", label: "Privileged roles asked for"),
        .init(name: "account.roles-approved", label: "Privileged roles approved"),
        .init(name: "account.roles-declined", label: "Privileged roles declined"),
        // Reference data and operations
        .init(name: "authority.created", label: "Authority added"),
        .init(name: "authority.data-key-destroyed", label: "Authority's data key destroyed"),
        .init(name: "organisation.created", label: "Organisation added"),
        .init(name: "demo.seeded", label: "Demonstration data added"),
        .init(name: "request.refused", label: "Request refused"),
        // Children
        .init(name: "child.searched", label: "Search for a child"),
        .init(name: "child.duplicate-check", label: "Duplicate check before adding a child"),
        .init(name: "child.search-withheld-shielded", label: "Shielded child withheld from a search"),
        .init(name: "child.created", label: "Child added"),
        .init(name: "child.viewed", label: "Child viewed"),
        .init(name: "child.summary-viewed", label: "Child's summary viewed"),
        .init(name: "child.involvements-viewed", label: "Child's involvements viewed"),
        .init(name: "child.accesses-viewed", label: "Child's access history viewed"),
        .init(name: "child.merged", label: "Records merged"),
        .init(name: "child.merge-reversed", label: "Merge of records reversed"),
        .init(name: "children.imported", label: "Children imported"),
        .init(name: "children.import-checked", label: "Import checked for possible duplicates (dry run)"),
        .init(name: "involvement.added", label: "Involvement recorded"),
        .init(name: "involvement.ended", label: "Involvement ended"),
        .init(name: "caseload.viewed", label: "Caseload viewed"),
        .init(name: "notifications.viewed", label: "Notifications viewed"),
        // Teams
        .init(name: "team.join-requested", label: "Asked to join a team"),
        .init(name: "team.join-requests-viewed", label: "Join requests viewed"),
        .init(name: "team.join-admitted", label: "Join request admitted"),
        .init(name: "team.join-declined", label: "Join request declined"),
        .init(name: "team.admitted-directly", label: "Admitted directly to a team"),
        .init(name: "team.invite-search", label: "Search for someone to invite to a team"),
        .init(name: "team.invited", label: "Invited to a team"),
        .init(name: "team.invitations-viewed", label: "Team invitations viewed"),
        .init(name: "team.invitation-accepted", label: "Team invitation accepted"),
        .init(name: "team.invitation-declined", label: "Team invitation declined"),
        // Governance
        .init(name: "consent.recorded", label: "Consent recorded"),
        .init(name: "consent.withdrawn", label: "Consent withdrawn"),
        .init(name: "consent.listed", label: "Consents viewed"),
        .init(name: "lawful-basis.recorded", label: "Lawful basis recorded"),
        .init(name: "child.shielded", label: "Child shielded"),
        .init(name: "child.shield-viewed", label: "Shield viewed"),
        .init(name: "child.shield-reviewed", label: "Shield reviewed"),
        .init(name: "child.shield-lifted", label: "Shield lifted"),
        .init(name: "child.shield-inherited", label: "Shield inherited from another record"),
        .init(name: "shield-reviews.viewed", label: "Shield reviews due viewed"),
        .init(name: "child.break-glass", label: "Break-glass used"),
        .init(name: "brokered-contact.requested", label: "Brokered contact requested"),
        .init(name: "brokered-contact.listed", label: "Brokered-contact requests viewed"),
        .init(name: "brokered-contact.passed-on", label: "Brokered contact passed on"),
        .init(name: "brokered-contact.declined", label: "Brokered contact declined"),
        .init(name: "alert.raised", label: "Alert raised"),
        .init(name: "alerts.viewed", label: "Alerts viewed"),
        .init(name: "alert.acknowledged", label: "Alert acknowledged"),
        .init(name: "audit.searched", label: "Audit log searched"),
        // The shared record
        .init(name: "chronology.viewed", label: "Chronology viewed"),
        .init(name: "chronology.entry-viewed", label: "Chronology entry viewed to correct it"),
        .init(name: "chronology.entry-added", label: "Chronology entry added"),
        .init(name: "chronology.entry-corrected", label: "Chronology entry corrected"),
        .init(name: "contacts.viewed", label: "Agency contacts viewed"),
        .init(name: "contact.recorded", label: "Agency contact recorded"),
        .init(name: "contacts.imported", label: "Agency contacts imported"),
        .init(name: "contacts.frequency-agreed", label: "Contact frequency agreed"),
        .init(name: "forum.viewed", label: "Forum viewed"),
        .init(name: "forum.thread-started", label: "Forum thread started"),
        .init(name: "forum.posted", label: "Forum post added"),
        .init(name: "forum.concern-acknowledged", label: "Concern acknowledged"),
        .init(name: "forum.open-concerns-viewed", label: "Open concerns viewed"),
        // Early help
        .init(name: "episode.started", label: "Early-help assessment started"),
        .init(name: "episode.viewed", label: "Early-help assessment viewed"),
        .init(name: "episode.listed", label: "Early-help assessments listed"),
        .init(name: "episode.saved", label: "Early-help assessment saved"),
        .init(name: "episode.consent-recorded", label: "Consent to the assessment recorded"),
        .init(name: "episode.completed", label: "Early-help assessment completed"),
        .init(name: "episode.exported", label: "Early-help assessment exported"),
        .init(name: "episode.member-invited", label: "Practitioner invited to the team around the child"),
        .init(name: "episode.lead-chosen", label: "Lead professional chosen"),
        .init(name: "episode.meeting-recorded", label: "Team meeting recorded"),
        .init(name: "episode.action-recorded", label: "Early-help action added"),
        .init(name: "episode.action-updated", label: "Early-help action updated"),
        .init(name: "episode.review-recorded", label: "Early-help review recorded"),
        .init(name: "episode.closed", label: "Early-help episode closed"),
        // National signposting: a node's listing for the hub, and the hub's own log
        .init(name: "federation.listed", label: "Children listed for the national hub"),
        .init(name: "federation.peers-refreshed", label: "Other authorities' node keys refreshed from the hub"),
        .init(name: "federation.looked-up", label: "National look-up through the hub"),
        .init(name: "federation.involvements-answered", label: "Another authority asked who is involved"),
        .init(name: "federation.request-refused", label: "Unsigned or badly signed request from a node refused"),
        .init(name: "hub.enrolled", label: "Encodings enrolled with the hub"),
        .init(name: "hub.retired", label: "Encodings retired from the hub"),
        .init(name: "hub.queried", label: "Hub asked whether a child is known elsewhere"),
        .init(name: "hub.request-refused", label: "Unsigned or badly signed hub request refused"),
        .init(name: "hub.node-added", label: "Node enrolled with the hub"),
        .init(name: "hub.node-removed", label: "Node removed from the hub"),
    ]

    private static let labels = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.label) })

    static func isKnown(_ name: String) -> Bool {
        labels[name] != nil
    }

    /// The action in words; an action this version does not know (an older or a tampered row) as stored.
    static func label(for name: String) -> String {
        labels[name] ?? name
    }
}
