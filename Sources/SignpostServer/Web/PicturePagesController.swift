import SignpostCore
import Vapor

/// The team's shared picture: the agency-contact graph, the word cloud and the relationships wheel,
/// each with its table, and the form that adds a person to the wheel. The page models live in
/// `Features/Record/Pages`; what each viewer sees is decided by `SharedPictureService`.
struct PicturePagesController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let child = signedIn.grouped("children", ":childID")
        child.get(.constant(SiteURL.SharedPicture.contacts.rawValue), use: contactGraph)
        child.get(.constant(SiteURL.SharedPicture.words.rawValue), use: wordCloud)
        child.get(.constant(SiteURL.SharedPicture.relationships.rawValue), use: relationships)
        child.post(.constant(SiteURL.SharedPicture.relationships.rawValue), use: recordPerson)
    }

    struct RangeQuery: Content {
        var from: String?
        var to: String?
    }

    /// The page's month boxes are `fromMonth` and `toMonth`: months, not the dates of the date input.
    struct PageRangeQuery: Content {
        var fromMonth: String?
        var toMonth: String?
    }

    @Sendable func contactGraph(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let typed = try request.query.decode(PageRangeQuery.self)
        let query = RangeQuery(from: typed.fromMonth, to: typed.toMonth)
        var page: SharedPictureService.ContactGraphPage?
        var errors = FormErrors.none
        do {
            page = try await SharedPictureService(context: request.serviceContext).contactGraph(
                childID: childID, from: query.from, to: query.to, by: try request.signedInPractitioner())
        } catch let error as ServiceError where error.kind == .invalid {
            errors = FormErrors(error.fieldErrors)
            page = try await SharedPictureService(context: request.serviceContext).contactGraph(
                childID: childID, from: nil, to: nil, by: try request.signedInPractitioner())
        }
        let model = PicturePages.contactsModel(
            layout: LayoutContext(
                request: request, title: PicturePages.title("Agency contact over time", errors)),
            childID: childID, page: page, from: query.from, to: query.to, errors: errors)
        return try await request.render(PicturePages.contactsTemplate, model, errors: errors)
    }

    @Sendable func wordCloud(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let page = try await SharedPictureService(context: request.serviceContext).wordCloud(
            childID: childID, by: try request.signedInPractitioner())
        let model = PicturePages.wordsModel(
            layout: LayoutContext(request: request, title: "Word cloud for \(page.childName)"), childID: childID,
            page: page)
        return try await request.render(PicturePages.wordsTemplate, model, errors: .none)
    }

    @Sendable func relationships(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.PictureNotice.init(rawValue:))
        return try await showWheel(request, notice: notice, form: .init(), errors: .none)
    }

    @Sendable func recordPerson(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(PicturePages.PersonForm.self)
        do {
            _ = try await RelationshipService(context: request.serviceContext).record(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.picture(childID, .relationships, notice: .personRecorded))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showWheel(request, notice: nil, form: form, errors: FormErrors(error.fieldErrors))
        }
    }

    private func showWheel(
        _ request: Request, notice: SiteURL.PictureNotice?, form: PicturePages.PersonForm, errors: FormErrors
    ) async throws -> Response {
        let childID = try request.idParameter("childID")
        let page = try await SharedPictureService(context: request.serviceContext).wheel(
            childID: childID, by: try request.signedInPractitioner())
        let model = PicturePages.relationshipsModel(
            layout: LayoutContext(
                request: request, title: PicturePages.title("Relationships wheel for \(page.childName)", errors)),
            childID: childID, page: page, notice: notice, form: form, errors: errors)
        return try await request.render(PicturePages.relationshipsTemplate, model, errors: errors)
    }
}
