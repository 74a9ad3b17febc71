import Foundation
import Prometheus
import SignpostCore

/// What the app holds for its whole life besides Vapor's own state: settings, the master key, the
/// clock (replaceable in tests) and the metrics registry.
public struct SignpostEnvironment: Sendable {
    public var settings: Settings
    public var masterKey: MasterKey
    public var clock: @Sendable () -> Date
    public var metrics: SignpostMetrics
    /// A bcrypt hash of a random password, checked for unknown emails so they take as long as known ones.
    public var dummyPasswordHash: String
    /// bcrypt, from the composition root.
    public var passwords: PasswordHasher
    /// Signs audit checkpoints, when `SIGNPOST_AUDIT_SIGNING_KEY_FILE` is set.
    public var auditSigner: SignedNote.Signer?
    /// Which checkpoint sizes this server has added to the witness directory.
    public var checkpointsKept = CheckpointLedger()

    public init(
        settings: Settings, masterKey: MasterKey, clock: @escaping @Sendable () -> Date = { Date() },
        metrics: SignpostMetrics = SignpostMetrics(), passwords: PasswordHasher = .bcrypt
    ) throws {
        self.passwords = passwords
        self.settings = settings
        self.masterKey = masterKey
        self.clock = clock
        self.metrics = metrics
        self.dummyPasswordHash = try passwords.hash(UUID().uuidString, settings.bcryptCost)
        self.auditSigner = try settings.auditSigningKeyFile.map(Self.auditSigner(from:))
    }

    /// A key file that is set but unreadable or malformed stops the server, naming the setting.
    static func auditSigner(from path: String) throws -> SignedNote.Signer {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(setting: "SIGNPOST_AUDIT_SIGNING_KEY_FILE", problem: "cannot read \(path)")
        }
        guard let signer = try? SignedNote.Signer(encoded: text) else {
            throw ConfigurationError(
                setting: "SIGNPOST_AUDIT_SIGNING_KEY_FILE",
                problem:
                    "\(path) does not hold a PRIVATE+KEY+... Ed25519 note key (make one with signpost audit keygen)")
        }
        return signer
    }
}

/// Prometheus metrics. Counters carry labels that are never personal: outcomes and routes, not people.
public struct SignpostMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func signIn(outcome: String) {
        registry.makeCounter(name: "signpost_sign_in_attempts_total", labels: [("outcome", outcome)]).increment()
    }

    /// The log's committed events, read from the database at each scrape. Counting at insert counted an event
    /// whose transaction then rolled back (a retried batch of audited reads counted twice); the log is
    /// append-only, so the gauge only rises and `rate()` works on it as on a counter.
    func auditLogSize(_ events: Int64) {
        registry.makeGauge(name: "signpost_audit_log_events").set(events)
    }

    func request(status: UInt) {
        registry.makeCounter(name: "signpost_http_responses_total", labels: [("status_class", "\(status / 100)xx")])
            .increment()
    }
}
