/// How far a draft assessment has got, part by part: the same rule completion applies
/// (`AssessmentContent.missingForCompletion`), so a part shows "Completed" exactly when completion no
/// longer asks for it.
public enum PartStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "Not started"
    case inProgress = "In progress"
    case completed = "Completed"
}

extension AssessmentContent {
    /// The parts in the order the pages come: the header, each domain, the closing views.
    public static let partIDs = ["header"] + AssessmentFramework.domains.map(\.id) + ["closing"]

    public func status(ofPart part: String) -> PartStatus {
        let missing = Set(missingForCompletion)
        switch part {
        case "header":
            if !missing.contains("whatLedToIt") { return .completed }
            let any =
                [peoplePresent, ethnicity, childLanguage, parentLanguage, disabilityOrSEN, parentsAndCarers]
                .contains { !($0 ?? "").isEmpty } || interpreterNeeded != nil
            return any ? .inProgress : .notStarted
        case "closing":
            if !missing.contains("conclusions") { return .completed }
            return [childViews, parentViews].contains { !($0 ?? "").isEmpty } ? .inProgress : .notStarted
        default:
            return missing.contains(part) ? .notStarted : .completed
        }
    }

    /// Where "Continue" goes: the first part not yet completed, or nil when every part is.
    public var firstUnfinishedPart: String? {
        Self.partIDs.first { status(ofPart: $0) != .completed }
    }
}
