import Testing
@testable import SignpostCore
@Test func placeholder() { #expect(1 == 1) }
