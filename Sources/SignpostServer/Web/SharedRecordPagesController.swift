import SignpostCore
import Vapor

/// The agency contacts and forum pages of a child's shared record. The page models live in
/// `Features/Record/Pages`; what each viewer sees is decided by the services.
struct SharedRecordPagesController {
    func addRoutes(to signedIn: any RoutesBuilder) {
        let child = signedIn.grouped("children", ":childID")
        child.get("contacts", use: contacts)
        child.post("contacts", use: recordContact)
        child.post("contact-frequency", use: agreeFrequency)
        child.get("forum", use: forum)
        child.post("forum", "threads", use: startThread)
        child.post("forum", "threads", ":threadID", "posts", use: reply)
        child.post("forum", "posts", ":postID", "acknowledge", use: acknowledge)
    }

    @Sendable func contacts(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.ContactsNotice.init(rawValue:))
        return try await showContacts(request, form: .init(), notice: notice, errors: .none)
    }

    @Sendable func recordContact(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(ContactsPage.Form.self)
        do {
            let recorded = try await AgencyContactService(context: request.serviceContext).record(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(
                to: SiteURL.contacts(childID, notice: recorded.created ? .recorded : .alreadyRecorded))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showContacts(request, form: form, notice: nil, errors: FormErrors(error.fieldErrors))
        }
    }

    @Sendable func agreeFrequency(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(ContactsPage.Form.self)
        do {
            let days = Int(form.everyDays?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
            try await AgencyContactService(context: request.serviceContext).setFrequency(
                everyDays: days, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.contacts(childID, notice: .frequencyAgreed))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showContacts(request, form: form, notice: nil, errors: FormErrors(error.fieldErrors))
        }
    }

    private func showContacts(
        _ request: Request, form: ContactsPage.Form, notice: SiteURL.ContactsNotice?, errors: FormErrors
    ) async throws -> Response {
        let childID = try request.idParameter("childID")
        let page = try await AgencyContactService(context: request.serviceContext).list(
            childID: childID, page: nil, by: try request.signedInPractitioner())
        let model = ContactsPage.model(
            layout: LayoutContext(request: request, title: ContactsPage.title(errors, childName: page.childName)),
            childID: childID, page: page, form: form, notice: notice, errors: errors)
        return try await request.render(ContactsPage.template, model, errors: errors)
    }

    @Sendable func forum(_ request: Request) async throws -> Response {
        let notice = request.query[String.self, at: "notice"].flatMap(SiteURL.ForumNotice.init(rawValue:))
        return try await showForum(request, form: .init(), notice: notice, errors: .none)
    }

    @Sendable func startThread(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let form = try request.content.decode(ForumPage.Form.self)
        do {
            let thread = try await ForumService(context: request.serviceContext).startThread(
                form.input, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(
                to: SiteURL.forum(childID, notice: form.raises ? .raised : .posted, fragment: "thread-\(thread)"))
        } catch let error as ServiceError where error.kind == .invalid {
            return try await showForum(request, form: form, notice: nil, errors: FormErrors(error.fieldErrors))
        }
    }

    @Sendable func reply(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let threadID = try request.idParameter("threadID")
        let form = try request.content.decode(ForumPage.Form.self)
        do {
            try await ForumService(context: request.serviceContext).reply(
                form.input, threadID: threadID, childID: childID, by: try request.signedInPractitioner())
            return request.redirect(
                to: SiteURL.forum(childID, notice: form.raises ? .raised : .posted, fragment: "thread-\(threadID)"))
        } catch let error as ServiceError where error.kind == .invalid {
            var kept = form
            kept.replyingTo = threadID
            let errors = FormErrors(ForumPage.fieldErrors(error, prefix: "reply-\(threadID)-"))
            return try await showForum(request, form: kept, notice: nil, errors: errors)
        }
    }

    @Sendable func acknowledge(_ request: Request) async throws -> Response {
        let childID = try request.idParameter("childID")
        let postID = try request.idParameter("postID")
        let form = try request.content.decode(ForumPage.Form.self)
        do {
            try await ForumService(context: request.serviceContext).acknowledge(
                postID: postID, childID: childID, note: form.note ?? "", by: try request.signedInPractitioner())
            return request.redirect(to: SiteURL.forum(childID, notice: .acknowledged, fragment: "post-\(postID)"))
        } catch let error as ServiceError where error.kind == .invalid {
            var kept = form
            kept.acknowledging = postID
            let errors = FormErrors(ForumPage.fieldErrors(error, prefix: "ack-\(postID)-"))
            return try await showForum(request, form: kept, notice: nil, errors: errors)
        }
    }

    private func showForum(
        _ request: Request, form: ForumPage.Form, notice: SiteURL.ForumNotice?, errors: FormErrors
    ) async throws -> Response {
        let childID = try request.idParameter("childID")
        let page = try await ForumService(context: request.serviceContext).forum(
            childID: childID, by: try request.signedInPractitioner())
        let model = ForumPage.model(
            layout: LayoutContext(request: request, title: ForumPage.title(errors, childName: page.childName)),
            childID: childID, page: page, form: form, notice: notice, errors: errors)
        return try await request.render(ForumPage.template, model, errors: errors)
    }
}
