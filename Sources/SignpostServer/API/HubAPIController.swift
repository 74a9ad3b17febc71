import SignpostCore
import Vapor

/// The national hub's API, `/hub/v1/...`. Every route but the audit log's public face takes only requests
/// signed by an enrolled node (`NodeSignatureAuthenticator`).
struct HubAPIController {
    struct EnrolmentBody: Content { var records: [HubEnrolmentInput] }
    struct RetirementBody: Content { var handles: [String] }
    struct Counted: Content { var count: Int }
    struct Answer: Content { var pointers: [HubPointer] }
    struct Directory: Content { var nodes: [HubNode] }

    func addRoutes(to hub: any RoutesBuilder) {
        let signed = hub.grouped(NodeSignatureAuthenticator.hub)
        signed.post("enrolments", use: enrol)
        signed.post("retirements", use: retire)
        signed.post("queries", use: query)
        signed.get("nodes", use: directory)
    }

    private func service(_ request: Request) -> HubService {
        HubService(
            context: request.serviceContext, directory: request.application.hubDirectory,
            scans: request.application.hubScans)
    }

    @Sendable func enrol(_ request: Request) async throws -> Counted {
        let body = try request.content.decode(EnrolmentBody.self)
        return Counted(count: try await service(request).enrol(body.records, by: try request.hubNode()))
    }

    @Sendable func retire(_ request: Request) async throws -> Counted {
        let body = try request.content.decode(RetirementBody.self)
        return Counted(count: try await service(request).retire(body.handles, by: try request.hubNode()))
    }

    @Sendable func query(_ request: Request) async throws -> Answer {
        let body = try request.content.decode(HubQueryInput.self)
        return Answer(pointers: try await service(request).query(body, by: try request.hubNode()))
    }

    @Sendable func directory(_ request: Request) async throws -> Directory {
        _ = try request.hubNode()
        return Directory(nodes: try await HubNodeService(context: request.serviceContext).directory())
    }
}
