import Foundation
import SignpostCore

/// After asking for brokered contact: what happens to the request now.
enum BrokeredSentPage {
    static let template = "brokered-sent"
    static let title = "Request sent"

    struct Model: Encodable {
        var layout: LayoutContext
        var childID: UUID
        var detail: String
    }

    /// The brokered-contact form on the child page, as posted.
    struct Form: Decodable {
        var message: String?

        var input: BrokeredContactService.RequestInput {
            BrokeredContactService.RequestInput(message: message ?? "")
        }
    }

    static func model(layout: LayoutContext, childID: UUID, receipt: BrokeredContactService.RequestReceipt) -> Model {
        Model(layout: layout, childID: childID, detail: receipt.detail)
    }
}
