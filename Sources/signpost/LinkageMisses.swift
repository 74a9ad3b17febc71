import Foundation
import SignpostCore

/// `signpost link --truth T --misses M`: each true pair not linked at the match band, with the level each
/// comparison found, so that an operator (or an evaluation) sees which kinds of difference are not forgiven.
enum LinkageMisses {
    static let header = [
        "incoming_id", "index_id", "among_candidates", "score", "given_name", "family_name", "names_swapped",
        "date_of_birth", "place", "nhs_number", "sex", "ceiling", "shared_score", "linked_instead",
    ]

    static func rows(_ misses: [BatchLinker.Miss]) -> [[String]] {
        misses.map { miss in
            let e = miss.explanation
            return [
                miss.incomingID, miss.indexID, miss.amongCandidates ? "yes" : "no", String(format: "%.2f", e.score),
                e.givenName.rawValue, e.familyName.rawValue, e.namesSwapped ? "yes" : "no", e.dateOfBirth.rawValue,
                e.place.rawValue, e.nhsNumber.rawValue, e.sex.rawValue, e.ceiling.rawValue,
                miss.sharedScore.map { String(format: "%.2f", $0) } ?? "", miss.linkedInstead ?? "",
            ]
        }
    }
}
