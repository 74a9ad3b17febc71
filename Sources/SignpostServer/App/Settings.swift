import Foundation
import Logging
import SignpostCore

/// Start-up configuration, read from the environment (twelve-factor). Anything missing or malformed
/// stops start-up with a message that names the setting.
public struct Settings: Sendable {
    public enum DatabaseTarget: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)

        public var engineName: String {
            switch self {
            case .sqliteFile, .sqliteMemory: "sqlite"
            case .postgres: "postgresql"
            }
        }
    }

    public var database: DatabaseTarget
    /// Path of the 32-byte master key. Nil means "generate `./signpost.key` on first use" (development only).
    public var keyFile: String?
    /// The Ed25519 key that signs audit checkpoints (`SIGNPOST_AUDIT_SIGNING_KEY_FILE`); never the master key.
    public var auditSigningKeyFile: String?
    /// A directory every checkpoint the server signs is added to (`SIGNPOST_AUDIT_WITNESS_DIR`).
    public var auditWitnessDirectory: String?
    public var hostname: String
    public var port: Int
    public var logLevel: Logger.Level
    /// Served over TLS (directly or behind a TLS-terminating proxy): cookies get `Secure` and responses HSTS.
    public var tls: Bool
    /// Bcrypt work factor for new passwords. Tests lower it to keep the suite fast.
    public var bcryptCost: Int
    /// Searches each practitioner may make a minute (60 in production; benchmarks raise it).
    public var searchesPerMinute: Int = 60
    /// On the hub: each node's queries a minute (50 a second, ContactPoint's design peak for the country).
    public var hubQueriesPerNodePerMinute: Int = 3_000
    /// On the hub: the most entries one node may hold (a large authority knows tens of thousands of children).
    public var hubEntriesPerNode: Int = 500_000
    /// A connection that sends and receives nothing for this long is closed (`SIGNPOST_IDLE_TIMEOUT_SECONDS`),
    /// so half-open or abandoned connections cannot pile up.
    public var idleTimeoutSeconds: Int = 30
    /// The bearer token the metrics scraper (an operator's credential) sends to `/metrics`. Unset: the
    /// endpoint answers 404, so no per-route counts are public.
    public var metricsToken: String?
    /// The address people reach the service at, for links in messages (`SIGNPOST_PUBLIC_URL`).
    public var publicURL: String?

    public var publicBaseURL: String { publicURL ?? "http://\(hostname):\(port)" }
    /// When the anomaly rules alert auditors (per practitioner per day).
    public var alertThresholds = AnomalyThresholds()
    /// The match model search and duplicate checks score with (`SIGNPOST_MATCH_MODEL_FILE`, written by
    /// `signpost matcher fit`); the shipped model when unset.
    public var matchModel: MatchModel = .shipped
    /// Set when this node takes part in national signposting (Settings+Federation).
    public var federation: FederationSettings?
    /// The key custodian's public key (`SIGNPOST_DIRECTORY_CUSTODIAN_KEY_FILE`): a node that pins it trusts only
    /// the directory entries the custodian endorsed, and a hub that pins it enrols only such nodes.
    public var directoryCustodian: CustodianPublicKey?

    public init(
        database: DatabaseTarget, keyFile: String? = nil, hostname: String = "127.0.0.1", port: Int = 8080,
        logLevel: Logger.Level = .info, tls: Bool = false, bcryptCost: Int = 12
    ) {
        self.database = database
        self.keyFile = keyFile
        self.hostname = hostname
        self.port = port
        self.logLevel = logLevel
        self.tls = tls
        self.bcryptCost = bcryptCost
    }

    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> Settings {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let database = try parseDatabaseURL(value("DATABASE_URL"))
        var settings = Settings(database: database)
        settings.keyFile = value("SIGNPOST_KEY_FILE")
        settings.auditSigningKeyFile = value("SIGNPOST_AUDIT_SIGNING_KEY_FILE")
        settings.auditWitnessDirectory = value("SIGNPOST_AUDIT_WITNESS_DIR")
        if let url = value("SIGNPOST_PUBLIC_URL") { settings.publicURL = try parsePublicURL(url) }
        if let token = value("SIGNPOST_METRICS_TOKEN") { settings.metricsToken = try parseMetricsToken(token) }
        if let host = value("HOSTNAME") { settings.hostname = host }
        if let portText = value("PORT") { settings.port = try parsePort(portText) }
        if let levelText = value("LOG_LEVEL") { settings.logLevel = try parseLogLevel(levelText) }
        if let tlsText = value("SIGNPOST_TLS") { settings.tls = try parseTLS(tlsText) }
        if let costText = value("SIGNPOST_BCRYPT_COST") { settings.bcryptCost = try parseBcryptCost(costText) }
        if let idleText = value("SIGNPOST_IDLE_TIMEOUT_SECONDS") {
            settings.idleTimeoutSeconds = try parseIdleTimeout(idleText)
        }
        settings.alertThresholds = try parseAlertThresholds(settings.alertThresholds, value: value)
        if let path = value("SIGNPOST_MATCH_MODEL_FILE") { settings.matchModel = try loadMatchModel(path) }
        settings.federation = try FederationSettings.parse(value)
        settings.directoryCustodian = try FederationSettings.parseCustodian(
            value("SIGNPOST_DIRECTORY_CUSTODIAN_KEY_FILE"))
        return settings
    }

    /// The address without trailing slashes, as links append their paths to it.
    private static func parsePublicURL(_ url: String) throws(ConfigurationError) -> String {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw ConfigurationError(setting: "SIGNPOST_PUBLIC_URL", problem: "must start with https:// or http://")
        }
        return String(url.reversed().drop(while: { $0 == "/" }).reversed())
    }

    private static func parseMetricsToken(_ token: String) throws(ConfigurationError) -> String {
        guard token.count >= 32 else {
            throw ConfigurationError(setting: "SIGNPOST_METRICS_TOKEN", problem: "must be at least 32 characters")
        }
        return token
    }

    private static func parsePort(_ portText: String) throws(ConfigurationError) -> Int {
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw ConfigurationError(
                setting: "PORT", problem: "must be a whole number from 1 to 65535, got '\(portText)'")
        }
        return port
    }

    private static func parseLogLevel(_ levelText: String) throws(ConfigurationError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            let allowed = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(setting: "LOG_LEVEL", problem: "must be one of \(allowed), got '\(levelText)'")
        }
        return level
    }

    private static func parseTLS(_ tlsText: String) throws(ConfigurationError) -> Bool {
        switch tlsText.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default:
            throw ConfigurationError(setting: "SIGNPOST_TLS", problem: "must be true or false, got '\(tlsText)'")
        }
    }

    private static func parseBcryptCost(_ costText: String) throws(ConfigurationError) -> Int {
        guard let cost = Int(costText), (4...31).contains(cost) else {
            throw ConfigurationError(
                setting: "SIGNPOST_BCRYPT_COST", problem: "must be a whole number from 4 to 31, got '\(costText)'")
        }
        return cost
    }

    private static func parseIdleTimeout(_ text: String) throws(ConfigurationError) -> Int {
        guard let seconds = Int(text), (1...3600).contains(seconds) else {
            throw ConfigurationError(
                setting: "SIGNPOST_IDLE_TIMEOUT_SECONDS",
                problem: "must be a whole number from 1 to 3600, got '\(text)'")
        }
        return seconds
    }

    private static func loadMatchModel(_ path: String) throws(ConfigurationError) -> MatchModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: "SIGNPOST_MATCH_MODEL_FILE", problem: "cannot read \(path)")
        }
        do { return try MatchModel.decode(data) } catch {
            throw ConfigurationError(setting: "SIGNPOST_MATCH_MODEL_FILE", problem: "\(path) is \(error)")
        }
    }

    /// Each threshold set in the environment replaces its default; the others are left as they are.
    private static func parseAlertThresholds(
        _ defaults: AnomalyThresholds, value: (String) -> String?
    ) throws(ConfigurationError) -> AnomalyThresholds {
        var thresholds = defaults
        for (name, keyPath) in [
            ("SIGNPOST_ALERT_OUTSIDE_TEAM_PER_DAY", \AnomalyThresholds.outsideTeamPerDay),
            ("SIGNPOST_ALERT_OUT_OF_AREA_PER_DAY", \AnomalyThresholds.outOfAreaPerDay),
            ("SIGNPOST_ALERT_SHIELDED_LOOKUPS_PER_DAY", \AnomalyThresholds.shieldedLookupsPerDay),
        ] as [(String, WritableKeyPath<AnomalyThresholds, Int>)] {
            guard let text = value(name) else { continue }
            guard let count = Int(text), (1...100_000).contains(count) else {
                throw ConfigurationError(
                    setting: name, problem: "must be a whole number from 1 to 100000, got '\(text)'")
            }
            thresholds[keyPath: keyPath] = count
        }
        return thresholds
    }

    /// `nil` means the SQLite file `./signpost.sqlite`.
    public static func parseDatabaseURL(_ text: String?) throws(ConfigurationError) -> DatabaseTarget {
        guard let text else { return .sqliteFile(path: "signpost.sqlite") }
        if text == "sqlite::memory:" || text == "sqlite://:memory:" { return .sqliteMemory }
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw ConfigurationError(
                    setting: "DATABASE_URL",
                    problem: "a sqlite URL needs a path, as in sqlite:///var/lib/signpost/signpost.sqlite")
            }
            return .sqliteFile(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty,
                components.user != nil, components.path.count > 1
            else {
                throw ConfigurationError(
                    setting: "DATABASE_URL", problem: "expected postgres://user:password@host:port/database")
            }
            return .postgres(url: text)
        }
        throw ConfigurationError(
            setting: "DATABASE_URL",
            problem:
                "unsupported scheme; use sqlite:///path/to/file.sqlite or postgres://user:password@host:port/database")
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var setting: String
    public var problem: String

    public init(setting: String, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "Configuration error in \(setting): \(problem)" }
}
