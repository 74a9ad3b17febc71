import Foundation

/// 60 searches a minute per practitioner, in a sliding window. Held in memory per server: behind a
/// load balancer each server enforces the limit on the requests it sees.
actor SearchRateLimiter {
    let perMinute: Int
    private var recent: [UUID: [Date]] = [:]

    init(perMinute: Int = 60) {
        self.perMinute = perMinute
    }

    func allow(_ practitioner: UUID, now: Date) -> Bool {
        var times = recent[practitioner, default: []].filter { now.timeIntervalSince($0) < 60 }
        guard times.count < perMinute else {
            recent[practitioner] = times
            return false
        }
        times.append(now)
        recent[practitioner] = times
        return true
    }
}
