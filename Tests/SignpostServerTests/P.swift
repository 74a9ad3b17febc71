import Testing
import VaporTesting
@testable import SignpostServer
@Test func placeholder() { #expect(1 == 1) }
