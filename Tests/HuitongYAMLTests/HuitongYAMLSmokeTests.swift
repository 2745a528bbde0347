import Testing
@testable import HuitongYAML

@Test func moduleLoads() { #expect(Bool(true)) }
