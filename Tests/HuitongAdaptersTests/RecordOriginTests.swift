import Testing
@testable import HuitongAdapters

@Suite("Record origins")
struct RecordOriginTests {
    @Test("an origin reads as file:line, file#index or the file alone")
    func description() {
        #expect(RecordOrigin(file: "shelters.csv", line: 17).description == "shelters.csv:17")
        #expect(RecordOrigin(file: "facilities?page=2", index: 3).description == "facilities?page=2#3")
        #expect(RecordOrigin(file: "cap-001.xml").description == "cap-001.xml")
    }
}
