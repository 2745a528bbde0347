import Testing

@testable import HuitongLedger

@Suite struct LedgerFormatTests {
    @Test func theFormatIsVersioned() {
        #expect(LedgerFormat.identifier == "huitong-ledger/2")
        #expect(LedgerFormat.readableIdentifiers == ["huitong-ledger/1", "huitong-ledger/2"])
    }
}
