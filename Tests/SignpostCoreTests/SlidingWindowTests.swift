import Foundation
import SignpostCore
import Testing

/// The sliding-minute estimate behind the search limit and the sign-in throttle (`SlidingWindow`).
@Suite("Sliding window")
struct SlidingWindowTests {
    @Test func windowsStartOnTheMinute() {
        let instant = Date(timeIntervalSince1970: 1_700_000_075.5)
        #expect(SlidingWindow.windowStart(of: instant) == 1_700_000_040)
        #expect(abs(SlidingWindow.elapsedFraction(of: instant) - 35.5 / 60) < 1e-9)
    }

    @Test func thePreviousMinuteCountsForThePartStillInTheLastSixtySeconds() {
        #expect(SlidingWindow.allowance(limit: 60, previousHits: 0, elapsed: 0) == 60)
        #expect(SlidingWindow.allowance(limit: 60, previousHits: 60, elapsed: 0) == 0)
        #expect(SlidingWindow.allowance(limit: 60, previousHits: 60, elapsed: 0.5) == 30)
        #expect(SlidingWindow.allowance(limit: 60, previousHits: 1, elapsed: 0.99) == 59, "a part counts as one")
        #expect(SlidingWindow.allowance(limit: 3, previousHits: 100, elapsed: 0.5) == 0, "never negative")
    }

    /// Whether one more event would be accepted `seconds` after a refusal, replaying the windows.
    private func accepted(after seconds: Int, limit: Int, previous: Int, current: Int, elapsed: Double) -> Bool {
        let position = elapsed + Double(seconds) / 60
        if position < 1 {
            return current < SlidingWindow.allowance(limit: limit, previousHits: previous, elapsed: position)
        }
        if position < 2 {
            return 0 < SlidingWindow.allowance(limit: limit, previousHits: current, elapsed: position - 1)
        }
        return true
    }

    /// `Retry-After` is the first whole second at which the retry is accepted, for every refusal.
    @Test func retryAfterIsWhenARetryIsFirstAccepted() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<20_000 {
            let limit = Int.random(in: 1...80, using: &generator)
            let previous = Int.random(in: 0...(2 * limit), using: &generator)
            let elapsed = Double(Int.random(in: 0..<600, using: &generator)) / 600
            let allowance = SlidingWindow.allowance(limit: limit, previousHits: previous, elapsed: elapsed)
            // Only states the counters can reach: the current window never holds more than was allowed.
            let current = Int.random(in: 0...max(allowance, limit), using: &generator)
            guard current >= allowance, current <= limit else { continue }
            checked += 1
            let wait = SlidingWindow.retryAfter(
                limit: limit, previousHits: previous, currentHits: current, elapsed: elapsed)
            #expect(wait >= 1 && wait <= 120)
            #expect(
                accepted(after: wait, limit: limit, previous: previous, current: current, elapsed: elapsed),
                "limit \(limit) previous \(previous) current \(current) elapsed \(elapsed): wait \(wait)")
            if wait >= 2 {
                #expect(
                    !accepted(after: wait - 2, limit: limit, previous: previous, current: current, elapsed: elapsed),
                    "limit \(limit) previous \(previous) current \(current) elapsed \(elapsed): wait \(wait) too long")
            }
        }
        #expect(checked > 1000)
    }

    @Test func aFullMinuteWaitsForTheNextWindowToWeighLess() {
        // 60 of 60 used at the half minute: one is accepted once the full window weighs 59 of 60.
        #expect(SlidingWindow.retryAfter(limit: 60, previousHits: 0, currentHits: 60, elapsed: 0.5) == 31)
    }
}
