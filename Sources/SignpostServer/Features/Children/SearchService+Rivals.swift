import SignpostCore

extension SearchService {
    /// The query is one child: children that each look like it share its odds (`Matcher.competingScore`), so two
    /// who fit equally well are neither a `match`. A child whose pupil number agrees stays `match`, and still takes
    /// from the others' odds. Best band first, then the shared score.
    static func sharingTheOdds(_ candidates: [ScoredCandidate], matcher: Matcher)
        -> [(candidate: ScoredCandidate, band: MatchBand, score: Double)]
    {
        let scores = matcher.competingScores(
            candidates.map { Matcher.Contender(score: $0.score, capped: $0.capped) })
        let shared = zip(candidates, scores).map { candidate, score -> (ScoredCandidate, MatchBand, Double) in
            let band = candidate.identifiedByUPN ? MatchBand.match : min(candidate.band, matcher.band(for: score))
            return (candidate, band, candidate.identifiedByUPN ? candidate.score : score)
        }
        return shared.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 > $1.2 }
    }
}
