import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SignpostCore
import Vapor

/// While the server runs: places committed events in the log five times a second, and while the log
/// grows signs a checkpoint once a second, adding it to `SIGNPOST_AUDIT_WITNESS_DIR` when that is set; and
/// once a minute forgets expired rate-limit windows and nonces (and, on the hub, removed nodes' entries).
/// Every server on a database may run it: the sequencer's head lock makes them take turns.
final class AuditBackgroundWork: LifecycleHandler {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    static let sequencingInterval: Duration = .milliseconds(200)
    static let signingInterval: Duration = .seconds(1)

    func didBootAsync(_ application: Application) async throws {
        let work = Task { await Self.run(application) }
        task.withLockedValue { $0 = work }
    }

    func shutdownAsync(_ application: Application) async {
        let work = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        work?.cancel()
        await work?.value
        // What the last requests logged gets its place before the server stops.
        _ = try? await AuditSequencer.sequencePending(on: application.db)
    }

    /// Housekeeping that rides on the same loop, once a minute: rate-limit windows older than two minutes
    /// count for nothing, nor do the nonces of signed requests too old to verify, so they are deleted; and a
    /// hub forgets the entries of nodes the operator removed from its database. A failure is harmless and
    /// retried next minute.
    private static func housekeeping(_ application: Application) async {
        try? await RateWindows(context: application.serviceContext()).purge()
        if let sql = application.db as? any SQLDatabase {
            try? await SignedNodeRequests.purgeNonces(on: sql, now: application.serviceContext().now)
        }
        if let directory = application.loadedHubDirectory {
            try? await HubNodeService(context: application.serviceContext()).forgetRemovedNodes(in: directory)
        }
    }

    private static func run(_ application: Application) async {
        let clock = ContinuousClock()
        var lastSigned = clock.now - signingInterval
        var signedSize = -1
        var lastPurged = clock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: sequencingInterval)
            if clock.now - lastPurged >= .seconds(60) {
                lastPurged = clock.now
                await housekeeping(application)
            }
            do {
                try await AuditSequencer.sequencePending(on: application.db)
                guard clock.now - lastSigned >= signingInterval, let sql = application.db as? any SQLDatabase,
                    application.signpost.auditSigner != nil
                else { continue }
                lastSigned = clock.now
                let size = Int(try await AuditSequencer.headSize(on: sql))
                guard size != signedSize else { continue }
                _ = try await AuditCheckpointService(context: application.serviceContext()).latest()
                signedSize = size
            } catch {
                application.logger.warning(
                    "audit sequencing or signing failed; retrying", metadata: ["errorType": "\(type(of: error))"])
            }
        }
    }
}

extension SignpostApp {
    /// Starts the audit log's sequencing and signing for a serving process (not for one-off commands).
    public static func runAuditBackgroundWork(in app: Application) {
        app.lifecycle.use(AuditBackgroundWork())
    }
}
