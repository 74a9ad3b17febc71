import Vapor

/// The demo seeder and the benchmark support run against a configured application: the CLI and
/// `signpost-bench` hand it over here, and everything below works on a plain `ServiceContext`.
extension DemoSeeder {
    public init(application: Application) {
        self.init(context: application.serviceContext())
    }
}

extension BenchmarkSupport {
    public init(app: Application) {
        self.init(makeContext: { app.serviceContext() }, limiter: app.searchRateLimiter)
    }
}
