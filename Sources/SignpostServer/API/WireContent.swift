import Vapor

/// The service results the API answers with, as wire bodies. Services return plain Codable values and
/// know no HTTP; the conformance that lets a route return one lives here, at the edge.
extension AccessHistoryService.AccessView: Content {}
extension AlertService.AlertView: Content {}
extension BrokeredContactService.OpenRequest: Content {}
extension BrokeredContactService.RequestReceipt: Content {}
extension ChronologyService.EntryView: Content {}
extension ForumService.ForumPage: Content {}
extension ForumService.OpenConcern: Content {}
extension AgencyContactService.ContactView: Content {}
extension AgencyContactService.ContactsPage: Content {}
extension ChronologyService.Page: Content {}
extension EpisodeService.EpisodeSummary: Content {}
extension EpisodeView: Content {}
extension GovernanceView: Content {}
extension GovernanceView.Basis: Content {}
extension GovernanceView.Consent: Content {}
extension GovernanceView.Shield: Content {}
extension NotificationService.NotificationView: Content {}
extension SearchResponse: Content {}
extension ShieldService.OverdueReview: Content {}
extension SignpostView: Content {}
extension SignpostView.Involvement: Content {}
extension TeamService.JoinRequestView: Content {}
extension SharedPictureService.ContactGraphPage: Content {}
extension SharedPictureService.WordCloudPage: Content {}
extension SharedPictureService.WheelPage: Content {}
