import Testing
@testable import HuitongCLI

@Test func moduleLoads() { #expect(Bool(true)) }
