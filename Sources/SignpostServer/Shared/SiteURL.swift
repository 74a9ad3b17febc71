import Foundation

/// Every page address the server links to or redirects to, built in one place (after
/// SwiftPackageIndex-Server's `SiteURL`). A route's path and the links to it cannot drift apart
/// unnoticed: `SiteURLTests` pins each case.
enum SiteURL: Equatable, Sendable {
    case home
    case homeWithNotice(HomeNotice)
    /// Accepting or declining an invitation to a child's team (a form's action).
    case teamInvitation(UUID, accept: Bool)
    case signIn
    case signedOut
    case childSearch
    case child(UUID, notice: ChildNotice? = nil, fragment: String? = nil)
    case childSummary(UUID)
    /// The chronology, with its filters (`ChronologyService.Filter`'s names) as the query.
    case chronology(UUID, notice: ChronologyNotice? = nil, filter: [String: String] = [:])
    case newChronologyEntry(UUID)
    case contacts(UUID, notice: ContactsNotice? = nil)
    case forum(UUID, notice: ForumNotice? = nil, fragment: String? = nil)
    case chronologyCorrection(UUID, entryID: UUID)
    /// One of the team's shared pictures of the child.
    case picture(UUID, SharedPicture, notice: PictureNotice? = nil)
    case newAssessment(childID: UUID)
    case assessment(UUID, notice: EpisodeNotice? = nil)
    case assessmentConsent(UUID)
    case assessmentSection(UUID, section: String)
    case assessmentCheck(UUID)
    case assessmentClose(UUID)
    /// One of the Team Around the Child's own pages: the team, meetings, the action plan or reviews.
    case assessmentWork(UUID, EpisodeWork, notice: EpisodeNotice? = nil)
    case teamRequests(notice: TeamRequestsNotice? = nil)
    case accounts(notice: AccountsNotice? = nil)
    case alerts
    case informationGovernance(notice: InformationGovernanceNotice? = nil)
    case auditLog
    case apiChild(UUID)
    case apiAssessment(UUID)

    /// What the child page says after a change made from it.
    enum HomeNotice: String, Sendable {
        case invitationDeclined = "invitation-declined"
    }

    enum ChildNotice: String, Sendable {
        case joinRequested = "join-requested"
        case joinedTeam = "joined-team"
        case involvementRecorded = "involvement-recorded"
    }

    enum EpisodeNotice: String, Sendable {
        case completed
        case invited
        case invitationSent = "invitation-sent"
        case leadChosen = "lead-chosen"
        case meetingRecorded = "meeting-recorded"
        case actionAdded = "action-added"
        case actionUpdated = "action-updated"
        case reviewRecorded = "review-recorded"
        case closed
    }

    /// The Team Around the Child's pages, one per kind of work, each under the episode.
    enum EpisodeWork: String, Sendable, CaseIterable {
        case team
        case meetings
        case actions
        case reviews
    }

    enum TeamRequestsNotice: String, Sendable {
        case admitted
        case declined
    }

    enum ContactsNotice: String, Sendable {
        case recorded
        case alreadyRecorded = "already-recorded"
        case frequencyAgreed = "frequency-agreed"
    }

    enum ForumNotice: String, Sendable {
        case posted
        case raised
        case acknowledged
    }

    enum SharedPicture: String, Sendable, CaseIterable {
        case contacts = "contact-graph"
        case words = "word-cloud"
        case relationships = "relationships"
    }

    enum PictureNotice: String, Sendable {
        case personRecorded = "person-recorded"
    }

    enum ChronologyNotice: String, Sendable {
        case added
        case corrected
    }

    enum InformationGovernanceNotice: String, Sendable {
        case passedOn = "passed-on"
        case declined
    }

    enum AccountsNotice: String, Sendable {
        case suspended
        case reactivated
        case invited
        case invitedPending = "invited-pending"
        case rolesRequested = "roles-requested"
        case approved
        case declined
    }

    var path: String {
        switch self {
        case .home: "/"
        case .homeWithNotice(let notice): "/" + Self.query(notice: notice.rawValue)
        case .teamInvitation(let id, let accept): "/team/invitations/\(id.uuidString)/\(accept ? "accept" : "decline")"
        case .signIn: "/sign-in"
        case .signedOut: "/signed-out"
        case .childSearch: "/children/search"
        case .child(let id, let notice, let fragment):
            "/children/\(id.uuidString)" + Self.query(notice: notice?.rawValue) + (fragment.map { "#\($0)" } ?? "")
        case .childSummary(let id): "/children/\(id.uuidString)/summary"
        case .chronology(let id, let notice, let filter):
            "/children/\(id.uuidString)/chronology" + Self.query(notice.map { ["notice": $0.rawValue] } ?? filter)
        case .newChronologyEntry(let id): "/children/\(id.uuidString)/chronology/new"
        case .contacts(let id, let notice): "/children/\(id.uuidString)/contacts" + Self.query(notice: notice?.rawValue)
        case .forum(let id, let notice, let fragment):
            "/children/\(id.uuidString)/forum" + Self.query(notice: notice?.rawValue)
                + (fragment.map { "#\($0)" } ?? "")
        case .picture(let id, let picture, let notice):
            "/children/\(id.uuidString)/\(picture.rawValue)" + Self.query(notice: notice?.rawValue)
        case .chronologyCorrection(let id, let entryID):
            "/children/\(id.uuidString)/chronology/\(entryID.uuidString)/correct"
        case .newAssessment(let childID): "/children/\(childID.uuidString)/assessments/new"
        case .assessment(let id, let notice): "/assessments/\(id.uuidString)" + Self.query(notice: notice?.rawValue)
        case .assessmentConsent(let id): "/assessments/\(id.uuidString)/consent"
        case .assessmentSection(let id, let section): "/assessments/\(id.uuidString)/sections/\(section)"
        case .assessmentCheck(let id): "/assessments/\(id.uuidString)/check"
        case .assessmentClose(let id): "/assessments/\(id.uuidString)/close"
        case .assessmentWork(let id, let work, let notice):
            "/assessments/\(id.uuidString)/\(work.rawValue)" + Self.query(notice: notice?.rawValue)
        case .teamRequests(let notice): "/team/requests" + Self.query(notice: notice?.rawValue)
        case .accounts(let notice): "/admin/accounts" + Self.query(notice: notice?.rawValue)
        case .alerts: "/alerts"
        case .informationGovernance(let notice): "/information-governance" + Self.query(notice: notice?.rawValue)
        case .auditLog: "/audit"
        case .apiChild(let id): "/api/v1/children/\(id.uuidString)"
        case .apiAssessment(let id): "/api/v1/assessments/\(id.uuidString)"
        }
    }

    private static func query(notice: String?) -> String {
        notice.map { "?notice=\($0)" } ?? ""
    }

    /// A query from fields, in name order, each name and value percent-encoded; empty values left out.
    private static func query(_ fields: [String: String]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let pairs = fields.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")="
                + ($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }
}
