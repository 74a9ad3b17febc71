import Foundation
import SignpostCore

/// The public information pages: the privacy notice and the accessibility statement. They show only
/// the layout; their text lives in the templates.
enum StaticPage: String, Sendable {
    case privacy
    case accessibility

    struct Model: Encodable {
        var layout: LayoutContext
    }

    var template: String { rawValue }

    var title: String {
        switch self {
        case .privacy: "Privacy notice"
        case .accessibility: "Accessibility statement"
        }
    }

    static func model(layout: LayoutContext) -> Model {
        Model(layout: layout)
    }
}
