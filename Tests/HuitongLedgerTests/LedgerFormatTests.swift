import Testing

@testable import HuitongLedger

@Suite struct LedgerFormatTests {
    @Test func theFormatIsVersioned() {
        #expect(LedgerFormat.identifier == "huitong-ledger/1")
    }
}
