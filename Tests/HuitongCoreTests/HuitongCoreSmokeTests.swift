import Testing
@testable import HuitongCore

@Test func moduleLoads() { #expect(Bool(true)) }
