import Foundation

/// 60 searches a minute per practitioner over a sliding minute, counted in the database (`RateWindows`)
/// in the search's own transaction, so the limit holds across every server and a rolled-back search is
/// not counted.
struct SearchRateLimiter: Sendable {
    let perMinute: Int

    init(perMinute: Int = 60) {
        self.perMinute = perMinute
    }

    /// Counts this search, or says how many seconds to wait.
    func claim(_ practitioner: UUID, context: ServiceContext) async throws -> RateWindows.Claim {
        try await RateWindows(context: context).claim("search:\(practitioner.uuidString)", limit: perMinute)
    }

    /// The refusal once the limit is reached: the same words for a local search and a national look-up.
    func refusal(retryAfterSeconds seconds: Int) -> ServiceError {
        ServiceError(
            kind: .rateLimited, title: "Too many searches",
            detail: "You can make \(perMinute) searches a minute. Wait a minute, then try again.",
            retryAfterSeconds: seconds)
    }
}
