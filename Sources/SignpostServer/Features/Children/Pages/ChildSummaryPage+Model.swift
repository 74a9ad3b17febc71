import Foundation
import SignpostCore

/// The one-page printable summary of a child for the team: what the child page shows this viewer
/// (built from the same content, so from the same disclosure), in summary lists, with no forms; when
/// it was produced, who printed it, and how the paper must be handled. The address and the carers'
/// details are left off the paper for everyone: the child page has them.
enum ChildSummaryPage {
    static let template = "child-summary"

    struct Row: Encodable {
        var key: String
        var value: String
    }

    /// An open early-help episode and its next review.
    struct Episode: Encodable {
        var routeName: String
        var status: String
        var started: String
        var nextReview: String?
        var reviewOverdue: Bool
    }

    struct Model: Encodable {
        var layout: LayoutContext
        var child: SignpostView
        var name: String
        /// "Summary of the index record", "of the shielded signpost" or "of the signpost".
        var caption: String
        var isRecord: Bool
        var isShielded: Bool
        /// Identity essentials, and the identifiers, school and GP where the record is shown.
        var identity: [Row]
        var contacts: [ChildPage.Contact]
        var episodes: [Episode]
        var hasEpisodes: Bool
        /// Consents, lawful bases and the shield, where the disclosure shows the child's governance.
        var governance: [Row]
        var hasGovernance: Bool
        /// "1 December 2026 at 6:33pm".
        var producedAt: String
        var printedBy: String
        var childHref: String
    }

    static func title(_ name: String) -> String { "Summary: \(name)" }

    /// The child page's caption (index record, shielded signpost or signpost), for the summary.
    static func caption(_ child: SignpostView) -> String {
        child.record != nil
            ? "Summary of the index record"
            : child.shieldedSignpost ? "Summary of the shielded signpost" : "Summary of the signpost"
    }

    static func model(
        layout: (String) -> LayoutContext, content: ChildService.SummaryContent, viewer: AuthenticatedPractitioner
    ) -> Model {
        let child = content.page.child
        let name = ChildPage.name(child)
        let episodes = openEpisodes(content)
        return Model(
            layout: layout(Self.title(name)), child: child, name: name, caption: Self.caption(child),
            isRecord: child.record != nil,
            isShielded: child.shieldedSignpost, identity: Self.identity(child), contacts: ChildPage.contacts(child),
            episodes: episodes, hasEpisodes: !episodes.isEmpty, governance: child.governance.map(Self.governance) ?? [],
            hasGovernance: child.governance != nil,
            producedAt: DisplayTime.minute(content.producedAt),
            printedBy: "\(viewer.name), \(viewer.organisationName)", childHref: SiteURL.child(child.id).path)
    }

    /// What the top of the child page shows: identity, the authority, the lead and the assessment
    /// holder (a shielded signpost shows none of the last three), then the record's identifiers.
    static func identity(_ child: SignpostView) -> [Row] {
        var rows = [
            Row(
                key: "Date of birth",
                value: child.dateOfBirth.map(DisplayTime.day)
                    ?? "Unborn, expected \(child.expectedDelivery.map(DisplayTime.day) ?? "date not known")"),
            Row(key: "Gender", value: ChildVocabulary.genderName(child.gender)),
        ]
        if !child.shieldedSignpost {
            let authority = child.authority
            rows.append(
                Row(
                    key: "Responsible authority",
                    value: "\(authority.name). Office hours: \(authority.officeHoursPhone). "
                        + "Out of hours (emergency duty team): \(authority.emergencyDutyPhone)"))
            if let lead = child.leadProfessional {
                let phone = child.involvements.first { $0.leadProfessional }?.contactPhone
                rows.append(Row(key: "Lead professional", value: lead + (phone.map { ", \($0)" } ?? "")))
            }
            if let holder = child.assessmentHeldBy {
                rows.append(
                    Row(key: "Early help assessment", value: "An early-help assessment exists: contact \(holder)"))
            }
        }
        if let record = child.record {
            rows += [
                Row(key: "NHS number", value: record.nhsNumber ?? "Not recorded"),
                Row(key: "UPN", value: record.upn ?? "Not recorded"),
                Row(key: "School", value: record.schoolName ?? "Not recorded"),
                Row(key: "GP practice", value: record.gpPractice ?? "Not recorded"),
                Row(key: "Tier", value: "Tier \(record.tier)"),
            ]
        }
        return rows
    }

    /// The episodes the child page lists that are still open, with their next review.
    static func openEpisodes(_ content: ChildService.SummaryContent) -> [Episode] {
        let today = CalendarDate(content.producedAt)
        let open = content.page.episodes.filter { EpisodeStatus(rawValue: $0.status) != .closed }
        return open.map { episode -> Episode in
            let next = content.nextReviews[episode.id]
            return Episode(
                routeName: episode.routeName,
                status: EpisodeStatus(rawValue: episode.status)?.displayName ?? episode.status,
                started: "Started \(DisplayTime.day(episode.startedOn)) by \(episode.assessor)",
                nextReview: next.map(DisplayTime.day),
                reviewOverdue: Deadlines.isOverdue(dueOn: next, today: today))
        }
    }

    /// The consent and lawful-basis section of the child page, as rows, without its forms.
    static func governance(_ governance: GovernanceView) -> [Row] {
        var rows = [Row(key: "Basis for the index", value: indexBasis(governance.indexBasis))]
        if let shield = governance.shield {
            var value = "Shielded" + (shield.inherited ? " (inherited from a possible duplicate or merged record)" : "")
            value += ". Review by \(DisplayTime.day(shield.reviewOn))" + (shield.reviewOverdue ? " (overdue)" : "")
            if let grounds = shield.grounds { value += ". Grounds: \(grounds)" }
            rows.append(Row(key: "Shield", value: value))
        }
        for consent in governance.consents {
            let giver =
                consent.givenBy == "child"
                ? "the child, judged competent: \(consent.competenceJudgement ?? "")" : "parental responsibility"
            let expiry = consent.expiresOn.map { ", expires \(DisplayTime.day($0))" } ?? ""
            rows.append(
                Row(
                    key: "Consent from \(consent.giverName)",
                    value: "\(consent.covers). Given \(DisplayTime.day(consent.givenOn)), \(consent.method)\(expiry) "
                        + "(\(giver)). \(consentStatus(consent))"))
        }
        for basis in governance.bases {
            let purpose = SharingPurpose(rawValue: basis.purpose)?.displayName ?? basis.purpose
            let lawful = LawfulBasis(rawValue: basis.basis)?.displayName ?? basis.basis
            rows.append(
                Row(
                    key: "Lawful basis: \(purpose)",
                    value: lawful + (basis.reason.map { " (\($0))" } ?? "")
                        + ", recorded \(DisplayTime.day(basis.decidedOn))"))
        }
        return rows
    }

    /// The child page's sentence for the basis that keeps the child findable.
    static func indexBasis(_ basis: String) -> String {
        switch LawfulBasis(rawValue: basis) {
        case .consent: "Other services can find this child only while a consent to the index is in force."
        case .safeguarding:
            "On the index for safeguarding, without consent. Consent records are kept but do not control "
                + "whether other services can find the child."
        default:
            "On the index as a public task. Consent records are kept but do not control whether other "
                + "services can find the child."
        }
    }

    /// The consent's status as the child page tags it, with the withdrawal note where there is one.
    static func consentStatus(_ consent: GovernanceView.Consent) -> String {
        switch ConsentState(rawValue: consent.status) {
        case .inForce: "In force."
        case .withdrawn: "Withdrawn." + (consent.withdrawalNote.map { " \($0)" } ?? "")
        case .expired: "Expired."
        case nil: consent.status
        }
    }
}
