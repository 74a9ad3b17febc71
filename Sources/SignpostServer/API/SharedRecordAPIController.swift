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
