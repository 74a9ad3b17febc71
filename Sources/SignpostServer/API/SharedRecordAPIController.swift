import SignpostCore
import Vapor

/// `/api/v1/children/{id}/chronology...`: the chronology of the child's shared record. Entries are
/// added and corrected, never changed or deleted: there is no PUT, PATCH or DELETE here.
struct SharedRecordAPIController {
    func addRoutes(to api: any RoutesBuilder) {
        let chronology = api.grouped("children", ":childID", "chronology")
        chronology.get(use: list)
        chronology.post(use: add)
        chronology.post(":entryID", "corrections", use: correct)
        let contacts = api.grouped("children", ":childID", "contacts")
        contacts.get(use: listContacts)
        contacts.post(use: recordContact)
        api.post("children", ":childID", "contact-frequency", use: agreeFrequency)
        let forum = api.grouped("children", ":childID", "forum")
        forum.get(use: self.forum)
        forum.post("threads", use: startThread)
        forum.post("threads", ":threadID", "posts", use: reply)
        forum.post("posts", ":postID", "acknowledge", use: acknowledge)
        api.get("concerns", use: openConcerns)
    }

    struct ThreadCreated: Content {
        var id: UUID
    }

    struct AcknowledgeBody: Content {
        var note: String
    }

    @Sendable func forum(_ request: Request) async throws -> ForumService.ForumPage {
        try await ForumService(context: request.serviceContext).forum(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func startThread(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ForumService.PostInput.self)
        let id = try await ForumService(context: request.serviceContext).startThread(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        let response = Response(status: .created)
        try response.content.encode(ThreadCreated(id: id))
        return response
    }

    @Sendable func reply(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(ForumService.PostInput.self)
        try await ForumService(context: request.serviceContext).reply(
            body, threadID: try request.idParameter("threadID"), childID: try request.idParameter("childID"),
            by: try request.signedInPractitioner())
        return .created
    }

    @Sendable func acknowledge(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(AcknowledgeBody.self)
        try await ForumService(context: request.serviceContext).acknowledge(
            postID: try request.idParameter("postID"), childID: try request.idParameter("childID"), note: body.note,
            by: try request.signedInPractitioner())
        return .noContent
    }

    @Sendable func openConcerns(_ request: Request) async throws -> [ForumService.OpenConcern] {
        try await ForumService(context: request.serviceContext).openConcerns(by: try request.signedInPractitioner())
    }

    struct FrequencyBody: Content {
        var everyDays: Int
    }

    @Sendable func listContacts(_ request: Request) async throws -> AgencyContactService.ContactsPage {
        try await AgencyContactService(context: request.serviceContext).list(
            childID: try request.idParameter("childID"), page: try request.query.get(Int?.self, at: "page"),
            by: try request.signedInPractitioner())
    }

    /// 201 for a new contact; 200 with the contact recorded before when its reference was sent already.
    @Sendable func recordContact(_ request: Request) async throws -> Response {
        let body = try request.content.decode(AgencyContactService.ContactInput.self)
        let recorded = try await AgencyContactService(context: request.serviceContext).record(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        let response = Response(status: recorded.created ? .created : .ok)
        try response.content.encode(recorded.contact)
        return response
    }

    @Sendable func agreeFrequency(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(FrequencyBody.self)
        try await AgencyContactService(context: request.serviceContext).setFrequency(
            everyDays: body.everyDays, childID: try request.idParameter("childID"),
            by: try request.signedInPractitioner())
        return .noContent
    }

    @Sendable func list(_ request: Request) async throws -> ChronologyService.Page {
        let filter = try request.query.decode(ChronologyService.Filter.self)
        return try await ChronologyService(context: request.serviceContext).list(
            childID: try request.idParameter("childID"), filter: filter, by: try request.signedInPractitioner())
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ChronologyService.EntryInput.self)
        let entry = try await ChronologyService(context: request.serviceContext).add(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        return try created(entry)
    }

    @Sendable func correct(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ChronologyService.EntryInput.self)
        let entry = try await ChronologyService(context: request.serviceContext).correct(
            body, entryID: try request.idParameter("entryID"), childID: try request.idParameter("childID"),
            by: try request.signedInPractitioner())
        return try created(entry)
    }

    private func created(_ entry: ChronologyService.EntryView) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(entry)
        return response
    }
}
