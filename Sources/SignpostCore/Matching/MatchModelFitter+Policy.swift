import Foundation

/// When `signpost link` learns its weights from the two extracts it is given, and when it keeps the shipped
/// model. Fitting is the default: weights learned from the data being linked carry its own error rates (a
/// model fitted on one population missed a fifth more true pairs on another, FEBRL4, than a model fitted on
/// FEBRL4 itself: docs/benchmarks.md). EM needs enough pairs to learn from, and a fit can fail on odd data, so
/// the shipped model is kept for small extracts and for a fit that does not look like a model of one child.
extension MatchModelFitter {
    /// Below this many records on either side, too few true pairs to estimate m from: keep the shipped model.
    public static let minimumRecordsToFit = 1_000
    /// A fit that expects fewer true pairs than this has learned from noise.
    public static let minimumExpectedMatches = 20.0

    public static func shouldFit(indexRecords: Int, incomingRecords: Int) -> Bool {
        indexRecords >= minimumRecordsToFit && incomingRecords >= minimumRecordsToFit
    }
}

extension MatchModelFitter.Report {
    /// Why this fit should not be used, or nil when it may. A usable fit expects enough true pairs, and finds
    /// exact agreement on given name, family name and date of birth to be evidence for a match: a model
    /// that says otherwise has fitted households or noise, not children.
    public var unusableBecause: String? {
        guard expectedMatches >= MatchModelFitter.minimumExpectedMatches else {
            return String(format: "it expects only %.0f true pairs", expectedMatches)
        }
        let weights = model.weightTable
        for (position, name) in [(0, "given name"), (1, "family name"), (2, "date of birth")] {
            guard let exact = weights[position].first, exact > 1 else {
                return "exact agreement on \(name) is not evidence of a match in it"
            }
        }
        return nil
    }
}
