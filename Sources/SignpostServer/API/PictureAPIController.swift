import SignpostCore
import Vapor

/// `/api/v1/children/{id}/contact-graph`, `/word-cloud` and `/relationships`: the team's shared
/// picture as data (the table) and SVG, and recording a person in the child's life. Every read is
/// audited as a read of what the picture was drawn from.
struct PictureAPIController {
    func addRoutes(to api: any RoutesBuilder) {
        let child = api.grouped("children", ":childID")
        child.get(.constant(SiteURL.SharedPicture.contacts.rawValue), use: contactGraph)
        child.get(.constant(SiteURL.SharedPicture.words.rawValue), use: wordCloud)
        child.get(.constant(SiteURL.SharedPicture.relationships.rawValue), use: wheel)
        child.post(.constant(SiteURL.SharedPicture.relationships.rawValue), use: recordPerson)
    }

    struct PersonRecorded: Content {
        var id: UUID
    }

    @Sendable func contactGraph(_ request: Request) async throws -> SharedPictureService.ContactGraphPage {
        let query = try request.query.decode(PicturePagesController.RangeQuery.self)
        return try await SharedPictureService(context: request.serviceContext).contactGraph(
            childID: try request.idParameter("childID"), from: query.from, to: query.to,
            by: try request.signedInPractitioner())
    }

    @Sendable func wordCloud(_ request: Request) async throws -> SharedPictureService.WordCloudPage {
        try await SharedPictureService(context: request.serviceContext).wordCloud(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func wheel(_ request: Request) async throws -> SharedPictureService.WheelPage {
        try await SharedPictureService(context: request.serviceContext).wheel(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
    }

    @Sendable func recordPerson(_ request: Request) async throws -> Response {
        let body = try request.content.decode(RelationshipService.RelationshipInput.self)
        let id = try await RelationshipService(context: request.serviceContext).record(
            body, childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        let response = Response(status: .created)
        try response.content.encode(PersonRecorded(id: id))
        return response
    }
}
