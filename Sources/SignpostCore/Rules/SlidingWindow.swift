import Foundation

/// A limit of so many events a minute over a sliding minute, estimated from two fixed one-minute windows:
/// the current one, and the one before weighted by the part of it that still falls in the last minute.
///
/// Two counters per limit are all a database has to keep, and both are updated atomically, so every
/// server on one database enforces one limit. Only accepted events are counted: a refused attempt does
/// not push the wait further away, so "wait a minute" is true.
public enum SlidingWindow {
    public static let seconds: Int64 = 60

    /// The start of the fixed window holding this instant, in seconds since 1970.
    public static func windowStart(of instant: Date) -> Int64 {
        let epoch = Int64(instant.timeIntervalSince1970.rounded(.down))
        return epoch - ((epoch % seconds) + seconds) % seconds
    }

    /// How far through its window this instant is, from 0 up to (not including) 1.
    public static func elapsedFraction(of instant: Date) -> Double {
        let start = Double(windowStart(of: instant))
        return min(max((instant.timeIntervalSince1970 - start) / Double(seconds), 0), 1)
    }

    /// How many events the current window may hold in all at this instant: the limit less the previous
    /// window's events that still count. An event is accepted while the current window holds fewer.
    public static func allowance(limit: Int, previousHits: Int, elapsed: Double) -> Int {
        let carried = wholeUp(Double(previousHits) * (1 - elapsed))
        return max(0, limit - carried)
    }

    /// Whole seconds until an event would be accepted, for `Retry-After`, at least 1.
    public static func retryAfter(limit: Int, previousHits: Int, currentHits: Int, elapsed: Double) -> Int {
        let window = Double(seconds)
        guard limit > 0 else { return Int(seconds) }
        // Later in this window the previous one weighs less: accepted once previous × (1 − f) ≤ limit − current − 1.
        if currentHits < limit, previousHits > 0 {
            let needed = 1 - Double(limit - currentHits - 1) / Double(previousHits)
            if needed < 1 { return max(1, wholeUp((max(needed, elapsed) - elapsed) * window)) }
        }
        // Otherwise in the next window, where this one's events weigh 1 − g: accepted once
        // current × (1 − g) ≤ limit − 1.
        let needed = currentHits > 0 ? max(0, 1 - Double(limit - 1) / Double(currentHits)) : 0
        return max(1, wholeUp((1 - elapsed + needed) * window))
    }

    /// Rounds up, ignoring the last bits of floating-point error (30 × (1 − 0.7667) is 7, not 8).
    private static func wholeUp(_ value: Double) -> Int {
        Int((value - 1e-9).rounded(.up))
    }
}
