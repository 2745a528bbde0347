import Testing
@testable import HuitongTransport

@Test func moduleLoads() { #expect(Bool(true)) }
