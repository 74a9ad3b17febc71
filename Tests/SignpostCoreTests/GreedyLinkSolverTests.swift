import Testing

@testable import SignpostCore

@Suite("Greedy one-to-one linkage (anonlink's greedy_solve for two parties)")
struct GreedyLinkSolverTests {
    typealias Candidate = GreedyLinkSolver.Candidate
    typealias Link = GreedyLinkSolver.Link

    @Test func theBestPairWinsAndEachRecordIsLinkedOnce() {
        let links = GreedyLinkSolver.solve([
            Candidate(a: 0, b: 0, score: 0.85), Candidate(a: 0, b: 1, score: 0.95), Candidate(a: 1, b: 1, score: 0.9),
            Candidate(a: 1, b: 0, score: 0.84), Candidate(a: 2, b: 1, score: 0.99),
        ])
        // 2-1 (0.99) takes b1; then 0-1 and 1-1 are blocked; 0-0 (0.85) links; 1-0 is blocked.
        #expect(links == [Link(a: 0, b: 0), Link(a: 2, b: 1)])
    }

    @Test func tiesGoToTheLowerRecordWhateverTheOrderTheyArriveIn() {
        let tied = [
            Candidate(a: 3, b: 5, score: 0.9), Candidate(a: 1, b: 5, score: 0.9), Candidate(a: 1, b: 4, score: 0.9),
        ]
        #expect(GreedyLinkSolver.solve(tied) == [Link(a: 1, b: 4), Link(a: 3, b: 5)])
        #expect(GreedyLinkSolver.solve(tied.reversed()) == [Link(a: 1, b: 4), Link(a: 3, b: 5)])
    }

    @Test func diceCountsSharedBitsOverAllBits() {
        #expect(GreedyLinkSolver.dice([0b1111], [0b0011]) == 2 * 2 / 6.0)
        #expect(GreedyLinkSolver.dice([0, 0], [0, 0]) == 0)
        #expect(GreedyLinkSolver.dice([.max], [.max]) == 1)
    }
}
