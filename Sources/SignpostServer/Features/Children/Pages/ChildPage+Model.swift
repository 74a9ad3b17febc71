import Foundation
import SignpostCore

/// The child page: the signpost or record the policy allowed, who to contact, the access history and
/// the early-help episodes where the disclosure shows them, and the forms this viewer may use.
enum ChildPage {
    static let template = "child"

    struct Model: Encodable {
        var layout: LayoutContext
        var child: SignpostView
        var isRecord: Bool
        var isShielded: Bool
        var name: String
        var accesses: [AccessHistoryService.AccessView]
        var episodes: [EpisodeRow]
        var hasEpisodes: Bool
        var errors: FormErrors
        var notice: String?
        /// The viewer's service is sensitive: recording an involvement asks for its basis.
        var sensitiveService: Bool
        var sensitiveBases: [ChoiceOption]
        /// What was typed into the involvement form, kept when it is shown again with errors.
        var form: InvolvementForm
        /// Who is working with the child, with phone and email as links that call or write.
        var contacts: [Contact]
        /// The lead professional's phone, beside their name at the top of the signpost.
        var leadPhone: Contact.Link?
        /// The date of birth in words ("9 July 2016").
        var dateOfBirth: String?
        /// The viewer sees the record (the disclosure says so): offer the printable one-page summary.
        var offersSummary: Bool
        var summaryHref: String
        /// The gender and whereabouts in words ("Not specified", "Last known address"), never as stored.
        var genderName: String
        var whereaboutsName: String?
        /// The team's shared record: links, and the warnings from the picture of contact.
        var sharedRecord: SharedRecordLinks?
    }

    struct PictureLink: Encodable {
        var href: String
        var label: String
    }

    struct SharedRecordLinks: Encodable {
        var chronologyHref: String
        var contactsHref: String
        var forumHref: String
        /// The shared picture (the same people as the record: `viewSharedPicture`).
        var pictureLinks: [PictureLink]
        /// "Not seen for 40 days", where the viewer's contacts say so.
        var notSeen: String?
        var persistentAbsence: Bool
        var missedReviews: [String]
    }

    /// An early-help episode in the child page's list: its status and start date in words.
    struct EpisodeRow: Encodable {
        var id: UUID
        var routeName: String
        var statusName: String
        var startedOn: String
        var assessor: String
    }

    static func episodeRow(_ episode: EpisodeService.EpisodeSummary) -> EpisodeRow {
        let status = EpisodeStatus(rawValue: episode.status)
        return EpisodeRow(
            id: episode.id, routeName: episode.routeName,
            statusName: status?.displayName ?? PlainEnglish.words(fromCode: episode.status),
            startedOn: DisplayTime.day(episode.startedOn), assessor: episode.assessor)
    }

    struct Contact: Encodable {
        struct Link: Encodable {
            var text: String
            var href: String
        }

        var organisation: String
        var sensitive: Bool
        var practitioner: String
        var role: String
        var leadProfessional: Bool
        var phone: Link?
        var email: Link?
        var since: String
    }

    /// A phone number as a `tel:` link (RFC 3966 allows no spaces) and an address as `mailto:`.
    static func phoneLink(_ phone: String?) -> Contact.Link? {
        guard let phone, !phone.isEmpty else { return nil }
        return .init(text: phone, href: "tel:" + phone.filter { $0.isNumber || $0 == "+" })
    }

    static func emailLink(_ email: String?) -> Contact.Link? {
        guard let email, !email.isEmpty else { return nil }
        return .init(text: email, href: "mailto:" + email)
    }

    static func contacts(_ child: SignpostView) -> [Contact] {
        child.involvements.map {
            Contact(
                organisation: $0.organisation, sensitive: $0.sensitive, practitioner: $0.practitioner, role: $0.role,
                leadProfessional: $0.leadProfessional, phone: phoneLink($0.contactPhone),
                email: emailLink($0.contactEmail),
                since: DisplayTime.day($0.startedOn))
        }
    }

    /// The involvement form ("record my involvement"), as posted.
    struct InvolvementForm: Codable {
        init() {}

        var role: String?
        var contactPhone: String?
        var sensitiveBasis: String?
        var sensitiveBasisNote: String?
    }

    static func name(_ child: SignpostView) -> String {
        "\(child.givenName) \(child.familyName)"
    }

    static func noticeText(_ notice: SiteURL.ChildNotice?) -> String? {
        switch notice {
        case .joinRequested:
            "You asked to join this child's team. The lead professional and the authority's data manager have been told."
        case .joinedTeam:
            "You accepted the invitation and are now in this child's team. Record your involvement so others can reach you."
        case .involvementRecorded:
            "Your involvement is recorded: other services can now find how to reach you about this child."
        case nil: nil
        }
    }

    /// The service's errors, or its detail under the join form's reason.
    static func fieldErrors(_ error: ServiceError) -> [ServiceError.FieldError] {
        error.fieldErrors.isEmpty ? [.init(field: "reason", message: error.detail)] : error.fieldErrors
    }

    static func model(
        layout: (String) -> LayoutContext, content: ChildService.PageContent, viewer: AuthenticatedPractitioner,
        errors: FormErrors, notice: SiteURL.ChildNotice? = nil, form: InvolvementForm = .init()
    ) -> Model {
        let child = content.child
        let name = name(child)
        return Model(
            layout: layout(errors.any ? "Error: \(name)" : name), child: child, isRecord: child.record != nil,
            isShielded: child.shieldedSignpost, name: name, accesses: content.accesses,
            episodes: content.episodes.map(episodeRow),
            hasEpisodes: !content.episodes.isEmpty, errors: errors, notice: noticeText(notice),
            sensitiveService: viewer.organisationSensitive,
            sensitiveBases: InvolvementService.sensitiveBases.sorted { $0.key < $1.key }.map {
                ChoiceOption(value: $0.key, label: $0.value, checked: form.sensitiveBasis == $0.key)
            },
            form: form, contacts: contacts(child),
            leadPhone: phoneLink(child.involvements.first { $0.leadProfessional }?.contactPhone),
            dateOfBirth: child.dateOfBirth.map(DisplayTime.day), offersSummary: content.offersSummary,
            summaryHref: SiteURL.childSummary(child.id).path, genderName: ChildVocabulary.genderName(child.gender),
            whereaboutsName: child.record.map { ChildVocabulary.whereaboutsName($0.whereabouts) },
            sharedRecord: content.contactPicture.map { picture in
                SharedRecordLinks(
                    chronologyHref: SiteURL.chronology(child.id).path, contactsHref: SiteURL.contacts(child.id).path,
                    forumHref: SiteURL.forum(child.id).path,
                    pictureLinks: PicturePages.tabs(child.id, current: .contacts).map {
                        PictureLink(href: $0.href, label: $0.label)
                    },
                    notSeen: picture.notSeenTooLong ? picture.daysSinceSeen.map { "Not seen for \($0) days" } : nil,
                    persistentAbsence: picture.persistentAbsence,
                    missedReviews: picture.expected.filter { $0.state == .missed }.map(\.name))
            })
    }
}
