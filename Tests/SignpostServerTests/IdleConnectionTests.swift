import Foundation
import NIOCore
import NIOPosix
import Testing
import VaporTesting

@testable import SignpostServer

/// Connections that go quiet are closed by the server, so a thousand half-open ones cannot be held open.
@Suite("Idle connections")
struct IdleConnectionTests {
    @Test func aSilentConnectionAndAHalfSentRequestAreClosedAfterTheIdleTimeout() async throws {
        try await withSignpostApp(adjust: { $0.idleTimeoutSeconds = 1 }) { world in
            // Port 0: the system picks a free one (a fixed or random port can collide with another test's).
            try await world.app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(world.app.http.server.shared.localAddress?.port)
                let silent = try await connect(port)
                let halfSent = try await connect(port)
                try await halfSent.writeAndFlush(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\n"))
                let started = ContinuousClock.now
                #expect(try await closedWithin(.seconds(5), silent), "a silent connection stayed open")
                #expect(try await closedWithin(.seconds(5), halfSent), "a half-sent request stayed open")
                #expect(ContinuousClock.now - started >= .milliseconds(800), "closed before the timeout")
            } catch {
                await world.app.server.shutdown()
                throw error
            }
            await world.app.server.shutdown()
        }
    }

    private func connect(_ port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port)
            .get()
    }

    /// Whether the server closed the channel within `limit`; one still open then is closed by the test.
    private func closedWithin(_ limit: Duration, _ channel: any Channel) async throws -> Bool {
        let started = ContinuousClock.now
        let deadline = Task {
            try? await Task.sleep(for: limit)
            try? await channel.close()
        }
        try? await channel.closeFuture.get()
        deadline.cancel()
        return ContinuousClock.now - started < limit
    }
}
