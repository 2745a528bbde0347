import HuitongCore
import Testing

@testable import HuitongPlatforms

@Suite struct ValuePathTests {
    @Test func findsNestedMembers() throws {
        let answer = try JSONReader().value(from: #"{"data":{"rejected":[{"index":3}],"duplicate":false}}"#)
        #expect(ValuePath("data.duplicate")?.value(in: answer) == .bool(false))
        #expect(ValuePath("data.rejected")?.value(in: answer)?.arrayValue?.count == 1)
        #expect(ValuePath("data.missing")?.value(in: answer) == nil)
        #expect(ValuePath("data.duplicate.deeper")?.value(in: answer) == nil)
    }

    @Test func refusesEmptyComponents() {
        #expect(ValuePath("") == nil)
        #expect(ValuePath("data..code") == nil)
        #expect(ValuePath(".code") == nil)
    }
}
