import Fluent
import Foundation
import SQLKit
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// Handles differ by epoch, so a child who must leave the hub is retired under every epoch whose entries may
/// still be there, and a node that enrolled under record ids retires those for one entry lifetime.
@Suite("National signposting: retiring under every recent epoch")
struct FederationEpochsTests {
    @Test func aChildLeavingTheHubIsRetiredUnderEachRecentEpoch() async throws {
        try await withSignpostApp { node in
            let worker = try await APIClient.signIn(node, try await node.account())
            let amelia = try await worker.createChild(SignpostServerTests.amelia)
            // Indexed on consent with none recorded: not eligible, so retired.
            let oliver = try await worker.createChild(FederationSyncTests.oliverOnConsent)
            let service = FederationService(context: node.context)
            let handles = { (epoch: String) in
                HubHandles(nodeKey: node.context.masterKey.key, node: "E06000001", epoch: epoch)
            }
            let first = try LinkageSecret(epoch: "2026-1", material: Data(repeating: 1, count: 32))
            let second = try LinkageSecret(epoch: "2026-2", material: Data(repeating: 2, count: 32))
            var listing = try await service.listing(authority: "E06000001", secret: first)
            #expect(listing.retire == [handles("2026-1").handle(for: oliver)])
            #expect(listing.enrol.map(\.handle) == [handles("2026-1").handle(for: amelia)])

            listing = try await service.listing(authority: "E06000001", secret: second)
            #expect(
                Set(listing.retire) == [handles("2026-2").handle(for: oliver), handles("2026-1").handle(for: oliver)])
            #expect(listing.enrol.map(\.handle) == [handles("2026-2").handle(for: amelia)])

            // An epoch last listed more than an entry's lifetime ago has no entries left to retire.
            node.clock.advance(seconds: Double(FederationService.listingLifetimeDays + 2) * 86_400)
            // A service context holds the time it was made at.
            listing = try await FederationService(context: node.context).listing(authority: "E06000001", secret: second)
            #expect(listing.retire == [handles("2026-2").handle(for: oliver)])
        }
    }

    @Test func recordIDEntriesAreRetiredForOneLifetimeAfterTheUpgrade() async throws {
        try await withSignpostApp { node in
            let worker = try await APIClient.signIn(node, try await node.account())
            let amelia = try await worker.createChild(SignpostServerTests.amelia)
            // What migration 018 records on a node that had synced before handles were keyed.
            try await FederationEpochs.record(FederationEpochs.recordID, at: node.clock.now, on: node.sql)
            let secret = try LinkageSecret(epoch: "2026-1", material: Data(repeating: 1, count: 32))
            let service = FederationService(context: node.context)
            var listing = try await service.listing(authority: "E06000001", secret: secret)
            #expect(listing.retire == [amelia.uuidString.lowercased()])
            #expect(listing.enrol.count == 1)
            node.clock.advance(seconds: Double(FederationService.listingLifetimeDays + 2) * 86_400)
            listing = try await FederationService(context: node.context).listing(authority: "E06000001", secret: secret)
            #expect(listing.retire.isEmpty)
        }
    }
}
