import Foundation
import SignpostCore

/// The child's forum: start a thread (a concern may be raised for attention), the threads with their
/// posts newest activity first, a reply form per thread, and for the lead professional an
/// acknowledgement form under each concern raised for attention.
enum ForumPage {
    static let template = "forum"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var heading: String
        var childHref: String
        var notice: String?
        var mayPost: Bool
        var postsAsAnotherService: Bool
        var kinds: [ChronologyPage.Option]
        var form: Form
        var threads: [Thread]
        var errors: FormErrors
    }

    struct Thread: Encodable {
        var anchor: String
        var title: String
        var posts: [Post]
        var replyAction: String
        var replyPrefix: String
        var replyKinds: [ChronologyPage.Option]
        var replyBody: String?
        var replyOpen: Bool
        var replyKindError: String?
        var replyBodyError: String?
    }

    struct Post: Encodable {
        var anchor: String
        var kind: String
        var kindClass: String
        var author: String
        var when: String
        var body: String
        var raised: Bool
        var acknowledged: String?
        var acknowledgementNote: String?
        var acknowledgeAction: String?
        var notePrefix: String
        var noteValue: String?
        var noteError: String?
    }

    /// Every forum form as typed; `replyingTo` and `acknowledging` say which form an error belongs to.
    struct Form: Codable, Sendable {
        var title: String?
        var kind: String?
        var body: String?
        var raiseAttention: String?
        var nameMyService: String?
        var note: String?
        var replyingTo: UUID?
        var acknowledging: UUID?

        var raises: Bool { raiseAttention == "yes" }

        var input: ForumService.PostInput {
            .init(
                title: title, kind: kind ?? "", body: body ?? "", raiseAttention: raises,
                nameMyService: nameMyService == "yes")
        }
    }

    static func title(_ errors: FormErrors, childName: String) -> String {
        (errors.any ? "Error: " : "") + "Forum for \(childName)"
    }

    /// The service's field errors, named after the form they belong to on this page.
    static func fieldErrors(_ error: ServiceError, prefix: String) -> [ServiceError.FieldError] {
        error.fieldErrors.map { .init(field: prefix + $0.field, message: $0.message) }
    }

    static func noticeText(_ notice: SiteURL.ForumNotice?) -> String? {
        switch notice {
        case .posted: "Your post has been added"
        case .raised: "Your concern has been raised: the lead professional and the team have been told"
        case .acknowledged: "The concern has been acknowledged and the person who raised it has been told"
        case nil: nil
        }
    }

    static func model(
        layout: LayoutContext, childID: UUID, page: ForumService.ForumPage, form: Form,
        notice: SiteURL.ForumNotice?, errors: FormErrors
    ) -> Model {
        let newThread = form.replyingTo == nil && form.acknowledging == nil
        let kinds = ForumPostKind.allCases.map { ($0.rawValue, $0.label) }
        return Model(
            layout: layout, childID: childID, heading: "Forum for \(page.childName)",
            childHref: SiteURL.child(childID).path, notice: noticeText(notice), mayPost: page.mayPost,
            postsAsAnotherService: page.postsAsAnotherService,
            kinds: ChronologyPage.options(kinds, chosen: newThread ? form.kind : nil), form: newThread ? form : .init(),
            threads: page.threads.map { thread in
                let replying = form.replyingTo == thread.id
                return Thread(
                    anchor: "thread-\(thread.id)", title: thread.title,
                    posts: thread.posts.map { post(childID: childID, $0, form: form, errors: errors) },
                    replyAction: "/children/\(childID)/forum/threads/\(thread.id)/posts",
                    replyPrefix: "reply-\(thread.id)-",
                    replyKinds: ChronologyPage.options(kinds, chosen: replying ? form.kind : nil),
                    replyBody: replying ? form.body : nil, replyOpen: replying,
                    replyKindError: errors.byField["reply-\(thread.id)-kind"]
                        ?? errors.byField["reply-\(thread.id)-raiseAttention"],
                    replyBodyError: errors.byField["reply-\(thread.id)-body"])
            }, errors: errors)
    }

    private static func post(childID: UUID, _ post: ForumService.PostView, form: Form, errors: FormErrors) -> Post {
        guard post.disclosure == .full else {
            return Post(
                anchor: "post-\(post.id)", kind: "Another service", kindClass: "govuk-tag--grey", author: "",
                when: DisplayTime.minute(post.postedAt), body: "Another service posted something here.", raised: false,
                acknowledged: nil, acknowledgementNote: nil, acknowledgeAction: nil, notePrefix: "ack-\(post.id)-",
                noteValue: nil, noteError: nil)
        }
        let kindClass: String =
            switch post.kind {
            case .concern: "govuk-tag--red"
            case .progress: "govuk-tag--green"
            case .observation: "govuk-tag--blue"
            }
        return Post(
            anchor: "post-\(post.id)", kind: post.kind.label, kindClass: kindClass, author: post.author,
            when: DisplayTime.minute(post.postedAt), body: post.body, raised: post.raisesAttention,
            acknowledged: post.acknowledgement.map { "Acknowledged by \($0.by), \(DisplayTime.minute($0.at))" },
            acknowledgementNote: post.acknowledgement?.note,
            acknowledgeAction: post.mayAcknowledge
                ? "/children/\(childID)/forum/posts/\(post.id)/acknowledge" : nil,
            notePrefix: "ack-\(post.id)-", noteValue: form.acknowledging == post.id ? form.note : nil,
            noteError: errors.byField["ack-\(post.id)-note"])
    }
}
