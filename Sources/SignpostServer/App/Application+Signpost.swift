import Vapor

extension Application {
    private struct SignpostKey: StorageKey {
        typealias Value = SignpostEnvironment
    }

    public var signpost: SignpostEnvironment {
        get {
            guard let value = storage[SignpostKey.self] else {
                fatalError("configure(_:environment:) has not run")
            }
            return value
        }
        set { storage[SignpostKey.self] = newValue }
    }
}

extension Request {
    var signpost: SignpostEnvironment { application.signpost }
}

extension Application {
    private struct SearchRateLimiterKey: StorageKey {
        typealias Value = SearchRateLimiter
    }

    /// One limiter per server process, made at start-up.
    var searchRateLimiter: SearchRateLimiter {
        if let existing = storage[SearchRateLimiterKey.self] { return existing }
        let limiter = SearchRateLimiter(perMinute: signpost.settings.searchesPerMinute)
        storage[SearchRateLimiterKey.self] = limiter
        return limiter
    }
}

extension Request {
    var serviceContext: ServiceContext {
        ServiceContext(
            db: db,
            readers: readers,
            auditWrites: application.auditWriteBatcher,
            now: application.signpost.clock(),
            client: ClientInfo(
                ip: remoteAddress?.ipAddress,
                userAgent: headers.first(name: .userAgent).map { String($0.prefix(300)) }),
            environment: application.signpost,
            threadPool: application.threadPool,
            logger: logger)
    }
}

extension Application {
    func serviceContext(client: ClientInfo = .commandLine) -> ServiceContext {
        ServiceContext(
            db: db, readers: readers, auditWrites: auditWriteBatcher, now: signpost.clock(), client: client,
            environment: signpost, threadPool: threadPool, logger: logger
        )
    }
}
