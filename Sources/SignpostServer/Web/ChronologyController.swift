import SignpostCore
import Vapor

/// The chronology pages: the timeline with its filters, adding an entry, and correcting one. The
/// page models live in `Features/Record/Pages`; what each viewer sees is decided by `ChronologyService`.
struct ChronologyController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let chronology = signedIn.grouped("children", ":childID", "chronology")
        chronology.get(use: index)
        chronology.post(use: add)
        chronology.get("new", use: newEntry)
        chronology.get(":entryID", "correct", use: correctionForm)
        chronology.post(":entryID", "correct", use: correct)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let filter = try request.query.decode(ChronologyPage.FilterForm.self)
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.ChronologyNotice.init(rawValue:))
        var page: ChronologyService.Page?
        var errors = FormErrors.none
        do {
            page = try await ChronologyService(context: request.serviceContext).list(
                childID: childID, filter: filter.filter, by: try request.signedInPractitioner())
        } catch let error as ServiceError where error.kind == .invalid {
            errors = FormErrors(error.fieldErrors)
        }
        let model = ChronologyPage.model(
            layout: LayoutContext(request: request, title: ChronologyPage.title(errors, childName: page?.childName)),
            childID: childID, page: page, filter: filter, notice: notice, errors: errors)
        return try await request.render(ChronologyPage.template, model, errors: errors)
    }

    @Sendable func newEntry(_ request: Request) async throws -> Response {
        try await ChronologyService(context: request.serviceContext).checkMayAdd(
            childID: try request.idParameter("childID"), by: try request.signedInPractitioner())
        return try await showForm(request, original: nil, form: .init(), errors: .none)
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(ChronologyEntryPage.Form.self)
        do {
            _ = try await ChronologyService(context: request.serviceContext).add(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.chronology(childID, notice: .added))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showForm(request, original: nil, form: form, errors: FormErrors(error.fieldErrors))
        }
    }

    @Sendable func correctionForm(_ request: Request) async throws -> Response {
        let original = try await original(request)
        return try await showForm(request, original: original, form: .init(), errors: .none)
    }

    @Sendable func correct(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let entryID = try request.idParameter("entryID")
        let form = try request.content.decode(ChronologyEntryPage.Form.self)
        do {
            _ = try await ChronologyService(context: request.serviceContext).correct(
                form.input, entryID: entryID, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.chronology(childID, notice: .corrected))
        } catch let error as ServiceError where error.kind == .invalid {
            let original = try await original(request)
            return try await showForm(request, original: original, form: form, errors: FormErrors(error.fieldErrors))
        }
    }

    private func original(_ request: Request) async throws -> ChronologyService.EntryView {
        try await ChronologyService(context: request.serviceContext).entry(
            try request.idParameter("entryID"), childID: try request.idParameter("childID"),
            by: try request.signedInPractitioner()
        ).entry
    }

    private func showForm(
        _ request: Request, original: ChronologyService.EntryView?, form: ChronologyEntryPage.Form, errors: FormErrors
    ) async throws -> Response {
        let model = ChronologyEntryPage.model(
            layout: LayoutContext(
                request: request, title: ChronologyEntryPage.title(errors, correcting: original != nil)),
            childID: try request.idParameter("childID"), original: original, form: form, errors: errors)
        return try await request.render(ChronologyEntryPage.template, model, errors: errors)
    }
}
