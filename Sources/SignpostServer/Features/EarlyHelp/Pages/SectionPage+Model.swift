import Foundation
import SignpostCore

/// One page of the assessment's questions: the header, one domain of the framework, or the closing views.
enum SectionPage {
    static let template = "assessment-section"

    struct Model: Encodable {
        var layout: LayoutContext
        var episode: EpisodeView
        /// The version the form saves against: after a conflict, still the stale one, so a second click
        /// cannot overwrite the other person's changes either.
        var version: Int
        var section: String
        var caption: String
        var heading: String
        var groups: [AssessmentFieldGroup]
        var errors: FormErrors
    }

    static let sections: [(id: String, title: String)] =
        [("header", "About the assessment")] + AssessmentFramework.domains.map { ($0.id, $0.title) }
        + [("closing", "Views and conclusions")]

    static func index(of section: String) -> Int? {
        sections.firstIndex { $0.id == section }
    }

    /// Where saving a page leads: the next page, or check your answers after the last.
    static func next(after index: Int, episodeID: UUID) -> SiteURL {
        index + 1 < sections.count
            ? .assessmentSection(episodeID, section: sections[index + 1].id) : .assessmentCheck(episodeID)
    }

    /// The field an error without a field points at: the page's first question.
    static func firstField(_ section: String) -> String {
        switch section {
        case "header": "whatLedToIt"
        case "closing": "childViews"
        default:
            AssessmentFramework.domains.first { $0.id == section }.map { "\($0.elements[0].id).strengths" } ?? "version"
        }
    }

    /// The service's errors on this page, or the detail under the first question.
    static func fieldErrors(_ error: ServiceError, section: String) -> [ServiceError.FieldError] {
        error.fieldErrors.isEmpty ? [.init(field: firstField(section), message: error.detail)] : error.fieldErrors
    }

    static func model(
        layout: (String) -> LayoutContext, episode: EpisodeView, section: String, content: AssessmentContent,
        version: Int, errors: FormErrors
    ) -> Model? {
        guard let index = index(of: section), let groups = SectionQuestions.groups(section, content, errors) else {
            return nil
        }
        let heading = sections[index].title
        return Model(
            layout: layout(errors.any ? "Error: \(heading)" : heading), episode: episode, version: version,
            section: section, caption: "Early-help assessment, part \(index + 1) of \(sections.count)",
            heading: heading, groups: groups, errors: errors)
    }
}
