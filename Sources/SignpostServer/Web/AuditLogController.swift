import SignpostCore
import Vapor

/// The auditors' page for reading the audit log. The page model lives in `Features/Governance/Pages`.
struct AuditLogController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        signedIn.grouped(RequirePermission(action: .viewAuditLog)).get("audit", use: index)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let auditor = try request.signedInPractitioner()
        let filter = try request.query.decode(AuditQueryService.Filter.self)
        do {
            let result = try await AuditQueryService(context: request.serviceContext).search(filter, by: auditor)
            return try await show(request, filter: filter, result: result, errors: .none)
        } catch let error as ServiceError where error.kind == .invalid {
            return try await show(request, filter: filter, result: nil, errors: FormErrors(error.fieldErrors))
        }
    }

    private func show(
        _ request: Request, filter: AuditQueryService.Filter, result: AuditQueryService.Result?, errors: FormErrors
    ) async throws -> Response {
        let page = AuditLogPage.model(
            layout: LayoutContext(request: request, title: AuditLogPage.title(errors)), filter: filter, result: result,
            errors: errors)
        return try await request.render(AuditLogPage.template, page, errors: errors)
    }
}
