import Foundation
import SignpostCore

/// The three pages of the team's shared picture. Each shows its picture (SVG drawn in Core) and, right
/// after it, a table that says the same thing, for screen readers, for print and for anyone who reads a
/// table more easily than a picture. A tab-like list of links joins the three pages.
enum PicturePages {
    struct Tab: Encodable {
        var href: String
        var label: String
        var current: Bool
    }

    static func tabs(_ childID: UUID, current: SiteURL.SharedPicture) -> [Tab] {
        [
            (SiteURL.SharedPicture.contacts, "Agency contact over time"), (.words, "Word cloud"),
            (.relationships, "Relationships wheel"),
        ].map { Tab(href: SiteURL.picture(childID, $0.0).path, label: $0.1, current: $0.0 == current) }
    }

    // MARK: - Agency contact over time

    static let contactsTemplate = "picture-contacts"

    struct ContactsModel: Encodable {
        var layout: LayoutContext
        var heading: String
        var childHref: String
        var tabs: [Tab]
        var svg: String
        var summary: String
        var organisations: [String]
        /// The table: a row per month, a cell per organisation (transposed from the graph's lines).
        var months: [MonthRow]
        var gaps: [String]
        var from: String
        var to: String
        var errors: FormErrors
    }

    struct MonthRow: Encodable {
        var month: String
        var cells: [Cell]
    }

    struct Cell: Encodable {
        var count: Int
        /// "No contact" where an involvement was active and no contact was made.
        var gap: String?
    }

    static func contactsModel(
        layout: LayoutContext, childID: UUID, page: SharedPictureService.ContactGraphPage?, from: String?,
        to: String?, errors: FormErrors
    ) -> ContactsModel {
        let lines = page?.rows ?? []
        let months = (page?.months ?? []).enumerated().map { index, month in
            MonthRow(
                month: month,
                cells: lines.map {
                    Cell(count: $0.counts[index], gap: $0.gapMonths.contains(index) ? "gap: no contact" : nil)
                })
        }
        return ContactsModel(
            layout: layout, heading: "Agency contact over time for \(page?.childName ?? "the child")",
            childHref: SiteURL.child(childID).path, tabs: tabs(childID, current: .contacts), svg: page?.svg ?? "",
            summary: page?.summary ?? "", organisations: lines.map(\.organisation), months: months,
            gaps: page?.gaps ?? [],
            from: from ?? "", to: to ?? "", errors: errors)
    }

    // MARK: - Word cloud

    static let wordsTemplate = "picture-words"

    struct WordsModel: Encodable {
        var layout: LayoutContext
        var heading: String
        var childHref: String
        var tabs: [Tab]
        var svg: String
        var summary: String
        var terms: [SharedPictureService.WordRow]
        var assessmentNote: String
    }

    static func wordsModel(layout: LayoutContext, childID: UUID, page: SharedPictureService.WordCloudPage)
        -> WordsModel
    {
        WordsModel(
            layout: layout, heading: "Word cloud for \(page.childName)", childHref: SiteURL.child(childID).path,
            tabs: tabs(childID, current: .words), svg: page.svg, summary: page.summary, terms: page.terms,
            assessmentNote: page.includesAssessment
                ? "Drawn from the chronology, the forum and the early-help assessment: only what you can read."
                : "Drawn from the chronology and the forum: only what you can read. The early-help assessment "
                    + "is not included, because you cannot read it.")
    }

    // MARK: - Relationships wheel

    static let relationshipsTemplate = "picture-relationships"

    struct RelationshipsModel: Encodable {
        var layout: LayoutContext
        var heading: String
        var childHref: String
        var tabs: [Tab]
        var notice: String?
        var svg: String
        var summary: String
        var gaps: [String]
        var rows: [SharedPictureService.WheelRow]
        var mayRecord: Bool
        var formAction: String
        var form: PersonForm
        var errors: FormErrors
    }

    /// The "record a person" form as typed.
    struct PersonForm: Codable, Sendable {
        var name: String?
        var dateOfBirth: String?
        var relationship: String?
        var livesWithChild: String?
        var parentalResponsibility: String?
        var contact: String?
        var basis: String?
        var joinedHouseholdOn: String?

        var input: RelationshipService.RelationshipInput {
            .init(
                name: name ?? "", dateOfBirth: dateOfBirth, relationship: relationship,
                livesWithChild: livesWithChild == "yes", parentalResponsibility: parentalResponsibility == "yes",
                contact: contact, basis: basis, joinedHouseholdOn: joinedHouseholdOn)
        }
    }

    static func relationshipsModel(
        layout: LayoutContext, childID: UUID, page: SharedPictureService.WheelPage, notice: SiteURL.PictureNotice?,
        form: PersonForm, errors: FormErrors
    ) -> RelationshipsModel {
        RelationshipsModel(
            layout: layout, heading: "Relationships wheel for \(page.childName)",
            childHref: SiteURL.child(childID).path, tabs: tabs(childID, current: .relationships),
            notice: notice == .personRecorded ? "The person has been added to the child's relationships" : nil,
            svg: page.svg, summary: page.summary, gaps: page.gaps, rows: page.rows, mayRecord: page.mayRecord,
            formAction: SiteURL.picture(childID, .relationships).path, form: form, errors: errors)
    }

    static func title(_ base: String, _ errors: FormErrors) -> String { (errors.any ? "Error: " : "") + base }
}
